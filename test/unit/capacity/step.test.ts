/** Step sizing from the SLO's tail, a run's totals as a curve point, and ranking agreement. */
import { strict as assert } from 'node:assert';
import { parseSlo, rankingsAgree } from '../../../src/capacity';
import { pointOf } from '../../../src/capacity/measure';
import { sloHolds } from '../../../src/capacity/slo';
import { stepShape } from '../../../src/capacity/step';
import type { CapacityResult } from '../../../src/result/capacity';
import type { RunResult } from '../../../src/result/types';

describe('capacity steps', () => {
  it('measures K / (1 - q) requests for the tightest percentile, K / e for errors<e', () => {
    const p99 = stepShape(parseSlo('p99<100ms'), 500);
    assert.deepEqual([p99.requests, p99.warmupRequests, p99.timeoutMs], [50_000, 10_000, 1000]);
    assert.ok(Math.abs(p99.tailShare - 0.01) < 1e-12);
    assert.equal(stepShape(parseSlo('p50<10ms,p999<1s'), 500).requests, 500_000);
    assert.equal(stepShape(parseSlo('p99<1s,errors<0.1%'), 100).requests, 100_000);
    // Never under the floor; the timeout 5x the largest bound.
    assert.deepEqual(stepShape(parseSlo('p50<2s'), 10), { requests: 1000, warmupRequests: 500, timeoutMs: 10_000, tailShare: 0.5 });
  });

  it('holds strictly for <, inclusively for <=', () => {
    const f = { p50: 1, p90: 2, p99: 100, p999: 200, errors: 0.01, unanswered: 0 };
    assert.equal(sloHolds(parseSlo('p99<100ms'), f), false);
    assert.equal(sloHolds(parseSlo('p99<=100ms'), f), true);
    assert.equal(sloHolds(parseSlo('errors<1%'), f), false);
    assert.equal(sloHolds(parseSlo('errors<=1%'), f), true);
  });

  it('counts drops as failed and unanswered: over 1 - q of them breaks the percentile whatever the answered show', () => {
    const run = (dropped: number) => ({ totals: { requests: 1000 - dropped, errors: 0, dropped, latency: { p50: 1, p90: 1, p99: 1, p999: 1, mean: 1, max: 1, min: 1 } } }) as unknown as RunResult;
    const slo = parseSlo('p99<100ms');
    assert.deepEqual(pointOf(run(5), 100, slo), { rate: 100, p50: 1, p99: 1, errors: 0.005, holds: true, requests: 995 });
    assert.equal(pointOf(run(20), 100, slo).holds, false);
    assert.equal(pointOf(run(0), 100, slo, true).holds, false, 'a step stopped early breaks');
  });

  it('rankings agree unless a pair is ordered both ways beyond the tie', () => {
    const of = (caps: Record<string, number>) => ({ variants: Object.entries(caps).map(([name, capacity]) => ({ name, capacity })) }) as unknown as CapacityResult;
    assert.equal(rankingsAgree(of({ a: 100, b: 300 }), of({ a: 50, b: 200 }), 0.1), true);
    assert.equal(rankingsAgree(of({ a: 100, b: 300 }), of({ a: 250, b: 200 }), 0.1), false);
    assert.equal(rankingsAgree(of({ a: 100, b: 105 }), of({ a: 100, b: 95 }), 0.1), true, 'within the tie');
  });
});
