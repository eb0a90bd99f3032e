/**
 * The search as a pure function over a fake measure with a known threshold: exact step sequences,
 * the bounds, the precision reached, failures and cancellation.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { searchCapacity, type SearchOptions } from '../../../src/capacity';

const OPTS: SearchOptions = { startRate: 100, precision: 0.02, minRate: 1, maxRate: 1_000_000, maxSteps: 40 };

/** A measure that holds strictly below `threshold`, recording the rates asked for. */
function threshold(t: number): { asked: number[]; measure: (rate: number) => Promise<{ rate: number; holds: boolean }> } {
  const asked: number[] = [];
  return { asked, measure: async (rate) => (asked.push(rate), { rate, holds: rate < t }) };
}

describe('capacity search: bracketing then bisection', () => {
  it('doubles while a step holds, then bisects: the exact sequence for a threshold of 530', async () => {
    const m = threshold(530);
    const out = await searchCapacity(m.measure, OPTS);
    assert.deepEqual(m.asked, [100, 200, 400, 800, 600, 500, 550, 525, 537.5, 531.25]);
    assert.equal(out.capacity, 525);
    assert.equal(out.status, 'ok');
    assert.deepEqual(out.curve.map((p) => p.rate), [...m.asked].sort((a, b) => a - b));
  });

  it('halves while a step breaks: the exact sequence for a threshold of 30', async () => {
    const m = threshold(30);
    const out = await searchCapacity(m.measure, OPTS);
    assert.deepEqual(m.asked, [100, 50, 25, 37.5, 31.25, 28.125, 29.688, 30.469, 30.078]);
    assert.equal(out.capacity, 29.688);
  });

  it('stops at (hi - lo) / lo <= precision, lo held and hi broke, for any threshold and start (fast-check, seeded)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 2, max: 500_000, noNaN: true }), fc.double({ min: 1, max: 500_000, noNaN: true }), fc.constantFrom(0.01, 0.02, 0.1), async (t, start, precision) => {
        const out = await searchCapacity(threshold(t).measure, { ...OPTS, startRate: start, precision });
        const held = out.curve.filter((p) => p.holds).map((p) => p.rate);
        const broke = out.curve.filter((p) => !p.holds).map((p) => p.rate);
        const lo = Math.max(...held);
        const hi = Math.min(...broke);
        assert.equal(out.capacity, lo);
        assert.ok(lo < t && hi >= t);
        assert.ok((hi - lo) / lo <= precision * 1.001, `bracket ${lo}..${hi}`);
      }),
      { seed: 15, numRuns: 200 },
    );
  });

  it('reports maxRate when every step holds and 0 when minRate breaks', async () => {
    const up = await searchCapacity(threshold(Infinity).measure, { ...OPTS, maxRate: 1000 });
    assert.equal(up.capacity, 1000);
    assert.equal(up.bound, 'max');
    assert.deepEqual(up.curve.map((p) => p.rate), [100, 200, 400, 800, 1000]);
    const down = await searchCapacity(threshold(0).measure, { ...OPTS, minRate: 10 });
    assert.equal(down.capacity, 0);
    assert.equal(down.bound, 'min');
    assert.deepEqual(down.curve.map((p) => p.rate), [10, 12.5, 25, 50, 100]);
  });

  it('a measure that throws ends the search as failed, keeping the steps measured', async () => {
    let n = 0;
    const out = await searchCapacity(async (rate) => {
      if (++n === 3) throw new Error('server gone');
      return { rate, holds: true };
    }, OPTS);
    assert.equal(out.status, 'failed');
    assert.equal(out.message, 'server gone');
    assert.equal(out.curve.length, 2);
    assert.equal(out.capacity, 200);
  });

  it('a cancelled step (undefined) or an aborted signal stops with what was measured', async () => {
    const controller = new AbortController();
    const out = await searchCapacity(async (rate) => {
      if (rate === 400) controller.abort();
      return { rate, holds: true };
    }, { ...OPTS, signal: controller.signal });
    assert.equal(out.status, 'cancelled');
    assert.deepEqual(out.curve.map((p) => p.rate), [100, 200, 400]);
    assert.equal(out.capacity, 400);
    const cut = await searchCapacity(async (rate) => (rate === 200 ? undefined : { rate, holds: true }), OPTS);
    assert.equal(cut.status, 'cancelled');
    assert.equal(cut.capacity, 100);
  });

  it('gives up after maxSteps on a measure that never brackets', async () => {
    const out = await searchCapacity(async (rate) => ({ rate, holds: true }), { ...OPTS, maxSteps: 5 });
    assert.equal(out.status, 'failed');
    assert.equal(out.curve.length, 5);
  });
});
