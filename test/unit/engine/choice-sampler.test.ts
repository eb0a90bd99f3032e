import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ChoiceSampler } from '../../../src/engine/structures/choice-sampler';
import { createSeededRandom } from '../../../src/engine/seeded-random';

/** A source that returns the given draws in order. */
function source(...draws: number[]): () => number {
  return () => {
    const d = draws.shift();
    if (d === undefined) throw new Error('drew more than expected');
    return d;
  };
}

describe('ChoiceSampler (power of d choices)', () => {
  it('draws two by default: the second from the other n - 1, shifted past the first', () => {
    const s = new ChoiceSampler();
    assert.equal(s.choices, 2);
    assert.equal(s.draw(4, source(0.5, 0.5)), 2); // 2, then 1 of [0, 1, 3]
    assert.deepEqual([...s.picked], [2, 1]);
    assert.equal(s.draw(4, source(0.25, 0.5)), 2); // 1, then 1 of [0, 2, 3] is 2
    assert.deepEqual([...s.picked], [1, 2]);
    assert.equal(s.draw(4, source(0.99, 0.99)), 2); // 3, then 2 of [0, 1, 2]
    assert.deepEqual([...s.picked], [3, 2]);
  });

  it('maps each later draw onto the indices not drawn yet, in order (three choices of five)', () => {
    const s = new ChoiceSampler(3);
    assert.equal(s.draw(5, source(0.5, 0.5, 0.5)), 3); // 2; 2 of [0, 1, 3, 4] = 3; 1 of [0, 1, 4] = 1
    assert.deepEqual([...s.picked], [2, 3, 1]);
    assert.equal(s.draw(5, source(0, 0, 0)), 3);
    assert.deepEqual([...s.picked], [0, 1, 2]);
  });

  it('draws nothing for one endpoint and at most n for small pools', () => {
    const s = new ChoiceSampler(3);
    assert.equal(s.draw(1, source()), 1);
    assert.equal(s.picked[0], 0);
    assert.equal(s.draw(0, source()), 0);
    assert.equal(s.draw(2, source(0.9, 0)), 2);
    assert.deepEqual([...s.picked.subarray(0, 2)], [1, 0]);
  });

  it('rejects a choice count that is not a whole number >= 1', () => {
    assert.throws(() => new ChoiceSampler(0), /choices must be a whole number >= 1, got 0/);
    assert.throws(() => new ChoiceSampler(1.5), /choices must be a whole number >= 1, got 1.5/);
  });

  it('always draws min(d, n) distinct indices in [0, n) (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 40 }), fc.integer(), (d, n, seed) => {
        const s = new ChoiceSampler(d);
        const k = s.draw(n, createSeededRandom(seed));
        assert.equal(k, Math.min(d, n));
        const got = [...s.picked.subarray(0, k)];
        assert.equal(new Set(got).size, k);
        for (const i of got) assert.ok(i >= 0 && i < n, `index ${i} of ${n}`);
      }),
      { numRuns: 300, seed: 115 },
    );
  });

  it('draws each index equally often, first or not (seed 3, 3 of 6, 60,000 draws: each index in 50 % +- 1.5 %)', () => {
    const s = new ChoiceSampler(3);
    const random = createSeededRandom(3);
    const seen = new Array(6).fill(0);
    const first = new Array(6).fill(0);
    for (let r = 0; r < 60_000; r++) {
      s.draw(6, random);
      first[s.picked[0]]++;
      for (let t = 0; t < 3; t++) seen[s.picked[t]]++;
    }
    for (const c of seen) assert.ok(Math.abs(c / 60_000 - 0.5) < 0.015, `share ${c / 60_000}`);
    for (const c of first) assert.ok(Math.abs(c / 60_000 - 1 / 6) < 0.01, `first share ${c / 60_000}`);
  });
});
