import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AliasTable } from '../../../src/engine/structures/alias-table';
import { randomStrategy } from '../../../src/engine/strategies/random';
import { roundRobinStrategy } from '../../../src/engine/strategies/round-robin';
import { weightedRandomStrategy } from '../../../src/engine/strategies/weighted-random';
import { weightedRoundRobinStrategy } from '../../../src/engine/strategies/weighted-round-robin';
import { SmoothWeightedRoundRobin } from '../../../src/engine/structures/smooth-wrr';
import { EdfScheduler } from '../../../src/engine/structures/edf-scheduler';
import { counts, create, endpoints, env, sequence, shuffled } from './engine-helpers';

describe('round-robin', () => {
  it('rotates exactly in pool order', () => {
    const b = create(roundRobinStrategy, endpoints(1, 5, 1));
    assert.deepEqual(sequence(b, 7), ['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('keeps its place when the pool changes: continues after the endpoint picked last', () => {
    const b = create(roundRobinStrategy, endpoints(1, 1, 1, 1));
    assert.deepEqual(sequence(b, 2), ['a', 'b']);
    b.setEndpoints(endpoints(1, 1, 1, 1).filter((e) => e.id !== 'c'));
    assert.deepEqual(sequence(b, 4), ['d', 'a', 'b', 'd']);
    b.setEndpoints(endpoints(1, 1, 1, 1).filter((e) => e.id !== 'd'));
    assert.deepEqual(sequence(b, 2), ['a', 'b'], 'd left: the counter carries on');
  });

  it('returns undefined only for an empty pool, and done twice is harmless', () => {
    const b = create(roundRobinStrategy, []);
    assert.equal(b.pick(), undefined);
    b.setEndpoints(endpoints(1));
    const p = b.pick()!;
    p.done({ latencyMs: 1, ok: true });
    p.done({ latencyMs: 1, ok: true });
    assert.equal(b.pick()!.endpoint.id, 'a');
    assert.deepEqual(b.endpoints().map((e) => e.id), ['a']);
  });

  it('rejects options it does not take', () => {
    assert.throws(() => create(roundRobinStrategy, endpoints(1), { decayMs: 5 }), /round-robin: unknown option "decayMs" \(it takes no options\)/);
  });

  it('rejects bad endpoints on setEndpoints', () => {
    const b = create(roundRobinStrategy, endpoints(1));
    assert.throws(() => b.setEndpoints([{ id: 'x', address: 'y', weight: 0 }]), /round-robin: endpoints\[0\]\.weight: must be a positive finite number, got 0/);
  });
});

describe('random', () => {
  it('maps the injected random to an index: floor(r x n)', () => {
    const rs = [0, 0.34, 0.99, 0.5, 0.999999];
    const b = create(randomStrategy, endpoints(1, 1, 1), {}, { now: () => 0, random: () => rs.shift()! });
    assert.deepEqual(sequence(b, 5), ['a', 'b', 'c', 'b', 'c']);
  });

  it('tolerates a random source that returns 1', () => {
    const b = create(randomStrategy, endpoints(1, 1), {}, { now: () => 0, random: () => 1 });
    assert.equal(b.pick()!.endpoint.id, 'b');
  });

  it('is uniform, weights ignored (seed 3, 60,000 picks, each of 3 within 2% of 20,000)', () => {
    const c = counts(create(randomStrategy, endpoints(1, 5, 10), {}, env(3)), 60_000);
    for (const id of ['a', 'b', 'c']) assert.ok(Math.abs(c[id] - 20_000) < 400, `${id}: ${c[id]}`);
  });

  it('rejects options it does not take', () => {
    assert.throws(() => create(randomStrategy, endpoints(1), { seed: 1 }), /random: unknown option "seed"/);
  });
});

describe('weighted-round-robin', () => {
  it("gives nginx's smooth sequence for 5,1,1: a a b a c a a, every cycle", () => {
    const b = create(weightedRoundRobinStrategy, endpoints(5, 1, 1));
    const cycle = ['a', 'a', 'b', 'a', 'c', 'a', 'a'];
    assert.deepEqual(sequence(b, 21), [...cycle, ...cycle, ...cycle]);
  });

  it('matches the peer-by-peer nginx loop on shuffled pools with mixed weights', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const eps = shuffled(endpoints(3, 1, 2, 2, 5, 1, 0.5, 2.5), seed);
      const b = create(weightedRoundRobinStrategy, eps);
      assert.deepEqual(sequence(b, 200), nginxLoop(eps.map((e) => e.weight), 200).map((i) => eps[i].id), `seed ${seed}`);
    }
  });

  it('shares follow weights over whole cycles (fast-check, integer weights 1..9)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 12 }), (weights) => {
        const total = weights.reduce((s, w) => s + w, 0);
        const c = counts(create(weightedRoundRobinStrategy, endpoints(...weights)), 3 * total);
        weights.forEach((w, i) => assert.equal(c[String.fromCharCode(97 + i)], 3 * w));
      }),
      { numRuns: 100, seed: 113 },
    );
  });

  it('with more than 32 distinct weights schedules EDF: the same shares, evenly spread', () => {
    const weights = Array.from({ length: 40 }, (_, i) => i + 1);
    const total = weights.reduce((s, w) => s + w, 0);
    const c = counts(create(weightedRoundRobinStrategy, endpoints(...weights)), total * 2);
    weights.forEach((w, i) => assert.ok(Math.abs(c[String.fromCharCode(97 + i)] - 2 * w) <= 1, `endpoint ${i}`));
  });
});

describe('schedulers', () => {
  it('SmoothWeightedRoundRobin.fits draws the line at 32 distinct weights', () => {
    assert.equal(SmoothWeightedRoundRobin.fits(Array.from({ length: 32 }, (_, i) => i + 1)), true);
    assert.equal(SmoothWeightedRoundRobin.fits(Array.from({ length: 33 }, (_, i) => i + 1)), false);
  });

  it('EdfScheduler: earliest deadline, FIFO on ties (weights 2,1: a b a a b a)', () => {
    const s = new EdfScheduler([2, 1]);
    assert.deepEqual(Array.from({ length: 6 }, () => s.pick()), [0, 1, 0, 0, 1, 0]);
    assert.equal(new EdfScheduler([]).pick(), -1);
  });
});

describe('weighted-random', () => {
  it('AliasTable is exact: every column splits between itself and its alias in the right proportion', () => {
    const weights = [5, 1, 1, 3];
    const t = new AliasTable(weights);
    const hits = [0, 0, 0, 0];
    const steps = 10_000;
    for (let k = 0; k < steps; k++) hits[t.sample((k + 0.5) / steps)]++;
    weights.forEach((w, i) => assert.ok(Math.abs(hits[i] - (steps * w) / 10) <= 4, `${i}: ${hits[i]}`));
  });

  it('follows weights (seed 11, 100,000 picks, weights 5,1,1,3, each within 1.5% of its expectation)', () => {
    const c = counts(create(weightedRandomStrategy, endpoints(5, 1, 1, 3), {}, env(11)), 100_000);
    const expect: Record<string, number> = { a: 50_000, b: 10_000, c: 10_000, d: 30_000 };
    for (const id of Object.keys(expect)) assert.ok(Math.abs(c[id] - expect[id]) < expect[id] * 0.015 + 150, `${id}: ${c[id]}`);
  });

  it('shares follow weights (fast-check, 20,000 seeded picks, within 0.02 absolute share)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (weights, seed) => {
          const total = weights.reduce((s, w) => s + w, 0);
          const c = counts(create(weightedRandomStrategy, endpoints(...weights), {}, env(seed)), 20_000);
          weights.forEach((w, i) => {
            const share = (c[String.fromCharCode(97 + i)] ?? 0) / 20_000;
            assert.ok(Math.abs(share - w / total) < 0.02, `weight ${w} of ${total}: share ${share}`);
          });
        },
      ),
      { numRuns: 30, seed: 114 },
    );
  });

  it('returns undefined on an empty pool', () => {
    assert.equal(create(weightedRandomStrategy, []).pick(), undefined);
  });
});

/** nginx's loop, peer by peer (the reference the O(d) version must match). */
function nginxLoop(weights: number[], n: number): number[] {
  const current = weights.map(() => 0);
  const total = weights.reduce((s, w) => s + w, 0);
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    let best = -1;
    for (let i = 0; i < weights.length; i++) {
      current[i] += weights[i];
      if (best < 0 || current[i] > current[best]) best = i;
    }
    current[best] -= total;
    out.push(best);
  }
  return out;
}
