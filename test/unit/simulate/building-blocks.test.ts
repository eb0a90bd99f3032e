/** The simulator's building blocks: the event heap, service-time samplers, key samplers. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import { compileDistribution, meanOf, Z_99 } from '../../../src/simulate/distributions';
import { EventHeap } from '../../../src/simulate/event-heap';
import { createKeySampler, zipfRank } from '../../../src/run/key-space';
import { Mulberry32 } from '../../../src/simulate/rng';
import { exponential, normal } from '../../../src/simulate/ziggurat';

describe('simulate: event heap', () => {
  it('pops events in time order, whatever the order of pushes (and grows)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 3000 }), (times) => {
        const heap = new EventHeap(4);
        times.forEach((t, i) => heap.push(t, i));
        const out: number[] = [];
        const seen = new Set<number>();
        while (heap.size > 0) {
          out.push(heap.peekTime());
          seen.add(heap.peekPayload());
          heap.pop();
        }
        assert.deepEqual(out, times.slice().sort((a, b) => a - b));
        assert.equal(seen.size, times.length);
        assert.equal(heap.peekTime(), Infinity);
      }),
      { numRuns: 100 },
    );
  });
});

describe('simulate: uniform source', () => {
  it('Mulberry32 gives the engine\'s createSeededRandom sequence (100,000 draws, several seeds)', () => {
    for (const seed of [0, 1, 42, 0xffffffff, 2 ** 31, -7, 1.5, 123456789.25]) {
      const a = createSeededRandom(seed);
      const b = new Mulberry32(seed);
      for (let i = 0; i < 100_000; i++) assert.equal(b.next(), a(), `seed ${seed}, draw ${i}`);
    }
  });
});

describe('simulate: ziggurat deviates (1,000,000 draws, seed 4)', () => {
  const N = 1_000_000;
  /** Largest gap between the empirical CDF of sorted `xs` and `cdf` (Kolmogorov-Smirnov D). */
  const ks = (xs: Float64Array, cdf: (x: number) => number): number => {
    let d = 0;
    for (let i = 0; i < xs.length; i++) {
      const c = cdf(xs[i]);
      d = Math.max(d, Math.abs(c - i / xs.length), Math.abs(c - (i + 1) / xs.length));
    }
    return d;
  };
  // D's 0.1 % critical value for n = 10^6 is 1.95 / sqrt(n).
  const D_MAX = 1.95 / Math.sqrt(N);

  it('normal: mean 0, variance 1, tail beyond 3 and the normal CDF (KS at the 0.1 % level)', () => {
    const rng = new Mulberry32(4);
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = normal(rng);
    let sum = 0;
    let sq = 0;
    let tail = 0;
    for (const x of xs) {
      sum += x;
      sq += x * x;
      if (Math.abs(x) > 3) tail++;
    }
    assert.ok(Math.abs(sum / N) < 0.005, `mean ${sum / N}`);
    assert.ok(Math.abs(sq / N - 1) < 0.01, `variance ${sq / N}`);
    assert.ok(Math.abs(tail / N / 0.0026998 - 1) < 0.1, `P(|x| > 3) ${tail / N}`);
    xs.sort();
    const d = ks(xs, (x) => 0.5 * (1 + erf(x / Math.SQRT2)));
    assert.ok(d < D_MAX, `KS D ${d}`);
  });

  it('exponential: mean 1, tail beyond 8 and the exponential CDF (KS at the 0.1 % level)', () => {
    const rng = new Mulberry32(4);
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = exponential(rng);
    let sum = 0;
    let tail = 0;
    for (const x of xs) {
      assert.ok(x >= 0);
      sum += x;
      if (x > 8) tail++;
    }
    assert.ok(Math.abs(sum / N - 1) < 0.005, `mean ${sum / N}`);
    assert.ok(Math.abs(tail / N / Math.exp(-8) - 1) < 0.2, `P(x > 8) ${tail / N}`);
    xs.sort();
    const d = ks(xs, (x) => 1 - Math.exp(-x));
    assert.ok(d < D_MAX, `KS D ${d}`);
  });
});

/** erf to 1.5e-7 (Abramowitz and Stegun 7.1.26). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

describe('simulate: service-time samplers (200,000 draws, seed 1)', () => {
  const N = 200_000;
  const draw = (d: Parameters<typeof compileDistribution>[0]): Float64Array => {
    const sample = compileDistribution(d);
    const random = createSeededRandom(1);
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = sample(random);
    return xs.sort();
  };

  it('lognormal from median and p99 has that median and p99 (within 2 %)', () => {
    const xs = draw({ type: 'lognormal', medianMs: 5, p99Ms: 40 });
    assert.ok(Math.abs(xs[N / 2] / 5 - 1) < 0.02, `median ${xs[N / 2]}`);
    assert.ok(Math.abs(xs[Math.floor(N * 0.99)] / 40 - 1) < 0.02, `p99 ${xs[Math.floor(N * 0.99)]}`);
    assert.ok(Math.abs(Z_99 - 2.326347874) < 1e-9);
  });

  it('exponential and mix have their means (within 1.5 %)', () => {
    for (const d of [
      { type: 'exponential', meanMs: 3 },
      { type: 'mix', p: 0.8, a: { type: 'constant', ms: 1 }, b: { type: 'exponential', meanMs: 20 } },
      { type: 'lognormal', medianMs: 2, p99Ms: 10 },
    ] as const) {
      const xs = draw(d);
      const mean = xs.reduce((s, x) => s + x, 0) / N;
      assert.ok(Math.abs(mean / meanOf(d) - 1) < 0.015, `${d.type}: mean ${mean}, expected ${meanOf(d)}`);
    }
  });

  it('a lognormal with p99 equal to the median is constant', () => {
    const xs = draw({ type: 'lognormal', medianMs: 7, p99Ms: 7 });
    assert.equal(xs[0], 7);
    assert.equal(xs[N - 1], 7);
  });
});

describe('simulate: keys', () => {
  it('Zipf ranks follow 1 / k^s (500,000 draws, s = 1.1, 1,000 keys; ranks 1-5 within 3 %)', () => {
    const n = 1000;
    const s = 1.1;
    const next = zipfRank(n, s, createSeededRandom(2));
    const counts = new Float64Array(n + 1);
    const draws = 500_000;
    for (let i = 0; i < draws; i++) counts[next()]++;
    let h = 0;
    for (let k = 1; k <= n; k++) h += 1 / k ** s;
    for (let k = 1; k <= 5; k++) {
      const expected = draws / k ** s / h;
      assert.ok(Math.abs(counts[k] / expected - 1) < 0.03, `rank ${k}: ${counts[k]} vs ${expected}`);
    }
    assert.equal(counts[0], 0);
  });

  it('uniform keys cover the space evenly and are named key-1 .. key-<space>', () => {
    const next = createKeySampler({ space: 10, skew: 'uniform' }, createSeededRandom(3));
    const counts = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const k = next();
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    assert.deepEqual([...counts.keys()].sort(), Array.from({ length: 10 }, (_, i) => `key-${i + 1}`).sort());
    for (const c of counts.values()) assert.ok(Math.abs(c / 10_000 - 1) < 0.05, String(c));
  });
});
