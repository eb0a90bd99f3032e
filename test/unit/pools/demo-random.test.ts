import * as assert from 'node:assert/strict';
import { lognormal, mulberry32 } from '../../../src/demo/random';
import { LatencyHistogram } from '../../../src/demo/latency-histogram';

const sorted = (n: number, f: () => number) => Array.from({ length: n }, f).sort((a, b) => a - b);

describe('demo servers: seeded latency sampling', () => {
  it('mulberry32 is repeatable per seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 5 }, a);
    assert.deepEqual(Array.from({ length: 5 }, b), xs);
    assert.notDeepEqual(Array.from({ length: 5 }, c), xs);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
  });

  for (const [median, p99] of [[10, 40], [2, 8], [25, 100], [5, 5]]) {
    it(`lognormal(median ${median}, p99 ${p99}): 100,000 draws give p50 within 2% and p99 within 5%`, () => {
      const s = sorted(100_000, lognormal(mulberry32(9), median, p99));
      assert.ok(Math.abs(s[49_999] / median - 1) < 0.02, `p50 ${s[49_999]}`);
      assert.ok(Math.abs(s[98_999] / p99 - 1) < 0.05, `p99 ${s[98_999]}`);
    });
  }

  it('the served-latency histogram answers quantiles within 2%', () => {
    const h = new LatencyHistogram();
    const draws = sorted(20_000, lognormal(mulberry32(3), 10, 40));
    for (const d of draws) h.record(d);
    assert.equal(h.count, 20_000);
    for (const q of [0.5, 0.9, 0.99]) {
      const exact = draws[Math.ceil(q * draws.length) - 1];
      assert.ok(Math.abs(h.quantile(q) / exact - 1) < 0.02, `q${q}: ${h.quantile(q)} vs ${exact}`);
    }
    h.reset();
    assert.equal(h.quantile(0.5), 0);
  });
});
