import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import type { ClientPolicy } from '../../../src/pools/policy-types';
import { retryPolicy, rig, type Behaviour } from './harness';

/** A server that fails `share` of its attempts (seeded) after `ms`, with kind http_503. */
const flaky = (share: number, ms: number, seed: number): Behaviour => {
  const r = createSeededRandom(seed);
  return () => ({ ms, answer: r() < share ? { ok: false, errorKind: 'http_503' } : { ok: true } });
};

describe('policy: properties (fast-check, fixed seed)', () => {
  it('attempts per request <= maxAttempts, every pick gets exactly one done, caller latency <= deadline, one answer per request', () => {
    const policyArb = fc.oneof(
      fc.record({
        maxAttempts: fc.integer({ min: 2, max: 5 }), perTry: fc.option(fc.integer({ min: 5, max: 80 }), { nil: undefined }),
        otherEndpoint: fc.boolean(), initial: fc.integer({ min: 1, max: 40 }),
      }).map(({ maxAttempts, perTry, otherEndpoint, initial }): ClientPolicy => ({
        retry: retryPolicy({ maxAttempts, perTryTimeoutMs: perTry, otherEndpoint, initialBackoffMs: initial }),
      })),
      fc.record({ maxAttempts: fc.integer({ min: 2, max: 5 }), delay: fc.integer({ min: 1, max: 50 }) })
        .map(({ maxAttempts, delay }): ClientPolicy => ({ hedging: { maxAttempts, delayMs: delay, nonFatal: ['http_503'] } })),
    );
    const caseArb = fc.record({
      policy: policyArb,
      deadline: fc.option(fc.integer({ min: 10, max: 300 }), { nil: undefined }),
      budget: fc.boolean(), throttle: fc.boolean(), breaker: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
      servers: fc.array(fc.record({ share: fc.double({ min: 0, max: 1, noNaN: true }), ms: fc.integer({ min: 1, max: 120 }) }), { minLength: 1, maxLength: 5 }),
      arrivals: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 40 }),
      strategy: fc.constantFrom('round-robin' as const, 'least-request' as const, 'p2c-peak-ewma' as const),
      seed: fc.integer({ min: 1, max: 1000 }),
    });
    fc.assert(
      fc.property(caseArb, (c) => {
        const policy: ClientPolicy = { ...c.policy };
        if (c.deadline !== undefined && !(policy.retry?.perTryTimeoutMs && policy.retry.perTryTimeoutMs > c.deadline)) policy.deadlineMs = c.deadline;
        if (c.budget) policy.budget = { ratio: 0.2, minPerSecond: 1, ttlMs: 1000 };
        if (c.throttle) policy.throttling = { maxTokens: 4, tokenRatio: 0.5 };
        if (c.breaker !== undefined) policy.circuitBreaker = { maxRequests: c.breaker, maxRetries: 1 };
        const behaviours = Object.fromEntries(c.servers.map((s, i) => [`s${i}`, flaky(s.share, s.ms, c.seed + i)]));
        const t = rig(policy, behaviours, c.strategy, c.seed);
        for (const at of c.arrivals) t.clock.setTimer(at, () => t.go());
        t.clock.run();
        const max = (policy.retry ?? policy.hedging)!.maxAttempts;
        assert.equal(t.results.length, c.arrivals.length);
        assert.equal(new Set(t.results.map((r) => r.request)).size, c.arrivals.length);
        for (const r of t.results) {
          assert.ok(r.attempts.length <= max, `request ${r.request}: ${r.attempts.length} attempts > ${max}`);
          if (policy.deadlineMs !== undefined) assert.ok(r.latencyMs <= policy.deadlineMs, `latency ${r.latencyMs} > deadline ${policy.deadlineMs}`);
          for (const a of r.attempts) assert.ok(a.end <= r.endedAt && a.start >= r.startedAt);
        }
        assert.equal(t.balancer.dones, t.balancer.picks);
        assert.equal(t.balancer.doubleDones, 0);
        assert.equal(t.layer.outstanding, 0);
        assert.equal(t.layer.outstandingRetries, 0);
        assert.equal(t.clock.pending, 0, 'no timer left behind');
        assert.equal(t.layer.counters.attempts, t.servers.sent.length);
      }),
      { numRuns: 150 },
    );
  });
});

describe('policy: the issue\'s figures, simulated on the virtual clock (seeded)', () => {
  const amplification = (t: ReturnType<typeof rig>) => t.layer.counters.attempts / t.layer.counters.requests;
  const failed = (t: ReturnType<typeof rig>) => t.results.filter((r) => !r.ok).length / t.results.length;

  it('one server of four failing everything, behind retry + otherEndpoint: callers lose ~nothing, amplification ~ 1 + its share', () => {
    const t = rig({ retry: retryPolicy({ maxAttempts: 2, otherEndpoint: true, initialBackoffMs: 1 }) }, {
      bad: flaky(1, 2, 1), a: flaky(0, 5, 2), b: flaky(0, 5, 3), c: flaky(0, 5, 4),
    }, 'random');
    for (let i = 0; i < 4000; i++) t.clock.setTimer(i, () => t.go());
    t.clock.run();
    assert.equal(failed(t), 0, 'every failure was retried elsewhere');
    const amp = amplification(t);
    assert.ok(amp > 1.22 && amp < 1.28, `amplification ${amp}, expected 1.25 +- 0.03`);
  });

  it('every server failing half: unbudgeted retries (5 attempts) reach ~1.94x; a 0.2 budget holds it to 1.2x + minPerSecond', () => {
    const servers = () => ({ a: flaky(0.5, 2, 11), b: flaky(0.5, 2, 12), c: flaky(0.5, 2, 13) });
    const retry = retryPolicy({ maxAttempts: 5, initialBackoffMs: 1, maxBackoffMs: 4 });
    // 10 s at 1000 requests/s: the minimum adds 10/s x 10 s = 100 retries to 10,000 requests, +0.01.
    const free = rig({ retry }, servers());
    const capped = rig({ retry, budget: { ratio: 0.2, minPerSecond: 10, ttlMs: 10_000 } }, servers());
    for (const t of [free, capped]) {
      for (let i = 0; i < 10_000; i++) t.clock.setTimer(i, () => t.go());
      t.clock.run();
    }
    const ampFree = amplification(free);
    const ampCapped = amplification(capped);
    assert.ok(ampFree > 1.9 && ampFree < 1.98, `unbudgeted amplification ${ampFree}, expected 1 + 1/2 + 1/4 + 1/8 + 1/16 = 1.9375`);
    assert.ok(ampCapped <= 1.21 && ampCapped > 1.18, `budgeted amplification ${ampCapped}, expected at most 1.2 + 0.01`);
    assert.ok(failed(capped) > failed(free), 'the budget trades caller errors for load');
  });

  it('hedging just above the fast mode of a bimodal server cuts caller p99 to near the hedge delay', () => {
    // 90 % answer in 5 ms, 10 % in 200 ms; a hedge at 8 ms.
    const bimodal = (seed: number): Behaviour => {
      const r = createSeededRandom(seed);
      return () => ({ ms: r() < 0.9 ? 5 : 200, answer: { ok: true } });
    };
    const p99 = (policy: ClientPolicy): number => {
      const t = rig(policy, { a: bimodal(21), b: bimodal(22), c: bimodal(23) }, 'round-robin');
      for (let i = 0; i < 5000; i++) t.clock.setTimer(i * 2, () => t.go());
      t.clock.run();
      const sorted = t.results.map((r) => r.latencyMs).sort((x, y) => x - y);
      return sorted[Math.floor(sorted.length * 0.99)];
    };
    assert.equal(p99({}), 200);
    const hedged = p99({ hedging: { maxAttempts: 2, delayMs: 8, nonFatal: [] } });
    // A request is slow only if both attempts are (1 %): p99 is at most the hedge's 8 + 5 ms, where the 1 % tail begins.
    assert.ok(hedged <= 13, `hedged p99 ${hedged} ms, expected <= 8 + 5`);
  });
});
