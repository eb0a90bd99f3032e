/**
 * Client policies in the simulator (issue 12's "Done when", simulated): seeded runs, so each
 * figure is one number; the tolerances say how far the figure may sit from the queueing argument
 * beside it, and each is narrow enough that the run without the policy fails it.
 */
import { strict as assert } from 'node:assert';
import type { VirtualServerConfig } from '../../../src/pools/types';
import { endpointTable, totalsLine } from '../../../src/result/summary';
import { assertValidRunResult } from '../../../src/result/validate';
import { runSimulation, simulate, type SimulationConfig } from '../../../src/simulate';
import { assertLittle, poolOf } from './helpers';

const fast: VirtualServerConfig = { slots: 50, service: { type: 'constant', ms: 5 } };
const open1000 = { model: 'open', rate: 1000 } as const;

function run(c: SimulationConfig): ReturnType<typeof simulate> {
  const r = simulate(c);
  assertValidRunResult(JSON.parse(JSON.stringify(r)));
  return r;
}

const amplification = (r: ReturnType<typeof simulate>): number => (r.totals.attempts ?? r.totals.requests) / r.totals.requests;

describe('simulate: client policies', () => {
  it('retry with otherEndpoint: a server failing every request costs callers nothing, amplification about 1 + its share', () => {
    const pool = poolOf(5, fast);
    pool.endpoints[2].sim = { ...fast, errorRate: 1 };
    const base = { pool, strategy: 'round-robin', load: open1000, requests: 20_000, seed: 1 } as const;
    const plain = run(base);
    assert.equal(plain.totals.errors, 4000); // its fifth, as a control
    const r = run({ ...base, policy: { retry: { maxAttempts: 3, retryOn: ['http_500'], otherEndpoint: true } } });
    assert.ok(r.totals.errors / r.totals.requests < 0.001, `caller errors ${r.totals.errors}`);
    // 1 + 0.2 by the first attempts' share; round-robin's counter also turns on retries, so s3 sees a little more.
    const amp = amplification(r);
    assert.ok(amp >= 1.18 && amp <= 1.24, `amplification ${amp}`);
    assert.equal(r.totals.retries, r.totals.attempts! - r.totals.requests);
    // Server view: the endpoints count attempts, exactly; s3 failed every one it received.
    assert.equal(r.endpoints.reduce((s, e) => s + e.requests, 0), r.totals.attempts);
    assert.equal(r.endpoints[2].ok, 0);
    assert.equal(r.endpoints[2].requests, r.totals.retries);
    assert.deepEqual((r.config.policy as { retry: { maxAttempts: number } }).retry.maxAttempts, 3); // what ran, recorded
    // Shares are of what the servers received together.
    assert.ok(Math.abs(r.endpoints.reduce((s, e) => s + e.share, 0) - 1) < 1e-9);
  });

  it('a retry budget of 0.2 holds amplification at 1.2 + minPerSecond when every server fails half; unbudgeted retries reach ~1.9', () => {
    const pool = poolOf(5, { ...fast, errorRate: 0.5 });
    const retry = { maxAttempts: 5, retryOn: ['http_500'] };
    const base = { pool, strategy: 'round-robin', load: open1000, requests: 20_000, seed: 1 } as const;
    const free = run({ ...base, policy: { retry } });
    // 1 + 1/2 + 1/4 + 1/8 + 1/16 = 1.9375 for 5 attempts.
    assert.ok(Math.abs(amplification(free) - 1.9375) < 0.03, `unbudgeted ${amplification(free)}`);
    const r = run({ ...base, policy: { retry, budget: { ratio: 0.2, minPerSecond: 10, ttl: '10s' } } });
    // 20 s at 1000/s: minPerSecond adds 10 x 20 = 200 retries, 0.01; 0.005 more for the bucket's start.
    const amp = amplification(r);
    assert.ok(amp >= 1.15 && amp <= 1.2 + 0.01 + 0.005, `budgeted ${amp}`);
    assert.ok(r.totals.budgetDenied! > 5000, `denied ${r.totals.budgetDenied}`);
    assert.ok(r.events.some((e) => e.type === 'budget-exhausted'));
  });

  it('hedging just above the fast mode of a bimodal server cuts caller p99 to near the hedge delay', () => {
    const pool = poolOf(3, { slots: 200, service: { type: 'mix', p: 0.95, a: { type: 'constant', ms: 5 }, b: { type: 'constant', ms: 100 } } });
    const base = { pool, strategy: 'round-robin', load: { model: 'open', rate: 500 }, requests: 20_000, seed: 1 } as const;
    const plain = run(base);
    assert.ok(plain.totals.latency.p99 >= 95, `unhedged p99 ${plain.totals.latency.p99}`);
    const r = run({ ...base, policy: { hedging: { maxAttempts: 2, delay: '7ms' } } });
    // A slow first attempt is hedged at 7 ms and the hedge is fast (5 ms): 12 ms; both slow: 0.25 % < 1 %.
    assert.ok(r.totals.latency.p99 <= 7 + 5 + 1, `hedged p99 ${r.totals.latency.p99}`);
    const amp = amplification(r);
    assert.ok(amp > 1.03 && amp < 1.07, `hedges ${r.totals.hedges}, amplification ${amp}`);
    assert.equal(r.totals.hedges, r.totals.attempts! - r.totals.requests);
  });

  it('a deadline bounds every caller latency, across retries and per-try timeouts', () => {
    const pool = poolOf(3, { slots: 4, service: { type: 'exponential', meanMs: 40 } });
    const base = { pool, strategy: 'least-request', load: { model: 'open', rate: 80 }, requests: 5000, seed: 1, timeoutMs: 5000 } as const;
    assert.ok(run(base).totals.latency.max > 150);
    const r = run({ ...base, policy: { deadline: '100ms', retry: { maxAttempts: 3, retryOn: ['timeout'], perTryTimeout: '40ms' } } });
    // The histogram keeps three significant digits.
    assert.ok(r.totals.latency.max <= 100 * 1.001, `max ${r.totals.latency.max}`);
    assert.ok(r.totals.retries! > 0 && (r.totals.errorsByKind.timeout ?? 0) > 0);
    // Abandoned attempts still reached their servers: counted there as `cancelled`.
    assert.ok(r.endpoints.some((e) => (e.errorsByKind.cancelled ?? 0) > 0));
  });

  it('a circuit breaker fails requests over its limit locally as overflow: nothing is sent for them', () => {
    const pool = poolOf(2, { slots: 100, service: { type: 'constant', ms: 50 } });
    // 1000/s x 50 ms = 50 outstanding on average, over a limit of 30.
    const r = run({ pool, strategy: 'round-robin', load: open1000, requests: 5000, seed: 3, policy: { circuitBreaker: { maxRequests: 30, maxRetries: 3 } } });
    const overflow = r.totals.errorsByKind.overflow ?? 0;
    assert.ok(overflow > 1000, `overflow ${overflow}`);
    assert.equal(r.totals.overflow, overflow);
    assert.equal(r.totals.attempts, r.totals.requests - overflow);
    assert.equal(r.endpoints.reduce((s, e) => s + e.requests, 0), r.totals.attempts);
  });

  it('takes a cancelled attempt out of its server queue unserved, so an overloaded server keeps serving some in time', () => {
    // One slot, 10 ms a request, 200/s offered: twice what it can serve. The deadline cancels what waits too long.
    const pool = poolOf(1, { slots: 1, service: { type: 'constant', ms: 10 }, rttMs: 0 });
    const base = { pool, strategy: 'round-robin', load: { model: 'open', rate: 200 }, requests: 4000, seed: 4, timeoutMs: 60_000 } as const;
    const out = runSimulation({ ...base, policy: { deadline: '25ms' } });
    const r = out.result;
    assertValidRunResult(JSON.parse(JSON.stringify(r)));
    // Were cancelled requests served anyway, the FIFO queue would grow by 100/s and every wait pass
    // 25 ms after a quarter second: about 50 ok of 4000 (1.3 %). Taken out, the queue stays short;
    // the server still spends most of its time on heads that expire in service (FIFO under overload).
    const okShare = r.totals.ok / r.totals.requests;
    assert.ok(okShare > 0.05 && okShare <= 0.5, `ok share ${okShare}`);
    assert.ok(r.totals.latency.max <= 25 * 1.001);
    assert.equal(r.endpoints[0].requests, r.totals.attempts);
    assert.equal(r.endpoints[0].errorsByKind.cancelled, r.totals.errors);
    // The callers' view is exact: Little's law over the requests in the system and their latencies.
    assertLittle(out);
  });

  it('a closed-model caller refused at once (circuit breaker) waits before its next request, so time moves on', () => {
    const pool = poolOf(2, { slots: 100, service: { type: 'constant', ms: 20 } });
    const r = run({ pool, strategy: 'round-robin', load: { model: 'closed', concurrency: 50 }, durationMs: 1000, seed: 1, policy: { circuitBreaker: { maxRequests: 10, maxRetries: 3 } } });
    // 10 in flight at 20 ms: 500 sent per second; 40 callers refused, each retrying after 1 ms: ~40,000 overflows.
    assert.ok(r.totals.attempts! >= 450 && r.totals.attempts! <= 510, `attempts ${r.totals.attempts}`);
    assert.ok(r.totals.overflow! > 30_000 && r.totals.overflow! < 41_000, `overflow ${r.totals.overflow}`);
  });

  it('keeps the timeline: attempts and retries beside requests, summing to the totals', () => {
    const pool = poolOf(3, { ...fast, errorRate: 0.3 });
    const r = run({ pool, strategy: 'round-robin', load: open1000, durationMs: 5000, seed: 2, policy: { retry: { maxAttempts: 3, retryOn: ['http_500'] } } });
    const sum = (f: (p: (typeof r.timeline)[number]) => number): number => r.timeline.reduce((s, p) => s + f(p), 0);
    assert.equal(sum((p) => p.total.requests), r.totals.requests);
    assert.equal(sum((p) => p.total.attempts ?? -1e9), r.totals.attempts);
    assert.equal(sum((p) => p.total.retries ?? -1e9), r.totals.retries);
  });

  it('is deterministic, in the closed model and with keys too, and counts each request once', () => {
    const c: SimulationConfig = {
      pool: poolOf(4, { ...fast, errorRate: 0.4 }),
      strategy: 'p2c-peak-ewma',
      load: { model: 'closed', concurrency: 20 },
      requests: 8000,
      warmupMs: 200,
      key: { space: 100 },
      seed: 5,
      policy: { retry: { maxAttempts: 3, retryOn: ['http_500'], otherEndpoint: true }, throttling: { maxTokens: 10, tokenRatio: 0.1 } },
    };
    const a = runSimulation(c);
    assert.equal(JSON.stringify(a.result), JSON.stringify(simulate(c)));
    assertValidRunResult(JSON.parse(JSON.stringify(a.result)));
    assert.equal(a.result.totals.requests + a.result.totals.warmupRequests!, 8000);
    assert.ok(a.result.totals.throttled! > 0, `throttled ${a.result.totals.throttled}`);
  });

  it('prints attempts and amplification under the table when a policy ran, and nothing of it otherwise', () => {
    const pool = poolOf(5, fast);
    pool.endpoints[2].sim = { ...fast, errorRate: 1 };
    const base = { pool, strategy: 'round-robin', load: open1000, requests: 2000, seed: 1 } as const;
    const r = run({ ...base, policy: { retry: { maxAttempts: 3, retryOn: ['http_500'], otherEndpoint: true } } });
    const line = totalsLine(r);
    assert.match(line, /\npolicy: [\d,]+ attempts for 2,000 requests \(amplification 1\.\d\dx\) · retries [\d,]+/);
    assert.equal(endpointTable(r).rows.at(-1)![0], 'total (callers)');
    const plain = run(base);
    assert.ok(!totalsLine(plain).includes('policy'));
    assert.equal(endpointTable(plain).rows.at(-1)![0], 'total');
  });

  it('leaves runs without a policy without the policy fields; a version 1 result still reads', () => {
    const r = run({ pool: poolOf(2, fast), strategy: 'round-robin', load: open1000, requests: 1000, seed: 1 });
    for (const f of ['attempts', 'retries', 'hedges', 'budgetDenied', 'throttled', 'overflow']) assert.ok(!(f in r.totals), f);
    assert.ok(r.timeline.every((p) => p.total.attempts === undefined));
    assertValidRunResult({ ...JSON.parse(JSON.stringify(r)), schemaVersion: 1 });
  });
});
