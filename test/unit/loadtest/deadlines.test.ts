/**
 * The transports' deadline list, on real timers. Nothing here bounds how late a timer fires (a
 * loaded machine decides that); what the list controls is asserted: each deadline is its add
 * time + timeoutMs, a node never expires before it, nodes expire in add order, and a removed or
 * cleared node never expires. Waits are on expiries, never on sleeps.
 */
import { strict as assert } from 'node:assert';
import { DeadlineList } from '../../../src/loadtest/transports/deadlines';
import type { DeadlineNode } from '../../../src/loadtest/transports/deadlines';

const TIMEOUT_MS = 15;

class Node implements DeadlineNode {
  deadline = 0;
  prev: DeadlineNode | undefined = undefined;
  next: DeadlineNode | undefined = undefined;
  /** performance.now() when expire() was called, once per call. */
  readonly expiredAt: number[] = [];
  constructor(
    readonly name: string,
    private readonly log: string[],
    private readonly onExpire?: () => void,
  ) {}
  expire(): void {
    this.expiredAt.push(performance.now());
    this.log.push(this.name);
    this.onExpire?.();
  }
}

/** Nodes named `names` and a promise for the moment `last` of them has expired. */
function nodes(names: string[]) {
  const log: string[] = [];
  let expired!: () => void;
  const lastExpired = new Promise<void>((resolve) => (expired = resolve));
  const last = names[names.length - 1];
  const all = names.map((n) => new Node(n, log, n === last ? () => expired() : undefined));
  return { log, all, lastExpired };
}

describe('loadtest: DeadlineList', () => {
  it('sets each deadline to its add time + timeoutMs', () => {
    const list = new DeadlineList(TIMEOUT_MS);
    const { all: [a] } = nodes(['a']);
    const before = performance.now();
    list.add(a);
    const after = performance.now();
    list.clear();
    assert.ok(a.deadline >= before + TIMEOUT_MS && a.deadline <= after + TIMEOUT_MS, `deadline ${a.deadline - before} ms after add`);
  });

  it('expires every node once, in add order, and never before its deadline', async () => {
    const list = new DeadlineList(TIMEOUT_MS);
    const { log, all, lastExpired } = nodes(['a', 'b', 'c', 'd']);
    for (const n of all) list.add(n);
    await lastExpired;
    assert.deepEqual(log, ['a', 'b', 'c', 'd']);
    for (const n of all) {
      assert.equal(n.expiredAt.length, 1, n.name);
      assert.ok(n.expiredAt[0] >= n.deadline, `${n.name} expired ${n.deadline - n.expiredAt[0]} ms early`);
    }
  });

  it('never expires a removed node, whether it was the head, in the middle or the tail', async () => {
    const list = new DeadlineList(TIMEOUT_MS);
    const { log, all, lastExpired } = nodes(['head', 'mid', 'keep', 'tail', 'last']);
    const [head, mid, , tail, last] = all;
    for (const n of all.slice(0, 4)) list.add(n);
    list.remove(mid);
    list.remove(tail);
    list.remove(head);
    // Removing twice, or removing a node that was never added, is a no-op.
    list.remove(mid);
    list.remove(new Node('stranger', []));
    list.add(last);
    await lastExpired;
    assert.deepEqual(log, ['keep', 'last']);
  });

  it('removing a node that already expired is a no-op (a reply racing its deadline)', async () => {
    const list = new DeadlineList(TIMEOUT_MS);
    const first = nodes(['a', 'b']);
    for (const n of first.all) list.add(n);
    await first.lastExpired;
    for (const n of first.all) list.remove(n);
    // The list is empty again and re-arms its timer for the next add.
    const second = nodes(['c', 'd']);
    for (const n of second.all) list.add(n);
    await second.lastExpired;
    assert.deepEqual([...first.log, ...second.log], ['a', 'b', 'c', 'd']);
  });

  it('after clear, nothing added before expires, and the list works on', async () => {
    const list = new DeadlineList(TIMEOUT_MS);
    const gone = nodes(['x', 'y']);
    for (const n of gone.all) list.add(n);
    list.clear();
    // z, added later with the same timeout, expires after x and y would have.
    const { log, all: [z], lastExpired } = nodes(['z']);
    list.add(z);
    await lastExpired;
    assert.ok(z.deadline >= gone.all[1].deadline);
    assert.deepEqual(gone.log, []);
    assert.deepEqual(log, ['z']);
  });
});
