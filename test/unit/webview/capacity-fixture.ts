/**
 * A capacity result of three variants, written out as the input the views draw (findCapacity is
 * built in parallel; this is its documented shape with plausible numbers, not a stand-in for it).
 * Each variant's curve follows a single exponential server of rate mu: p99 = ln(100)/(mu - rate),
 * p50 = ln(2)/(mu - rate), a wall at mu, errors once the queue overflows past it; the steps are a
 * doubling bracket then a bisection, as the search states.
 */
import type { CapacityPoint, CapacityResult, CapacityVariantResult } from '../../../src/result/capacity';

export const SLO_MS = 100;

function step(mu: number, rate: number): CapacityPoint {
  const headroom = mu - rate;
  const p99 = headroom > 0 ? Math.min(10_000, (Math.log(100) / headroom) * 1000) : 10_000;
  const p50 = headroom > 0 ? Math.min(5_000, (Math.log(2) / headroom) * 1000) : 5_000;
  const errors = headroom > 0 ? 0 : Math.min(1, (rate - mu) / rate + 0.02);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { rate, p50: round(p50), p99: round(p99), errors: round(errors), holds: p99 < SLO_MS && errors < 0.01, requests: Math.round(rate * 20) };
}

function variant(name: string, strategy: string, mu: number): Omit<CapacityVariantResult, 'relative'> {
  const curve: CapacityPoint[] = [];
  let low = 0;
  let high = 0;
  for (let rate = 25; high === 0; rate *= 2) {
    const p = step(mu, rate);
    curve.push(p);
    if (p.holds) low = rate;
    else high = rate;
  }
  while ((high - low) / high > 0.02) {
    const mid = Math.round(((low + high) / 2) * 10) / 10;
    const p = step(mu, mid);
    curve.push(p);
    if (p.holds) low = mid;
    else high = mid;
  }
  curve.sort((a, b) => a.rate - b.rate);
  return { name, strategy, capacity: low, curve, status: 'ok' };
}

export function capacityFixture(): CapacityResult {
  const variants = [variant('least-request', 'least-request', 320), variant('p2c-peak-ewma', 'p2c-peak-ewma', 290), variant('round-robin', 'round-robin', 180)];
  const best = Math.max(...variants.map((v) => v.capacity));
  return {
    kind: 'capacity',
    mode: 'simulation',
    slo: `p99<${SLO_MS}ms,errors<1%`,
    pool: 'demo',
    precision: 0.02,
    method: 'doubling from 25 req/s until a step breaks the SLO, then bisection to 2 %; each step 20 s after 2 s of warmup',
    variants: variants.map((v) => ({ ...v, relative: v.capacity / best })),
    status: 'ok',
    startedAt: '2026-12-01T12:00:00.000Z',
    toolVersion: '0.1.0',
  };
}
