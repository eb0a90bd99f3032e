/**
 * Live runs apply the client policy (issue 12): retries against the demo servers on 127.0.0.1,
 * counted. Every run is bounded by a request count (no wall-clock window) and seeded; the
 * figures are the callers' view (`totals`) and the servers' (`endpoints[]`, attempts).
 *
 * The math the bounds come from, with failure probability f per attempt, independent:
 * - retry up to n attempts, every kind retried: attempts per request = Σ_{k<n} f^k, caller errors f^n;
 * - one of 4 servers fails everything, a random pick, a retry avoiding it (otherEndpoint): attempts
 *   = 1 + 1/4 (first attempts that land there), and a caller error needs the retry's 6 picks (1 +
 *   reselectAttempts 5) all to land there too: (1/4)^7 ≈ 6e-5;
 * - Finagle's budget: over any ttl, retries ≤ ratio × requests + a reserve of minPerSecond × ttl;
 *   the reserve's withdrawals expire with the window, so over a run of D s it is spent at most
 *   once per window: retries ≤ ratio × requests + minPerSecond × (D + ttl), per client (worker).
 */
import assert from 'node:assert/strict';
import { runLoadTest } from '../../src/loadtest';
import type { Pool } from '../../src/pools/types';
import type { RunResult } from '../../src/result/types';
import { assertValidRunResult } from '../../src/result/validate';
import { runSimulation } from '../../src/simulate';
import { demo } from '../helpers/loadtest-servers';

const closed = { model: 'closed' as const, concurrency: 8 };
const amplification = (r: RunResult): number => r.totals.attempts! / r.totals.requests;
const served = (r: RunResult): number => r.endpoints.reduce((s, ep) => s + ep.requests, 0);
/** The budget's bound on amplification (see above): ratio 0.2, minPerSecond 1, ttl 10 s, per client. */
const budgetBound = (r: RunResult, clients: number): number => 1.2 + (clients * 1 * (r.durationMs / 1000 + 10)) / r.totals.requests;

function show(r: RunResult): string {
  const t = r.totals;
  return `requests ${t.requests}, errors ${t.errors}, attempts ${t.attempts}, retries ${t.retries}, budgetDenied ${t.budgetDenied}, amplification ${amplification(r).toFixed(3)}`;
}

function print(name: string, r: RunResult): void {
  if (process.env.PRINT_FIGURES) console.log(`${name}: ${show(r)}`);
}

describe('live runs apply the client policy: retries (demo servers)', function () {
  this.timeout(120_000);

  it('one of 4 servers fails every request; retry with otherEndpoint: caller errors < 0.5 %, amplification 1.25 ± 0.05', async () => {
    const { servers, pool } = await demo(['s1', 's2', 's3', 's4'].map((id) => ({ id, medianMs: 2, p99Ms: 8, errorRate: id === 's4' ? 1 : 0 })));
    try {
      const policy = { retry: { maxAttempts: 2, initialBackoff: '1ms', maxBackoff: '2ms', retryOn: ['http_500'], otherEndpoint: true } };
      const r = await runLoadTest({ pool: pool as Pool, strategy: 'random', load: closed, requests: 2000, seed: 11, policy });
      assertValidRunResult(r);
      print('one server down', r);
      assert.equal(r.status, 'completed');
      assert.equal(r.totals.requests, 2000);
      assert.ok(r.totals.errors / r.totals.requests < 0.005, show(r));
      assert.ok(Math.abs(amplification(r) - 1.25) <= 0.05, show(r));
      // Both views exact: the servers received every attempt, the callers saw each request once.
      assert.equal(served(r), r.totals.attempts, 'endpoints count attempts');
      const s4 = r.endpoints.find((e) => e.id === 's4')!;
      assert.equal(s4.errorsByKind.http_500, s4.requests, 's4 failed every attempt it got');
      assert.equal(r.totals.retries, r.totals.attempts! - r.totals.requests, 'a retry per failed first attempt');
    } finally {
      await servers.close();
    }
  });

  it('every server fails half its requests: unbudgeted retries reach Σ 0.5^k (2 attempts 1.5 ± 0.06, 5 attempts 1.9375 ± 0.08), a 0.2 budget holds ≤ 1.2 + minPerSecond × (duration + ttl) / requests', async () => {
    const { servers, pool } = await demo(['s1', 's2', 's3', 's4'].map((id) => ({ id, medianMs: 2, p99Ms: 8, errorRate: 0.5 })));
    try {
      const retry = (maxAttempts: number) => ({ maxAttempts, initialBackoff: '1ms', maxBackoff: '2ms', retryOn: ['http_500'] });
      const run = (policy: Record<string, unknown>, seed: number) => runLoadTest({ pool: pool as Pool, strategy: 'round-robin', load: closed, requests: 2000, seed, policy });
      const two = await run({ retry: retry(2) }, 21);
      const five = await run({ retry: retry(5) }, 22);
      const budgeted = await run({ retry: retry(5), budget: { ratio: 0.2, minPerSecond: 1, ttl: '10s' } }, 23);
      for (const [name, r] of [['2 attempts', two], ['5 attempts', five], ['5 attempts, budget 0.2', budgeted]] as const) {
        assertValidRunResult(r);
        print(name, r);
        assert.equal(r.totals.requests, 2000);
        assert.equal(served(r), r.totals.attempts);
      }
      assert.ok(Math.abs(amplification(two) - 1.5) <= 0.06, show(two));
      // sd of attempts per request: 0.5 with 2 attempts, 1.2 with 5; over 2000 requests 0.011 and 0.027.
      assert.ok(Math.abs(amplification(five) - 1.9375) <= 0.08, show(five));
      // Caller errors f^n: 25 % with 2 attempts, 3.1 % with 5 (binomial sd over 2000: 1 % and 0.4 %).
      assert.ok(Math.abs(two.totals.errors / 2000 - 0.25) <= 0.04, show(two));
      assert.ok(five.totals.errors / 2000 <= 0.05, show(five));
      // The budget holds, and binds: without it retries would take the run to ~1.94.
      const bound = budgetBound(budgeted, 1);
      assert.ok(amplification(budgeted) <= bound + 1e-9, `${show(budgeted)}, bound ${bound}`);
      assert.ok(amplification(budgeted) >= 1.15, show(budgeted));
      assert.ok(budgeted.totals.budgetDenied! > 0, show(budgeted));
      assert.ok(budgeted.events.some((e) => e.type === 'budget-exhausted'), 'the budget says when it ran out');
    } finally {
      await servers.close();
    }
  });

  it('on 2 worker threads each holds its own layer: a 0.2 budget with a reserve each holds ≤ 1.2 + 2 × minPerSecond × (duration + ttl) / requests, and the merged counts add up', async () => {
    const { servers, pool } = await demo(['s1', 's2', 's3', 's4'].map((id) => ({ id, medianMs: 2, p99Ms: 8, errorRate: 0.5 })));
    try {
      const policy = { retry: { maxAttempts: 5, initialBackoff: '1ms', maxBackoff: '2ms', retryOn: ['http_500'] }, budget: { ratio: 0.2, minPerSecond: 1, ttl: '10s' } };
      const r = await runLoadTest({ pool: pool as Pool, strategy: 'round-robin', load: closed, requests: 2000, workers: 2, seed: 24, policy });
      assertValidRunResult(r);
      print('2 workers, budget 0.2', r);
      assert.equal(r.config.workers, 2);
      assert.equal(r.totals.requests, 2000);
      assert.equal(served(r), r.totals.attempts, 'endpoints count attempts');
      assert.equal(r.totals.retries, r.totals.attempts! - r.totals.requests);
      const bound = budgetBound(r, 2);
      assert.ok(amplification(r) <= bound + 1e-9 && amplification(r) >= 1.15, `${show(r)}, bound ${bound}`);
      assert.ok(r.totals.budgetDenied! > 0, show(r));
      const timeline = r.timeline.reduce((s, p) => s + (p.total.attempts ?? 0), 0);
      assert.equal(timeline, r.totals.attempts, 'the timeline holds every attempt of the measured requests');
    } finally {
      await servers.close();
    }
  });

  it('the same variant live and simulated agrees on amplification within 10 % (3 attempts at 30 % errors: 1.39)', async () => {
    const sim = { slots: 16, service: { type: 'lognormal', medianMs: 2, p99Ms: 8 }, errorRate: 0.3 };
    const { servers, pool } = await demo(['s1', 's2', 's3'].map((id) => ({ id, medianMs: 2, p99Ms: 8, errorRate: 0.3, sim })));
    try {
      const policy = { retry: { maxAttempts: 3, initialBackoff: '1ms', maxBackoff: '4ms', retryOn: ['http_500'] } };
      const config = { pool: pool as Pool, strategy: 'least-request' as const, load: closed, requests: 2000, seed: 31, policy };
      const live = await runLoadTest(config);
      const simulated = runSimulation(config).result;
      for (const r of [live, simulated]) assertValidRunResult(r);
      print('live', live);
      print('simulated', simulated);
      const [l, s] = [amplification(live), amplification(simulated)];
      assert.ok(Math.abs(l - s) / s <= 0.1, `live ${l.toFixed(3)}, simulated ${s.toFixed(3)}`);
      // Both near 1 + 0.3 + 0.09, so neither agrees with the other by being equally wrong.
      for (const a of [l, s]) assert.ok(Math.abs(a - 1.39) <= 0.07, `amplification ${a.toFixed(3)}, want 1.39`);
    } finally {
      await servers.close();
    }
  });
});
