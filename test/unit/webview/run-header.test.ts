/** The header of every result view: what was run, read back from the result's config (issue 14). */
import { strict as assert } from 'node:assert';
import type { RunResult } from '../../../src/result/types';
import { loadText, policySummary, runHeaderModel } from '../../../src/webview/model/run-header';
import { eventfulResult } from './fixtures';
import { retryResult } from './policy-fixture';

const valueOf = (r: RunResult, key: string) => runHeaderModel(r).find((i) => i.key === key)?.value;

describe('webview: run header', () => {
  it('names the pool, strategy, load, duration, policy, seed, tool and date of a simulation', () => {
    const r = retryResult('retry-budget', 2000);
    assert.deepEqual(
      runHeaderModel(r).map((i) => [i.key, i.value]),
      [
        ['pool', 'retry-budget, 5 endpoints over http'],
        ['strategy', 'round-robin'],
        ['load', 'open model, 1,000 req/s'],
        ['duration', '2.00 s (measured 2.00 s)'],
        ['policy', 'retry up to 5 attempts on http_500 (backoff 10.0 ms..100 ms x2); budget 20% of requests + 10/s over 10.0 s'],
        ['seed', '1'],
        ['tool', `rpc-balancer ${r.tool.version}`],
        ['date', 'virtual time (a simulation)'],
      ],
    );
  });

  it('a scenario is listed step by step; no policy, no policy line', () => {
    const r = eventfulResult();
    assert.equal(valueOf(r, 'policy'), undefined);
    const scenario = valueOf(r, 'scenario')!;
    assert.match(scenario, /^\d+ steps?: /);
    assert.ok(scenario.includes('s2'), scenario);
    assert.equal(valueOf(r, 'strategy'), 'weighted-round-robin');
  });

  it('a load test shows its start as a UTC date, and strategy options as name=value', () => {
    const r = eventfulResult();
    const live: RunResult = { ...r, kind: 'loadtest', startedAt: '2026-03-04T05:06:07.890Z', config: { ...r.config, strategy: 'least-request', strategyOptions: { choiceCount: 3 } } };
    assert.equal(valueOf(live, 'date'), '2026-03-04 05:06:07 UTC');
    assert.equal(valueOf(live, 'strategy'), 'least-request (choiceCount=3)');
    assert.equal(valueOf(live, 'seed'), undefined);
  });

  it('says how the load was made: closed, staged, capped', () => {
    assert.equal(loadText({ model: 'closed', concurrency: 32 }), 'closed model, 32 callers');
    assert.equal(loadText({ model: 'closed', concurrency: 8, thinkTimeMs: 50 }), 'closed model, 8 callers, think time 50.0 ms');
    assert.equal(loadText({ model: 'open', rate: 2000, stages: [{ durationMs: 1000, target: 2000 }, { durationMs: 1000, target: 500 }] }), 'open model, 2 stages to a peak of 2,000 req/s');
    assert.equal(loadText({ model: 'open', rate: 50, maxInFlight: 10 }), 'open model, 50.0 req/s, at most 10 in flight');
  });

  it('summarises every part of a policy, and leaves out fields of another shape instead of failing', () => {
    assert.equal(
      policySummary({ deadlineMs: 100, hedging: { maxAttempts: 2, delayMs: 7 }, throttling: { maxTokens: 10, tokenRatio: 0.1 }, circuitBreaker: { maxRequests: 1024, maxRetries: 3 } }),
      'deadline 100 ms; hedge up to 2 attempts every 7.00 ms; throttling 10 tokens, ratio 0.1; circuit breaker 1,024 requests, 3 retries',
    );
    assert.equal(policySummary({ retry: { maxAttempts: 3, retryOn: ['timeout'], perTryTimeoutMs: 40, otherEndpoint: true } }), 'retry up to 3 attempts on timeout (per try 40.0 ms, other endpoint)');
    assert.equal(policySummary({ retry: { maxAttempts: 'three' }, budget: 'lots' }), 'retry up to ? attempts');
    assert.equal(policySummary('retry'), 'none');
    assert.equal(policySummary({}), 'none');
  });
});
