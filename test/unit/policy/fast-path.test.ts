import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { createBalancer } from '../../../src/engine/registry';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import type { ClientPolicy } from '../../../src/pools/policy-types';
import { PolicyLayer, RetryBudgetBucket, RetryThrottle, VirtualClock, type RequestResult } from '../../../src/policy';
import { CountedBalancer, VirtualServers, copyResult, retryPolicy, type Behaviour } from './harness';

/** Finagle's leaky bucket as it was first written here: the slice index recomputed (floor, two modulos) on every call. */
class ReferenceBudget {
  private readonly slices = new Float64Array(10);
  private epoch = -Infinity;
  constructor(private readonly sliceMs: number, private readonly dep: number, private readonly reserve: number) {}
  deposit(now: number): void {
    this.slices[this.advance(now)] += this.dep;
  }
  tryWithdraw(now: number): boolean {
    const at = this.advance(now);
    if (this.units() < 1000) return false;
    this.slices[at] -= 1000;
    return true;
  }
  balance(now: number): number {
    this.advance(now);
    return Math.floor(this.units() / 1000);
  }
  private units(): number {
    return this.slices.reduce((s, v) => s + v, this.reserve);
  }
  private advance(now: number): number {
    const epoch = Math.floor(now / this.sliceMs);
    if (epoch > this.epoch) {
      const gone = Math.min(10, epoch - this.epoch);
      for (let k = 1; k <= gone; k++) this.slices[(((epoch - gone + k) % 10) + 10) % 10] = 0;
      this.epoch = epoch;
    }
    return ((this.epoch % 10) + 10) % 10;
  }
}

describe('policy: the common request made cheap, with the same answers', () => {
  it('the retry budget, its slice index now kept between calls, answers as the per-call computation did (fast-check, fixed seed)', () => {
    // Mostly steps within a slice or two, so deposits expire while the balance is read; now and then a jump past the window.
    const dt = fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.double({ min: 0, max: 60, noNaN: true }), weight: 6 }, { arbitrary: fc.double({ min: 0, max: 3000, noNaN: true }), weight: 1 });
    const op = fc.record({ dt, kind: fc.constantFrom('deposit', 'deposit', 'withdraw', 'balance') });
    fc.assert(
      fc.property(fc.constantFrom(1000, 500, 333), fc.double({ min: 0.2, max: 1, noNaN: true }), fc.integer({ min: 0, max: 2 }), fc.array(op, { minLength: 100, maxLength: 400 }), (ttlMs, ratio, minPerSecond, ops) => {
        const b = new RetryBudgetBucket({ ratio, minPerSecond, ttlMs });
        const ref = new ReferenceBudget(ttlMs / 10, Math.round(ratio * 1000), Math.round(minPerSecond * (ttlMs / 1000) * 1000));
        let now = 0;
        for (const { dt, kind } of ops) {
          now += dt;
          if (kind === 'deposit') {
            b.deposit(now);
            ref.deposit(now);
          } else if (kind === 'withdraw') assert.equal(b.tryWithdraw(now), ref.tryWithdraw(now), `withdraw at ${now}`);
          else assert.equal(b.balance(now), ref.balance(now), `balance at ${now}`);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('retry throttling, skipping a success at full tokens, flips on and off at the same answers (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 1000 }), fc.array(fc.boolean(), { minLength: 20, maxLength: 200 }), (maxTokens, milli, answers) => {
        const th = new RetryThrottle({ maxTokens, tokenRatio: milli / 1000 });
        // A6 in thousandths, tokens in [0, max], throttled at or below half.
        let tokens = maxTokens * 1000;
        for (const ok of answers) {
          const was = tokens * 2 <= maxTokens * 1000;
          tokens = ok ? Math.min(maxTokens * 1000, tokens + milli) : Math.max(0, tokens - 1000);
          const is = tokens * 2 <= maxTokens * 1000;
          assert.equal(th.record(ok), was !== is);
          assert.equal(th.throttled, is);
          assert.equal(th.count, tokens / 1000);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('attemptRecords off: the same requests, answers, counters and dones, with an empty frozen attempts list', () => {
    const policy: ClientPolicy = { retry: retryPolicy({ maxAttempts: 3, otherEndpoint: true, initialBackoffMs: 2 }), budget: { ratio: 0.2, minPerSecond: 5, ttlMs: 1000 } };
    const run = (attemptRecords: boolean | undefined) => {
      const clock = new VirtualClock();
      const flaky = (seed: number): Behaviour => {
        const r = createSeededRandom(seed);
        return () => ({ ms: 1 + Math.floor(r() * 9), answer: r() < 0.3 ? { ok: false, errorKind: 'http_503' } : { ok: true } });
      };
      const behaviours: Record<string, Behaviour> = { a: flaky(1), b: flaky(2), c: flaky(3) };
      const endpoints = Object.keys(behaviours).map((id) => ({ id, address: id, weight: 1 }));
      const balancer = new CountedBalancer(createBalancer('least-request', endpoints, { now: () => clock.now(), random: createSeededRandom(5) }));
      const layer = new PolicyLayer({ policy, balancer, clock, sender: new VirtualServers(clock, behaviours), random: createSeededRandom(6), attemptRecords });
      const results: RequestResult[] = [];
      for (let i = 0; i < 500; i++) clock.setTimer(i, () => layer.request(undefined, (r) => results.push(copyResult(r))));
      clock.run();
      return { results, layer, balancer };
    };
    const on = run(undefined);
    const off = run(false);
    assert.ok(on.layer.counters.retries > 50, `retries taken: ${on.layer.counters.retries}`);
    assert.equal(on.results.reduce((s, r) => s + r.attempts.length, 0), on.layer.counters.attempts, 'by default every attempt has its record');
    assert.deepEqual(off.results.map(({ attempts: _a, ...r }) => r), on.results.map(({ attempts: _a, ...r }) => r));
    assert.deepEqual(off.layer.counters, on.layer.counters);
    assert.deepEqual([off.balancer.picks, off.balancer.dones, off.balancer.doubleDones], [on.balancer.picks, on.balancer.dones, 0]);
    for (const r of off.results) assert.ok(r.attempts.length === 0 && Object.isFrozen(r.attempts));
  });
});
