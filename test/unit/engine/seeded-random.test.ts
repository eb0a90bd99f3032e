import assert from 'node:assert/strict';
import { createSeededRandom } from '../../../src/engine/seeded-random';

describe('createSeededRandom', () => {
  it('gives the pinned mulberry32 sequence for seed 1', () => {
    const r = createSeededRandom(1);
    assert.deepEqual([r(), r(), r()], [0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it('repeats for the same seed and differs for another', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    const c = createSeededRandom(43);
    const xs = Array.from({ length: 100 }, () => a());
    assert.deepEqual(Array.from({ length: 100 }, () => b()), xs);
    assert.notDeepEqual(Array.from({ length: 100 }, () => c()), xs);
  });

  it('stays in [0, 1) and is near uniform (100,000 draws, 10 buckets, each within 3% of 10,000)', () => {
    const r = createSeededRandom(7);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = r();
      assert.ok(x >= 0 && x < 1, `out of range: ${x}`);
      buckets[Math.floor(x * 10)]++;
    }
    for (const n of buckets) assert.ok(Math.abs(n - 10_000) < 300, `bucket ${n}`);
  });

  it('rejects a seed that is not a finite number', () => {
    assert.throws(() => createSeededRandom(Number.NaN), /seed must be a finite number, got NaN/);
  });
});
