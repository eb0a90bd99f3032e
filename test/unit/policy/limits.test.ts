import * as assert from 'node:assert/strict';
import { RetryBudgetBucket, RetryThrottle } from '../../../src/policy';
import { fail, never, retryPolicy, rig, type Behaviour } from './harness';

describe('policy: retry budget (Finagle)', () => {
  it('holds ratio x deposits + minPerSecond x ttl, and forgets deposits after ttl', () => {
    const b = new RetryBudgetBucket({ ratio: 0.2, minPerSecond: 10, ttlMs: 10_000 });
    assert.equal(b.balance(0), 100);
    for (let i = 0; i < 1000; i++) b.deposit(0);
    assert.equal(b.balance(0), 300);
    assert.equal(b.balance(9_999), 300);
    assert.equal(b.balance(10_000), 100, 'the deposits of the first slice expire one ttl later');
    const none = new RetryBudgetBucket({ ratio: 0, minPerSecond: 0, ttlMs: 1000 });
    none.deposit(0);
    assert.equal(none.tryWithdraw(0), false);
  });

  it('ratio 0.2 over 10 s with minPerSecond 10: 1000 failing requests get exactly 200 + 100 retries', () => {
    const t = rig({ retry: retryPolicy({ maxAttempts: 2, initialBackoffMs: 1 }), budget: { ratio: 0.2, minPerSecond: 10, ttlMs: 10_000 } }, { a: fail(1, 'http_503'), b: fail(1, 'http_503') });
    for (let i = 0; i < 1000; i++) t.clock.setTimer(i, () => t.go());
    t.clock.run();
    assert.equal(t.results.length, 1000);
    assert.deepEqual([t.layer.counters.retries, t.layer.counters.budgetDenied, t.layer.counters.attempts], [300, 700, 1300]);
    assert.deepEqual(t.events.map((e) => e.type), ['budget-exhausted']);
    // A slice later a retry is allowed again: recovered, once.
    t.clock.setTimer(20_000, () => t.go());
    t.clock.run();
    assert.deepEqual(t.events.map((e) => e.type), ['budget-exhausted', 'budget-recovered']);
    assert.ok(t.events[1].at > 20_001 && t.events[1].at <= 20_002, `recovered at ${t.events[1].at}: the retry after the failure at 20001 ms and a backoff under 1 ms`);
    assert.equal(t.layer.counters.retries, 301);
  });
});

describe('policy: retry throttling (gRFC A6)', () => {
  it('maxTokens 10, tokenRatio 0.1: on at the 5th failure (10 -> 5), off at the success that makes 5.1', () => {
    const th = new RetryThrottle({ maxTokens: 10, tokenRatio: 0.1 });
    const flips: number[] = [];
    for (let i = 1; i <= 6; i++) if (th.record(false)) flips.push(i);
    assert.deepEqual([flips, th.count, th.throttled], [[5], 4, true]);
    for (let i = 1; i <= 11; i++) if (th.record(true)) flips.push(100 + i);
    assert.deepEqual([flips, th.count, th.throttled], [[5, 111], 5.1, false]);
    for (let i = 0; i < 100; i++) th.record(true);
    assert.equal(th.count, 10, 'never above maxTokens');
  });

  it('holds retries back while throttled, with events at the on and off points', () => {
    const failsFirstSix: Behaviour = (_i, _now, n) => ({ ms: 1, answer: n < 6 ? { ok: false, errorKind: 'http_503' } : { ok: true } });
    const t = rig({ retry: retryPolicy({ maxAttempts: 2, initialBackoffMs: 1 }), throttling: { maxTokens: 10, tokenRatio: 0.1 } }, { a: failsFirstSix });
    for (let i = 0; i < 15; i++) {
      t.go();
      t.clock.run();
    }
    assert.deepEqual(t.results.map((r) => r.attempts.length), [2, 2, 1, 1, ...Array(11).fill(1)]);
    assert.equal(t.layer.counters.throttled, 2);
    // On at the failure that takes the 5th token (request 2's first attempt), off at the 11th success after.
    const onAt = t.results[2].attempts[0].end;
    const offAt = t.results[14].endedAt;
    assert.deepEqual(t.events.map((e) => [e.type, e.at]), [['throttling-on', onAt], ['throttling-off', offAt]]);
  });
});

describe('policy: circuit breaker (Envoy cluster limits)', () => {
  it('fails requests over maxRequests outstanding locally as overflow, nothing sent', () => {
    const t = rig({ circuitBreaker: { maxRequests: 2, maxRetries: 3 } }, { a: never });
    for (let i = 0; i < 5; i++) t.go();
    assert.equal(t.servers.sent.length, 2);
    assert.deepEqual(t.results.map((r) => [r.request, r.errorKind, r.attempts.length, r.latencyMs]), [[2, 'overflow', 0, 0], [3, 'overflow', 0, 0], [4, 'overflow', 0, 0]]);
    assert.equal(t.layer.counters.overflow, 3);
    assert.equal(t.balancer.picks, 2, 'no pick for a refused request');
  });

  it('sends no retry over maxRetries outstanding; the request ends with its last failure', () => {
    const firstFails: Behaviour = (info) => (info.cause === 'first' ? { ms: 10, answer: { ok: false, errorKind: 'http_503' } } : 'never');
    const t = rig({ retry: retryPolicy({ maxAttempts: 2, initialBackoffMs: 0.001 }), circuitBreaker: { maxRequests: 100, maxRetries: 1 } }, { a: firstFails });
    for (let i = 0; i < 3; i++) t.go();
    t.clock.run();
    assert.deepEqual([t.layer.counters.retries, t.layer.counters.overflow], [1, 2]);
    assert.deepEqual(t.results.map((r) => r.errorKind), ['http_503', 'http_503']);
    assert.equal(t.layer.outstandingRetries, 1);
  });
});
