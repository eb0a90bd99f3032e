import { strict as assert } from 'node:assert';
import { createRowOrder, permutation } from '../../../src/run/row-order';

const take = (next: () => number, n: number): number[] => Array.from({ length: n }, next);

describe('run: request data orders', () => {
  it('sequential: file order, each row once', () => {
    assert.deepEqual(take(createRowOrder('sequential', 5, 1), 5), [0, 1, 2, 3, 4]);
  });

  it('sequential with workers: worker w of n takes rows w, w + n, ...; together each row once', () => {
    const workers = [0, 1, 2].map((w) => take(createRowOrder('sequential', 7, 1, w, 3), Math.floor(7 / 3) + (w < 7 % 3 ? 1 : 0)));
    assert.deepEqual(workers, [[0, 3, 6], [1, 4], [2, 5]]);
  });

  it('circular: file order, wrapping; with workers the same one sequence, interleaved', () => {
    assert.deepEqual(take(createRowOrder('circular', 3, 1), 7), [0, 1, 2, 0, 1, 2, 0]);
    assert.deepEqual(take(createRowOrder('circular', 5, 1, 1, 2), 5), [1, 3, 0, 2, 4]);
    // More workers than rows: positions 1, 5, 9, 13 of a 3-row file.
    assert.deepEqual(take(createRowOrder('circular', 3, 1, 1, 4), 4), [1, 2, 0, 1]);
  });

  it('random: uniform with replacement, the same for the same seed, other seeds and workers differ', () => {
    const draws = take(createRowOrder('random', 10, 42), 20_000);
    assert.deepEqual(take(createRowOrder('random', 10, 42), 50), draws.slice(0, 50));
    assert.notDeepEqual(take(createRowOrder('random', 10, 43), 50), draws.slice(0, 50));
    assert.notDeepEqual(take(createRowOrder('random', 10, 42, 1, 2), 50), draws.slice(0, 50));
    const counts = new Array<number>(10).fill(0);
    for (const r of draws) counts[r]++;
    // 2,000 expected each; binomial sd ~42, so +-10 % is ~5 sd.
    for (const c of counts) assert.ok(Math.abs(c - 2000) < 200, `counts ${counts.join(' ')}`);
    // With replacement: some row repeats within the first 10 draws.
    assert.ok(new Set(draws.slice(0, 10)).size < 10);
  });

  it('shuffle: every pass a permutation of all rows, a new one each pass, the same for the same seed', () => {
    const seq = take(createRowOrder('shuffle', 6, 7), 18);
    const passes = [seq.slice(0, 6), seq.slice(6, 12), seq.slice(12)];
    for (const pass of passes) assert.deepEqual([...pass].sort(), [0, 1, 2, 3, 4, 5]);
    assert.ok(new Set(passes.map((p) => p.join())).size > 1, `passes ${JSON.stringify(passes)}`);
    assert.notDeepEqual(passes[0], [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(take(createRowOrder('shuffle', 6, 7), 18), seq);
  });

  it('shuffle with workers: the workers share the pass permutation, so a pass sends each row once', () => {
    const whole = take(createRowOrder('shuffle', 9, 3), 9);
    const w0 = take(createRowOrder('shuffle', 9, 3, 0, 2), 5);
    const w1 = take(createRowOrder('shuffle', 9, 3, 1, 2), 4);
    assert.deepEqual(w0, whole.filter((_, i) => i % 2 === 0));
    assert.deepEqual(w1, whole.filter((_, i) => i % 2 === 1));
  });

  it('permutation: Fisher–Yates gives every arrangement of 3 about equally often (seeded)', () => {
    const counts = new Map<string, number>();
    for (let s = 0; s < 6000; s++) {
      const k = [...permutation(3, s)].join('');
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    assert.equal(counts.size, 6);
    for (const [k, c] of counts) assert.ok(Math.abs(c - 1000) < 150, `${k}: ${c}`);
  });
});
