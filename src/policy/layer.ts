/**
 * The client policy layer (issue 12): between the caller and the balancer, one per client (a
 * live run's worker, a simulation). It holds what requests share — the retry budget, retry
 * throttling, the circuit breaker's outstanding counts, the counters and events — and starts a
 * PolicyRequest (pooled) per request. Written against PolicyClock and AttemptSender only, so the same code
 * runs live (real timers, transports) and simulated (the event queue, virtual servers).
 */
import type { Balancer, Outcome, PickContext } from '../engine/types';
import type { CircuitBreaker, ClientPolicy, HedgingPolicy, RetryPolicy } from '../pools/policy-types';
import type { RunEvent } from '../result/types';
import { policyEvent } from '../run/events';
import { RetryBudgetBucket } from './budget';
import { PolicyRequest } from './request';
import { RetryThrottle } from './throttle';
import type { AttemptCause, AttemptSender, PolicyClock, PolicyCounters, RequestResult } from './types';

export interface PolicyLayerOptions {
  policy: ClientPolicy;
  balancer: Balancer;
  clock: PolicyClock;
  sender: AttemptSender;
  /** Seeded: the backoff jitter draws from it. */
  random: () => number;
  /** Budget and throttling events, `at` in ms since `t0`. */
  onEvent?: (e: RunEvent) => void;
  /** The clock's reading at the run's start; default its reading now. */
  t0?: number;
  /**
   * With `otherEndpoint`, how many more picks a retry may take to find an endpoint this request
   * has not tried before it goes to the last one picked (Envoy's `host_selection_retry_max_attempts`,
   * default 1 there; more here, since a pick handed back costs no connection).
   */
  reselectAttempts?: number;
  /**
   * Whether each RequestResult lists its attempts (`attempts`, default true; built only when
   * read). Off, `attempts` is an empty frozen list.
   */
  attemptRecords?: boolean;
}

export const LAYER_DEFAULTS = Object.freeze({ reselectAttempts: 5, attemptRecords: true });

/** Why a retry or hedge was not sent. */
export type Refusal = 'overflow' | 'throttled' | 'budget';

export class PolicyLayer {
  readonly policy: ClientPolicy;
  readonly balancer: Balancer;
  readonly clock: PolicyClock;
  readonly sender: AttemptSender;
  readonly random: () => number;
  readonly reselectAttempts: number;
  readonly attemptRecords: boolean;
  /**
   * The policy's parts as fields of one fixed shape, read on every attempt. The ClientPolicy objects
   * callers pass differ in shape (a deadline or not, perTryTimeout or not), and reading them on the
   * hot path made those loads polymorphic once two layers ran in one process.
   */
  readonly deadlineMs: number | undefined;
  readonly retry: RetryPolicy | undefined;
  readonly perTryTimeoutMs: number | undefined;
  readonly hedging: HedgingPolicy | undefined;
  readonly breaker: CircuitBreaker | undefined;
  readonly counters: PolicyCounters = { requests: 0, attempts: 0, retries: 0, hedges: 0, budgetDenied: 0, throttled: 0, overflow: 0 };
  /** Attempts sent and not settled, across every request (the circuit breaker's `max_requests`). */
  outstanding = 0;
  /** Retries sent and not settled (`max_retries`). */
  outstandingRetries = 0;
  private readonly budget?: RetryBudgetBucket;
  private readonly throttle?: RetryThrottle;
  private readonly onEvent?: (e: RunEvent) => void;
  private readonly t0: number;
  private budgetExhausted = false;
  private lastDeniedAt = -Infinity;
  /**
   * Requests whose final answer is given, for reuse (at most as many as were ever in flight at
   * once), linked through `nextFree`: a pop and a push are a load and a store, where an array's
   * moved its length and wrote a hole, a cost the common request paid twice.
   */
  private free: PolicyRequest | undefined = undefined;
  /** The Outcome every done() gets: strategies read it during done() and keep none of it. */
  readonly outcome: Outcome = { latencyMs: 0, ok: true, load: undefined, report: undefined };

  constructor(o: PolicyLayerOptions) {
    this.policy = o.policy;
    this.balancer = o.balancer;
    this.clock = o.clock;
    this.sender = o.sender;
    this.random = o.random;
    this.onEvent = o.onEvent;
    this.t0 = o.t0 ?? o.clock.now();
    this.reselectAttempts = o.reselectAttempts ?? LAYER_DEFAULTS.reselectAttempts;
    this.attemptRecords = o.attemptRecords ?? LAYER_DEFAULTS.attemptRecords;
    this.deadlineMs = o.policy.deadlineMs;
    this.retry = o.policy.retry;
    this.perTryTimeoutMs = o.policy.retry?.perTryTimeoutMs;
    this.hedging = o.policy.hedging;
    this.breaker = o.policy.circuitBreaker;
    if (o.policy.budget) this.budget = new RetryBudgetBucket(o.policy.budget);
    if (o.policy.throttling) this.throttle = new RetryThrottle(o.policy.throttling);
  }

  /**
   * Starts a request; `onFinal` gets the caller's view once. `intendedAt` is when the caller meant
   * to send it (the open model's schedule; default now): the caller's latency counts from there.
   */
  request(ctx: PickContext | undefined, onFinal: (r: RequestResult) => void, intendedAt?: number): void {
    const id = this.counters.requests++;
    const now = this.clock.now();
    let r = this.free;
    if (r !== undefined) this.free = r.nextFree;
    else r = new PolicyRequest(this);
    r.startedAt = intendedAt ?? now; // a field, not a parameter: a double passed to a call not inlined is boxed
    r.init(id, ctx, onFinal);
    const cb = this.breaker;
    if (cb && this.outstanding >= cb.maxRequests) {
      this.counters.overflow++;
      r.refuse('overflow');
      return;
    }
    if (this.budget) this.budget.deposit(now);
    r.begin(now);
  }

  /** A request has given its final answer and onFinal has returned. */
  release(r: PolicyRequest): void {
    r.nextFree = this.free;
    this.free = r;
  }

  /** Whether a retry or hedge may go now; counts and reports the refusal when not. Takes from the budget when it may. */
  admit(cause: AttemptCause): Refusal | undefined {
    const cb = this.breaker;
    if (cb && (this.outstanding >= cb.maxRequests || (cause === 'retry' && this.outstandingRetries >= cb.maxRetries))) {
      this.counters.overflow++;
      return 'overflow';
    }
    if (this.throttle?.throttled) {
      this.counters.throttled++;
      return 'throttled';
    }
    if (this.budget) {
      const now = this.clock.now();
      const ok = this.budget.tryWithdraw(now);
      const b = this.policy.budget!;
      if (!ok) {
        if (!this.budgetExhausted) this.emit('budget-exhausted', `retries over ${b.ratio} of requests + ${b.minPerSecond}/s`);
        this.budgetExhausted = true;
        this.lastDeniedAt = now;
        this.counters.budgetDenied++;
        return 'budget';
      }
      // Under a steady storm every few requests deposit one retry's worth: "recovered" waits for a
      // window slice (ttl/10, the budget's own granularity) without a denial, or the events would flap.
      if (this.budgetExhausted && now - this.lastDeniedAt >= b.ttlMs / 10) {
        this.budgetExhausted = false;
        this.emit('budget-recovered', `no retry refused for ${b.ttlMs / 10} ms`);
      }
    }
    return undefined;
  }

  /** An answer for retry throttling: successes, and failures the policy would retry or hedge past. */
  throttleRecord(success: boolean): void {
    const t = this.throttle;
    if (t !== undefined && t.record(success)) this.throttleTurned(t); // small, so it inlines into every answer's path
  }

  private throttleTurned(t: RetryThrottle): void {
    this.emit(t.throttled ? 'throttling-on' : 'throttling-off', `${t.count} of ${this.policy.throttling!.maxTokens} tokens`);
  }

  private emit(type: 'budget-exhausted' | 'budget-recovered' | 'throttling-on' | 'throttling-off', detail: string): void {
    this.onEvent?.(policyEvent(type, this.clock.now() - this.t0, detail));
  }
}
