/** The open model's pacer on a virtual clock: exact intended times, lateness, phase, limit and end. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Pacer } from '../../../src/loadtest/pacer';
import type { PacerOptions } from '../../../src/loadtest/pacer';
import { VirtualClock } from './virtual-clock';

interface Sent {
  intendedAt: number;
  lateMs: number;
  /** The clock when the send left. */
  at: number;
}

function pace(opts: Omit<PacerOptions, 'send' | 'clock'>, onSend?: (s: Sent, clock: VirtualClock) => void) {
  const clock = new VirtualClock();
  const sent: Sent[] = [];
  let limits = 0;
  const pacer = new Pacer({
    ...opts,
    clock,
    send(intendedAt, lateMs) {
      const s = { intendedAt, lateMs, at: clock.now() };
      sent.push(s);
      onSend?.(s, clock);
    },
    onLimit: () => limits++,
  });
  return { clock, sent, pacer, limits: () => limits };
}

describe('loadtest: Pacer', () => {
  it('sends on the schedule startAt + k / rate, each on time', () => {
    const { clock, sent, pacer } = pace({ rate: 100, startAt: 0 });
    pacer.start();
    clock.runUntil(45);
    assert.deepEqual(sent.map((s) => s.intendedAt), [0, 10, 20, 30, 40]);
    assert.deepEqual(sent.map((s) => s.lateMs), [0, 0, 0, 0, 0]);
    assert.deepEqual(sent.map((s) => s.at), [0, 10, 20, 30, 40]);
    assert.equal(pacer.sent, 5);
  });

  it('sleeps while the next send is far and spins only for the last ~2 ms', () => {
    const { clock, pacer } = pace({ rate: 100, startAt: 0 });
    pacer.start();
    clock.runUntil(40);
    // After each of the 5 sends, one sleep to 1.5 ms before the next; 0.25 ms spin turns to the 4 reached.
    assert.equal(clock.sleeps, 5);
    assert.equal(clock.spins, 4 * (1.5 / 0.25));
  });

  it('waits for a startAt in the future', () => {
    const { clock, sent, pacer } = pace({ rate: 50, startAt: 100 });
    pacer.start();
    clock.runUntil(99.75);
    assert.equal(sent.length, 0);
    clock.runUntil(125);
    assert.deepEqual(sent.map((s) => [s.intendedAt, s.at]), [[100, 100], [120, 120]]);
  });

  it('shifts the schedule by phase x interval (workers interleave)', () => {
    const a = pace({ rate: 100, startAt: 0, phase: 0 });
    const b = pace({ rate: 100, startAt: 0, phase: 0.5 });
    a.pacer.start();
    b.pacer.start();
    a.clock.runUntil(30);
    b.clock.runUntil(30);
    assert.deepEqual(a.sent.map((s) => s.intendedAt), [0, 10, 20, 30]);
    assert.deepEqual(b.sent.map((s) => s.intendedAt), [5, 15, 25]);
    assert.ok(b.sent.every((s) => s.lateMs === 0));
  });

  it('stops after limit sends, calls onLimit once and leaves no wake-up behind', () => {
    const { clock, sent, pacer, limits } = pace({ rate: 1000, startAt: 0, limit: 3 });
    pacer.start();
    clock.runUntil(1000);
    assert.deepEqual(sent.map((s) => s.intendedAt), [0, 1, 2]);
    assert.equal(limits(), 1);
    assert.equal(clock.pending, 0);
  });

  it('ends the schedule at endAt: no send is due at or after it, onLimit when it is reached', () => {
    const { clock, sent, pacer, limits } = pace({ rate: 100, startAt: 0, endAt: 30 });
    pacer.start();
    clock.runUntil(1000);
    assert.deepEqual(sent.map((s) => s.intendedAt), [0, 10, 20]);
    assert.equal(limits(), 1);
    assert.equal(clock.pending, 0);
  });

  it('at a low rate, ends right after the last send before endAt, not when the next would be due', () => {
    const clock = new VirtualClock();
    const sent: number[] = [];
    let endedAt: number | undefined;
    new Pacer({ rate: 2, startAt: 0, endAt: 1200, clock, send: (at) => sent.push(at), onLimit: () => (endedAt = clock.now()) }).start();
    clock.runUntil(10_000);
    assert.deepEqual(sent, [0, 500, 1000]);
    assert.equal(endedAt, 1000);
    assert.equal(clock.pending, 0);
  });

  it('calls onLimit at once when endAt is not after the first send', () => {
    const { clock, sent, pacer, limits } = pace({ rate: 100, startAt: 50, endAt: 50 });
    pacer.start();
    clock.runUntil(1000);
    assert.equal(sent.length, 0);
    assert.equal(limits(), 1);
  });

  it('catches up after a busy event loop: each late send keeps its intended time and says how late it left', () => {
    const { clock, sent, pacer } = pace({ rate: 100, startAt: 0 }, (s, c) => {
      if (s.intendedAt === 0) c.block(35);
    });
    pacer.start();
    clock.runUntil(40);
    assert.deepEqual(sent.map((s) => s.intendedAt), [0, 10, 20, 30, 40]);
    // The first turn ran past its 5 ms budget, so the pacer yielded one turn (0.25 ms) to I/O first.
    assert.deepEqual(sent.map((s) => s.lateMs), [0, 25.25, 15.25, 5.25, 0]);
  });

  it('a turn catching up yields after its 5 ms budget, so signals and answers are handled meanwhile', () => {
    const turns: number[] = [];
    const { clock, sent, pacer } = pace({ rate: 1000, startAt: 0, limit: 40 }, (_s, c) => {
      turns.push(c.sleeps + c.spins);
      c.block(2);
    });
    pacer.start();
    clock.runUntil(1000);
    assert.equal(sent.length, 40);
    // Each send costs 2 ms: at most 3 fit in a turn (the loop checks the budget after a send).
    const perTurn = new Map<number, number>();
    for (const t of turns) perTurn.set(t, (perTurn.get(t) ?? 0) + 1);
    assert.ok(Math.max(...perTurn.values()) <= 3, `sends per turn: ${[...perTurn.values()]}`);
    assert.ok(sent.every((s, k) => s.intendedAt === k && s.lateMs >= 0));
  });

  it('a late timer does not stretch the run: sends due before endAt go out late, none after', () => {
    const { clock, sent, pacer, limits } = pace({ rate: 100, startAt: 0, endAt: 30 }, (s, c) => {
      if (s.intendedAt === 0) c.block(100);
    });
    pacer.start();
    clock.runUntil(1000);
    assert.deepEqual(sent.map((s) => [s.intendedAt, s.lateMs]), [[0, 0], [10, 90.25], [20, 80.25]]);
    assert.equal(limits(), 1);
  });

  it('sends nothing after stop, and cancels its wake-up', () => {
    const { clock, sent, pacer, limits } = pace({ rate: 100, startAt: 0 }, (s) => {
      if (s.intendedAt === 20) pacer.stop();
    });
    pacer.start();
    clock.runUntil(1000);
    assert.deepEqual(sent.map((s) => s.intendedAt), [0, 10, 20]);
    assert.equal(limits(), 0);
    assert.equal(clock.pending, 0);
  });

  it('property: whatever the stalls, sends are exactly the schedule before endAt and limit, never early', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
        fc.integer({ min: 1, max: 500 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }),
        (rate, phase, limit, endAt, stalls) => {
          let n = 0;
          const { clock, sent, pacer, limits } = pace({ rate, startAt: 0, phase, limit, endAt }, (_s, c) => c.block(stalls[n++ % Math.max(1, stalls.length)] ?? 0));
          pacer.start();
          // Far past the end: stalls push the late sends on (at most 1,000 sends x 50 ms).
          clock.runUntil(endAt + 100_000);
          const interval = 1000 / rate;
          const origin = phase * interval;
          let expected = 0;
          while (origin + expected * interval < endAt && expected < (limit ?? Infinity)) expected++;
          assert.equal(sent.length, expected);
          sent.forEach((s, k) => {
            assert.equal(s.intendedAt, origin + k * interval);
            assert.ok(s.lateMs >= 0, `send ${k} left ${-s.lateMs} ms early`);
            assert.equal(s.lateMs, s.at - s.intendedAt);
          });
          assert.equal(limits(), 1);
          assert.equal(clock.pending, 0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
