/**
 * Service-time distributions of virtual servers (validated by `checkDistribution` in
 * src/pools/parse-sim.ts), compiled into samplers that draw from a seeded uniform source and
 * allocate nothing.
 *
 * - exponential by inversion: -mean x ln(1 - U) (Devroye, Non-Uniform Random Variate
 *   Generation, 1986, ch. II.2); 1 - U keeps the argument in (0, 1].
 * - lognormal from its median m and 99th percentile q: ln X ~ N(mu, sigma^2) with mu = ln m and
 *   sigma = ln(q / m) / z_0.99, z_0.99 = 2.3263478740 (the standard normal's 99th percentile).
 *   Normal deviates by the Marsaglia polar method (Marsaglia & Bray 1964), which yields two per
 *   accepted pair; the second is kept for the next draw.
 * - mix: with probability p draw from `a`, otherwise from `b`.
 */
import type { Distribution } from '../pools/types';

/** The standard normal's 99th percentile. */
export const Z_99 = 2.3263478740408408;

/** Draws one service time in ms from `random` (uniform in [0, 1)). */
export type Sampler = (random: () => number) => number;

/** Mean of a distribution in ms (for utilisation figures and tests). */
export function meanOf(d: Distribution): number {
  switch (d.type) {
    case 'constant':
      return d.ms;
    case 'exponential':
      return d.meanMs;
    case 'lognormal': {
      const sigma = Math.log(d.p99Ms / d.medianMs) / Z_99;
      return d.medianMs * Math.exp((sigma * sigma) / 2);
    }
    case 'mix':
      return d.p * meanOf(d.a) + (1 - d.p) * meanOf(d.b);
  }
}

/** Compiles a validated distribution into a sampler. */
export function compileDistribution(d: Distribution): Sampler {
  switch (d.type) {
    case 'constant': {
      const ms = d.ms;
      return () => ms;
    }
    case 'exponential': {
      const mean = d.meanMs;
      return (random) => -mean * Math.log(1 - random());
    }
    case 'lognormal': {
      const mu = Math.log(d.medianMs);
      const sigma = Math.log(d.p99Ms / d.medianMs) / Z_99;
      if (sigma === 0) {
        const ms = d.medianMs;
        return () => ms;
      }
      const normal = createNormal();
      return (random) => Math.exp(mu + sigma * normal(random));
    }
    case 'mix': {
      const p = d.p;
      const a = compileDistribution(d.a);
      const b = compileDistribution(d.b);
      return (random) => (random() < p ? a(random) : b(random));
    }
  }
}

/** A standard normal source (Marsaglia polar method), keeping the spare deviate. */
export function createNormal(): (random: () => number) => number {
  let spare = 0;
  let hasSpare = false;
  return (random) => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * random() - 1;
      v = 2 * random() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  };
}
