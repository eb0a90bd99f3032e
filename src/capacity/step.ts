/**
 * How long a step runs, and what the search says about it (`method`).
 *
 * A step measures the tail the SLO bounds: for a clause at quantile q, the step takes
 * n = K / (1 − q) requests after its warmup, so about K of them lie beyond the quantile (for
 * errors<e, n = K / e: about K errors at the bound). The empirical q-quantile of n independent
 * samples has a rank standard error of √(n q (1 − q)) ≈ √K samples (the binomial count above it;
 * David & Nagaraja, Order Statistics, 3rd ed., §10.2), so with K = 500 the measured p99 sits, at two
 * standard errors, between the true p98.91 and p99.09 (K = 5000: p98.97 to p99.03). Queued latencies are correlated, which
 * widens that; the warmup (a fifth of the step, at least 500 requests) drops the start from empty.
 */
import { RUN_DEFAULTS } from '../run/defaults';
import { largestBoundMs, QUANTILE, type SloClause } from './slo';

export const CAPACITY_DEFAULTS = Object.freeze({
  precision: 0.02,
  tailSamples: 500,
  seed: 1,
  minRate: 1,
  maxRate: 1_000_000,
  /** Live start when the pool has no virtual servers to derive one from. */
  startRate: 100,
  /** A step never measures fewer requests than this, whatever the SLO. */
  minRequests: 1000,
  warmupShare: 0.2,
  minWarmupRequests: 500,
  /** Per-request timeout as a multiple of the largest latency bound (a request that late has broken it anyway). */
  timeoutFactor: 5,
  minTimeoutMs: 1000,
  maxSteps: 40,
});

export interface StepShape {
  /** Requests measured after the warmup. */
  requests: number;
  warmupRequests: number;
  timeoutMs: number;
  /** The smallest tail share of the clauses (1 − q, or the error bound): the tail the step is sized for. */
  tailShare: number;
}

export function stepShape(clauses: readonly SloClause[], tailSamples: number, timeoutMs?: number): StepShape {
  let tailShare = 1;
  for (const c of clauses) {
    const share = c.metric === 'errors' ? c.value : 1 - QUANTILE[c.metric];
    if (share > 0) tailShare = Math.min(tailShare, share);
  }
  const requests = Math.max(CAPACITY_DEFAULTS.minRequests, Math.ceil(tailSamples / tailShare));
  const warmupRequests = Math.max(CAPACITY_DEFAULTS.minWarmupRequests, Math.ceil(requests * CAPACITY_DEFAULTS.warmupShare));
  const bound = largestBoundMs(clauses);
  const timeout = timeoutMs ?? (bound > 0 ? Math.max(CAPACITY_DEFAULTS.minTimeoutMs, CAPACITY_DEFAULTS.timeoutFactor * bound) : RUN_DEFAULTS.timeoutMs);
  return { requests, warmupRequests, timeoutMs: timeout, tailShare };
}

/** The search, stated, for the result's `method` and the README. */
export function describeMethod(opts: { shape: StepShape; tailSamples: number; startRate: number; startFrom: string; precision: number; minRate: number; maxRate: number; live: boolean; seed: number }): string {
  const s = opts.shape;
  return [
    `Bracketing from ${opts.startRate} req/s (${opts.startFrom}): double while a step holds the SLO, halve while it breaks, within ${opts.minRate}..${opts.maxRate} req/s;`,
    `then bisection until (hi - lo) / lo <= ${opts.precision}; the capacity is the highest rate that held.`,
    `Each step: open model at the rate (${opts.live ? 'paced sends against the live servers' : `Poisson arrivals, seed ${opts.seed} for every step`}),`,
    `${s.warmupRequests} requests of warmup excluded, then ${s.requests} requests measured: ${opts.tailSamples} beyond the SLO's tightest tail (${(s.tailShare * 100).toPrecision(3)} %),`,
    `a rank standard error of about sqrt(${opts.tailSamples}) = ${Math.sqrt(opts.tailSamples).toFixed(1)} samples;`,
    `requests time out after ${s.timeoutMs} ms;`,
    opts.live
      ? 'a step stops early once it is certain to break (more errors, or requests in flight past the latency bound, than the whole step may have).'
      : 'a simulated step always runs to its end (an overloaded one costs the same CPU as any other).',
  ].join(' ');
}
