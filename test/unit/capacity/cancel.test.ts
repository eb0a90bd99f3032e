/** Aborting mid-search: the result holds the variants done and the curve so far, status partial. */
import { strict as assert } from 'node:assert';
import { findCapacity, type CapacityProgress } from '../../../src/capacity';
import { demoPool } from '../../../src/pools/demo-pool';
import { parsePool } from '../../../src/pools/parse';

describe('capacity: cancel mid-search', function () {
  this.timeout(60_000);
  it('stops in the second variant after its second step and keeps everything measured', async () => {
    const controller = new AbortController();
    const seen: CapacityProgress[] = [];
    const r = await findCapacity(
      { pool: parsePool(demoPool()), strategies: ['round-robin', 'weighted-round-robin', 'random'], slo: 'p99<100ms', tailSamples: 50 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p);
          if (p.index === 1 && seen.filter((s) => s.index === 1).length === 2) controller.abort();
        },
      },
    );
    assert.equal(r.status, 'partial');
    assert.deepEqual(r.variants.map((v) => [v.name, v.status]), [['round-robin', 'ok'], ['weighted-round-robin', 'cancelled']]);
    assert.equal(r.variants[1].curve.length, 2);
    assert.equal(r.variants[0].curve.length, seen.filter((s) => s.index === 0).length);
    assert.ok(r.variants[0].capacity > 0);
    // The cancelled variant's capacity is the best rate it saw hold, so far.
    const held = r.variants[1].curve.filter((p) => p.holds).map((p) => p.rate);
    assert.equal(r.variants[1].capacity, held.length ? Math.max(...held) : 0);
  });

  it('an abort before the first step gives a cancelled result with no variants', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await findCapacity({ pool: parsePool(demoPool()), strategies: ['round-robin'], slo: 'p99<100ms' }, { signal: controller.signal });
    assert.equal(r.status, 'cancelled');
    assert.equal(r.variants.length, 0);
  });
});
