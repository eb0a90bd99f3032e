import * as assert from 'node:assert/strict';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import { backoffMs, pushbackMs } from '../../../src/policy';
import { copyResult, fail, never, retryPolicy, rig, type Behaviour } from './harness';

/** The backoff draws the layer makes (its random is seeded 8 in the harness). */
const draws = (n: number): number[] => {
  const r = createSeededRandom(8);
  return Array.from({ length: n }, () => r());
};

describe('policy: retries (gRFC A6)', () => {
  it('retries a failure after a jittered exponential backoff, at exact times, until attempts are out', () => {
    const t = rig({ retry: retryPolicy({ maxAttempts: 3 }) }, { a: fail(10, 'http_503') });
    t.go();
    t.clock.run();
    const [r1, r2] = draws(2);
    const wait1 = r1 * 25;
    const wait2 = r2 * 50;
    assert.deepEqual(t.servers.sent.map((s) => s.at), [0, 10 + wait1, 20 + wait1 + wait2]);
    assert.deepEqual(t.servers.sent.map((s) => s.info.cause), ['first', 'retry', 'retry']);
    const [res] = t.results;
    assert.equal(res.ok, false);
    assert.equal(res.errorKind, 'http_503');
    assert.equal(res.latencyMs, 30 + wait1 + wait2);
    assert.deepEqual(t.layer.counters, { requests: 1, attempts: 3, retries: 2, hedges: 0, budgetDenied: 0, throttled: 0, overflow: 0 });
    assert.equal(t.balancer.picks, 3);
    assert.equal(t.balancer.dones, 3);
  });

  it('stops at the first success, and does not retry a kind outside retryOn', () => {
    const flaky: Behaviour = (_i, _now, n) => (n === 0 ? { ms: 5, answer: { ok: false, errorKind: 'refused' } } : { ms: 5, answer: { ok: true } });
    const t = rig({ retry: retryPolicy() }, { a: flaky });
    t.go();
    t.clock.run();
    assert.equal(t.results[0].ok, true);
    assert.equal(t.servers.sent.length, 2);
    const u = rig({ retry: retryPolicy() }, { a: fail(5, 'http_500') });
    u.go();
    u.clock.run();
    assert.equal(u.servers.sent.length, 1);
    assert.equal(u.results[0].errorKind, 'http_500');
  });

  it('keeps every backoff within [0, min(initial x multiplier^(n-1), max)]', () => {
    const policy = retryPolicy({ initialBackoffMs: 10, backoffMultiplier: 3, maxBackoffMs: 200 });
    const random = createSeededRandom(3);
    for (let n = 1; n <= 6; n++) {
      const cap = Math.min(10 * 3 ** (n - 1), 200);
      for (let i = 0; i < 200; i++) {
        const w = backoffMs(policy, n, random);
        assert.ok(w >= 0 && w <= cap, `retry ${n}: ${w} outside [0, ${cap}]`);
      }
    }
    assert.equal(backoffMs(policy, 6, () => 0.999999), 0.999999 * 200);
  });

  it('honours gRPC pushback: a wait replaces the backoff, a negative or malformed one stops retries', () => {
    assert.equal(pushbackMs({ grpcRetryPushbackMs: '150' }), 150);
    assert.equal(pushbackMs({ grpcRetryPushbackMs: '-1' }), 'stop');
    assert.equal(pushbackMs({ grpcRetryPushbackMs: '1.5s' }), 'stop');
    assert.equal(pushbackMs({ retryAfter: '2' }), 2000);
    assert.equal(pushbackMs({ retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' }), undefined);
    const waited = rig({ retry: retryPolicy() }, { a: fail(10, 'http_503', { grpcRetryPushbackMs: '150' }) });
    waited.go();
    waited.clock.run();
    assert.deepEqual(waited.servers.sent.map((s) => s.at), [0, 160, 320]);
    const stopped = rig({ retry: retryPolicy() }, { a: fail(10, 'http_503', { grpcRetryPushbackMs: '-1' }) });
    stopped.go();
    stopped.clock.run();
    assert.equal(stopped.servers.sent.length, 1);
    const after = rig({ retry: retryPolicy({ maxAttempts: 2 }) }, { a: fail(10, 'http_503', { retryAfter: '1' }) });
    after.go();
    after.clock.run();
    assert.deepEqual(after.servers.sent.map((s) => s.at), [0, 1010]);
    const ignored = rig({ retry: retryPolicy({ maxAttempts: 2, honorPushback: false }) }, { a: fail(10, 'http_503', { grpcRetryPushbackMs: '-1' }) });
    ignored.go();
    ignored.clock.run();
    assert.deepEqual(ignored.servers.sent.map((s) => s.at), [0, 10 + draws(1)[0] * 25]);
  });

  it('abandons an attempt at perTryTimeout as a timeout, tells the balancer it failed, and retries it', () => {
    const t = rig({ retry: retryPolicy({ maxAttempts: 2, perTryTimeoutMs: 100 }) }, { a: never });
    t.go();
    t.clock.run();
    const wait1 = draws(1)[0] * 25;
    assert.deepEqual(t.servers.sent.map((s) => [s.at, s.cancelledAt]), [[0, 100], [100 + wait1, 200 + wait1]]);
    assert.equal(t.results[0].errorKind, 'timeout');
    assert.deepEqual(t.results[0].attempts.map((a) => a.how), ['per-try-timeout', 'per-try-timeout']);
    assert.deepEqual(t.balancer.outcomes.map((o) => o.outcome), [{ ok: false, latencyMs: 100 }, { ok: false, latencyMs: 100 }]);
  });

  it('ends the request at its deadline, cutting a backoff short', () => {
    const t = rig({ deadlineMs: 50, retry: retryPolicy({ initialBackoffMs: 1000, maxBackoffMs: 1000 }) }, { a: fail(10, 'http_503') });
    t.go();
    t.clock.run();
    assert.ok(draws(1)[0] * 1000 > 40, 'the seeded backoff reaches past the deadline');
    assert.equal(t.servers.sent.length, 1);
    assert.equal(t.results[0].latencyMs, 50);
    assert.equal(t.results[0].errorKind, 'timeout');
    assert.equal(t.clock.pending, 0);
  });

  it('sends nothing for a request whose intended send is a deadline ago (the open model running late)', () => {
    const t = rig({ deadlineMs: 50 }, { a: never });
    t.clock.run(100);
    t.layer.request(undefined, (r) => t.results.push(copyResult(r)), 40);
    assert.deepEqual([t.servers.sent.length, t.results[0].errorKind, t.results[0].latencyMs, t.balancer.picks], [0, 'timeout', 60, 0]);
  });

  it('ends an attempt still outstanding at the deadline, as a failure to the balancer', () => {
    const t = rig({ deadlineMs: 80 }, { a: never });
    t.go();
    t.clock.run();
    assert.deepEqual([t.results[0].latencyMs, t.results[0].errorKind, t.results[0].attempts[0].how], [80, 'timeout', 'deadline']);
    assert.equal(t.servers.sent[0].cancelledAt, 80);
    assert.deepEqual(t.balancer.outcomes[0].outcome, { ok: false, latencyMs: 80 });
  });

  it('otherEndpoint: a retry never revisits an endpoint while untried ones remain (a rotating strategy)', () => {
    const all = { a: fail(5, 'refused'), b: fail(5, 'refused'), c: fail(5, 'refused'), d: fail(5, 'refused') };
    for (const strategy of ['round-robin', 'weighted-round-robin'] as const) {
      const t = rig({ retry: retryPolicy({ maxAttempts: 4, otherEndpoint: true, initialBackoffMs: 1 }) }, all, strategy);
      for (let i = 0; i < 50; i++) t.go();
      t.clock.run();
      for (const r of t.results) {
        const ids = r.attempts.map((a) => a.endpoint);
        assert.equal(new Set(ids).size, 4, `${strategy}: request ${r.request} tried ${ids.join(',')}`);
      }
      assert.equal(t.balancer.picks, t.balancer.dones, strategy);
      assert.equal(t.balancer.doubleDones, 0);
    }
    const one = rig({ retry: retryPolicy({ maxAttempts: 2, otherEndpoint: true }) }, { a: fail(5, 'refused') });
    one.go();
    one.clock.run();
    assert.deepEqual(one.results[0].attempts.map((a) => a.endpoint), ['a', 'a'], 'with no other endpoint the retry goes to the one there is');
  });

  it('otherEndpoint: with a random strategy, re-picks are bounded (Envoy), so a revisit is as rare as the bound makes it', () => {
    // 4 endpoints, the 4th attempt has 1 untried: a revisit needs 1 + 5 picks all on the 3 tried,
    // (3/4)^6 = 17.8 %; without otherEndpoint the first three hold 4 x (1 - (3/4)^3) = 2.31 distinct endpoints on average, so 57.8 %.
    const all = { a: fail(5, 'refused'), b: fail(5, 'refused'), c: fail(5, 'refused'), d: fail(5, 'refused') };
    const revisitsAtFourth = (otherEndpoint: boolean): number => {
      const t = rig({ retry: retryPolicy({ maxAttempts: 4, otherEndpoint, initialBackoffMs: 1 }) }, all, 'random');
      for (let i = 0; i < 400; i++) t.go();
      t.clock.run();
      assert.equal(t.balancer.picks, t.balancer.dones);
      return t.results.filter((r) => new Set(r.attempts.slice(0, 3).map((a) => a.endpoint)).has(r.attempts[3].endpoint)).length / 400;
    };
    const withIt = revisitsAtFourth(true);
    assert.ok(withIt > 0.1 && withIt < 0.26, `revisits at the 4th attempt: ${withIt}, expected about 0.178`);
    const without = revisitsAtFourth(false);
    assert.ok(without > 0.5 && without < 0.66, `revisits without otherEndpoint: ${without}, expected about 0.578`);
  });
});
