/**
 * Service-time distributions of virtual servers (validated by `checkDistribution` in
 * src/pools/parse-sim.ts), compiled into samplers that draw from a seeded uniform source and
 * allocate nothing.
 *
 * - exponential: mean x a standard exponential deviate by the ziggurat method (ziggurat.ts).
 * - lognormal from its median m and 99th percentile q: ln X ~ N(mu, sigma^2) with mu = ln m and
 *   sigma = ln(q / m) / z_0.99, z_0.99 = 2.3263478740 (the standard normal's 99th percentile);
 *   normal deviates by the ziggurat method.
 * - mix: with probability p draw from `a`, otherwise from `b`.
 *
 * `compileFiller` is the simulator's form: it fills a block of draws in one call, so the sampler
 * runs in a tight loop with the source inlined. `compileDistribution` draws one at a time (tests).
 */
import type { Distribution } from '../pools/types';
import { rngOf, type Rng } from './rng';
import { exponential, fillExponential, fillLognormal, normal } from './ziggurat';

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
  const one = compileOne(d);
  let last: (() => number) | undefined;
  let rng: Rng = rngOf(() => 0);
  return (random) => {
    if (random !== last) {
      last = random;
      rng = rngOf(random);
    }
    return one(rng);
  };
}

/** Fills `out` with draws from `rng`. */
export type Filler = (rng: Rng, out: Float64Array) => void;

/** Compiles a validated distribution into a block filler (the same draws as `compileDistribution` on the same source). */
export function compileFiller(d: Distribution): Filler {
  switch (d.type) {
    case 'constant': {
      const ms = d.ms;
      return (_rng, out) => out.fill(ms);
    }
    case 'exponential': {
      const mean = d.meanMs;
      return (rng, out) => fillExponential(rng, out, mean);
    }
    case 'lognormal': {
      const mu = Math.log(d.medianMs);
      const sigma = Math.log(d.p99Ms / d.medianMs) / Z_99;
      if (sigma === 0) {
        const ms = d.medianMs;
        return (_rng, out) => out.fill(ms);
      }
      return (rng, out) => fillLognormal(rng, out, mu, sigma);
    }
    case 'mix': {
      const one = compileOne(d);
      return (rng, out) => {
        for (let i = 0; i < out.length; i++) out[i] = one(rng);
      };
    }
  }
}

/** One draw at a time. */
function compileOne(d: Distribution): (rng: Rng) => number {
  switch (d.type) {
    case 'constant': {
      const ms = d.ms;
      return () => ms;
    }
    case 'exponential': {
      const mean = d.meanMs;
      return (rng) => mean * exponential(rng);
    }
    case 'lognormal': {
      const mu = Math.log(d.medianMs);
      const sigma = Math.log(d.p99Ms / d.medianMs) / Z_99;
      if (sigma === 0) {
        const ms = d.medianMs;
        return () => ms;
      }
      return (rng) => Math.exp(mu + sigma * normal(rng));
    }
    case 'mix': {
      const p = d.p;
      const a = compileOne(d.a);
      const b = compileOne(d.b);
      return (rng) => (rng.next() < p ? a(rng) : b(rng));
    }
  }
}
