import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IndexedMinHeap } from '../../../src/engine/structures/indexed-heap';
import { leastConnectionsStrategy } from '../../../src/engine/strategies/least-connections';
import type { Pick } from '../../../src/engine/types';
import { create, endpoints, sequence, shuffled } from './engine-helpers';

describe('least-connections', () => {
  it('a sequential caller rotates (all in-flight counts stay 0)', () => {
    const b = create(leastConnectionsStrategy, endpoints(1, 1, 1));
    assert.deepEqual(sequence(b, 6), ['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('a sequential caller spreads in proportion to weight when weights differ (2,1: a b a a b a)', () => {
    const b = create(leastConnectionsStrategy, endpoints(2, 1));
    assert.deepEqual(sequence(b, 6), ['a', 'b', 'a', 'a', 'b', 'a']);
  });

  it('picks the fewest in flight: held picks steer the next ones', () => {
    const b = create(leastConnectionsStrategy, endpoints(1, 1, 1));
    const held = [b.pick()!, b.pick()!, b.pick()!]; // a, b, c: one each
    held[1].done({ latencyMs: 1, ok: true }); // b now has 0
    assert.equal(b.pick()!.endpoint.id, 'b');
    held[0].done({ latencyMs: 1, ok: true });
    held[0].done({ latencyMs: 1, ok: true }); // ignored: a must not go to -1
    // a is at 0 (not -1), b and c at 1: a once, then all level at 1, so the next goes elsewhere.
    assert.equal(b.pick()!.endpoint.id, 'a');
    assert.notEqual(b.pick()!.endpoint.id, 'a');
  });

  it('the same sequence, as ids, whatever the order of the pool (ties aside)', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const b = create(leastConnectionsStrategy, shuffled(endpoints(3, 1, 2), seed));
      const held: Pick[] = [];
      for (let i = 0; i < 6; i++) held.push(b.pick()!);
      const c: Record<string, number> = {};
      for (const p of held) c[p.endpoint.id] = (c[p.endpoint.id] ?? 0) + 1;
      assert.deepEqual(c, { a: 3, b: 1, c: 2 }, `seed ${seed}`);
    }
  });

  it('keeps in-flight counts by id across setEndpoints; a stale done does not touch a returning id', () => {
    const b = create(leastConnectionsStrategy, endpoints(1, 1));
    const pa = b.pick()!; // a: 1
    assert.equal(pa.endpoint.id, 'a');
    b.setEndpoints(endpoints(1, 1).reverse()); // b, a: a keeps its 1 in flight
    const pb = b.pick()!;
    assert.equal(pb.endpoint.id, 'b');
    b.setEndpoints(endpoints(1, 1).filter((e) => e.id === 'b')); // a leaves, with 1 in flight
    b.setEndpoints(endpoints(1, 1)); // a comes back, fresh: 0 in flight
    pa.done({ latencyMs: 1, ok: true }); // stale: must not take the new a to -1
    pb.done({ latencyMs: 1, ok: true }); // b back to 0
    // Had the stale done counted, a would sit at -1 and a sequential caller would only ever get a.
    const ids = sequence(b, 8);
    assert.ok(ids.filter((id) => id === 'b').length >= 3, ids.join(' '));
  });

  it('a done after setEndpoints renumbered the pool settles the same endpoint', () => {
    const b = create(leastConnectionsStrategy, endpoints(1, 1, 1));
    const pa = b.pick()!;
    const pb = b.pick()!;
    assert.deepEqual([pa.endpoint.id, pb.endpoint.id], ['a', 'b']);
    b.setEndpoints(endpoints(1, 1, 1).reverse()); // c, b, a: a and b keep 1 in flight each
    pa.done({ latencyMs: 1, ok: true }); // a back to 0, wherever its slot is now
    pa.done({ latencyMs: 1, ok: true }); // ignored
    const next = [b.pick()!, b.pick()!].map((p) => p.endpoint.id).sort();
    assert.deepEqual(next, ['a', 'c']); // b still has 1 in flight
  });

  it('a weight change applies at once and keeps the in-flight count', () => {
    const b = create(leastConnectionsStrategy, endpoints(1, 1));
    const held = [b.pick()!]; // a: 1
    b.setEndpoints(endpoints(4, 1)); // a: 1/4
    for (let i = 0; i < 4; i++) held.push(b.pick()!);
    // b (0) first, then a three times (2/4, 3/4, 4/4 = b's 1/1, a ahead in the rotation).
    assert.deepEqual(held.slice(1).map((p) => p.endpoint.id), ['b', 'a', 'a', 'a']);
  });

  it('never picks an endpoint with more in-flight/weight than another (fast-check over pick/done programs)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.oneof(fc.constant(-1), fc.nat(20)), { maxLength: 80 }),
        (weights, program) => {
          const eps = endpoints(...weights);
          const b = create(leastConnectionsStrategy, eps);
          const inFlight = new Map(eps.map((e) => [e.id, 0]));
          const held: Pick[] = [];
          for (const step of program) {
            if (step === -1 || held.length === 0) {
              const min = Math.min(...eps.map((e) => inFlight.get(e.id)! / e.weight));
              const p = b.pick()!;
              assert.equal(inFlight.get(p.endpoint.id)! / p.endpoint.weight, min);
              inFlight.set(p.endpoint.id, inFlight.get(p.endpoint.id)! + 1);
              held.push(p);
            } else {
              const [p] = held.splice(step % held.length, 1);
              p.done({ latencyMs: 1, ok: true });
              inFlight.set(p.endpoint.id, inFlight.get(p.endpoint.id)! - 1);
            }
          }
        },
      ),
      { numRuns: 200, seed: 111 },
    );
  });

  it('returns undefined on an empty pool and rejects options', () => {
    assert.equal(create(leastConnectionsStrategy, []).pick(), undefined);
    assert.throws(() => create(leastConnectionsStrategy, endpoints(1), { choices: 2 }), /least-connections: unknown option "choices"/);
  });
});

describe('IndexedMinHeap', () => {
  it('orders by primary, then secondary, then id, and follows key changes and deletes', () => {
    const h = new IndexedMinHeap(2);
    h.set(0, 5, 0);
    h.set(1, 3, 9);
    h.set(2, 3, 1);
    h.set(3, 3, 1);
    assert.equal(h.peek(), 2);
    h.set(2, 7, 0);
    assert.equal(h.peek(), 3);
    h.delete(3);
    assert.equal(h.peek(), 1);
    h.delete(1);
    h.delete(1);
    assert.equal(h.peek(), 0);
    assert.equal(h.size, 2);
  });

  it('agrees with a sorted list under random operations (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(30), fc.integer({ min: -1, max: 5 }), fc.nat(3)), { maxLength: 200 }), (ops) => {
        const h = new IndexedMinHeap(1);
        const model = new Map<number, [number, number]>();
        for (const [id, p, s] of ops) {
          if (p < 0) {
            h.delete(id);
            model.delete(id);
          } else {
            h.set(id, p, s);
            model.set(id, [p, s]);
          }
          const best = [...model.entries()].sort((x, y) => x[1][0] - y[1][0] || x[1][1] - y[1][1] || x[0] - y[0])[0];
          assert.equal(h.peek(), best ? best[0] : -1);
        }
      }),
      { seed: 112 },
    );
  });
});
