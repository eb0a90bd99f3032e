/**
 * One request under a client policy: its attempts, their timers, and the one final answer.
 *
 * - Deadline: one timer at start + deadline ends the request as `timeout`, cancelling what is
 *   outstanding or waiting (so no caller latency exceeds it, a backoff included).
 * - Retry (gRFC A6): after a failure whose kind is in `retryOn`, unless attempts are out or the
 *   server pushed back "stop", wait the backoff (or the pushback) and, if the circuit breaker,
 *   throttling and budget admit it, send again; `perTryTimeout` abandons a slow attempt as
 *   `timeout` (Envoy). `otherEndpoint` re-picks, a bounded number of times, while the pick is an
 *   endpoint this request already tried (Envoy's previous_hosts predicate).
 * - Hedging (gRFC A6): a new attempt every `delay` until one succeeds or attempts are out; a
 *   `nonFatal` failure sends the next at once; any other failure ends the request; the first
 *   success wins and the rest are cancelled.
 * Every attempt is a pick and gets exactly one done(): its answer; a timeout as a failure; a
 * losing hedge as a success with the time it had run (a lower bound, and not the server's fault,
 * so outlier detection does not eject it for losing a race); a re-pick handed back under
 * `otherEndpoint` with that endpoint's own earlier answer to this request.
 */
import type { Outcome, Pick, PickContext } from '../engine/types';
import { backoffMs, pushbackMs } from './backoff';
import type { PolicyLayer } from './layer';
import type { AttemptAnswer, AttemptCause, AttemptEnd, AttemptInfo, AttemptRecord, Pushback, RequestResult } from './types';

/**
 * An attempt in flight or settled. It is also the AttemptInfo the sender gets, and it holds what
 * the AttemptRecord will say, so the common request (one attempt, answered ok) allocates this,
 * its answer callback, the Outcome for done() and the result — no record until the result is
 * built, no list of attempts until a second one (bench/policy.bench.ts measured ~8 objects and
 * two 17-slot arrays per request before, most of the layer's cost).
 */
class Attempt implements AttemptInfo {
  end: number;
  ok = false;
  errorKind: string | undefined = undefined;
  how: AttemptEnd = 'answered';
  settled = false;
  cancel: (() => void) | undefined = undefined;
  timer: (() => void) | undefined = undefined;
  /** What done() was given, once settled: a re-pick of this endpoint is handed back with it. */
  outcome: Outcome | undefined = undefined;
  /** Bound once: the sender's callback, with no closure over the request's state. */
  readonly onAnswer: (answer: AttemptAnswer) => void;

  constructor(
    owner: PolicyRequest,
    readonly request: number,
    readonly attempt: number,
    readonly cause: AttemptCause,
    /** Undefined when no endpoint was usable (`not-sent`). */
    readonly pick: Pick | undefined,
    readonly start: number,
  ) {
    this.end = start;
    this.onAnswer = (answer) => owner.answered(this, answer);
  }

  record(): AttemptRecord {
    const r: AttemptRecord = { endpoint: this.pick ? this.pick.endpoint.id : '', cause: this.cause, start: this.start, end: this.end, ok: this.ok, how: this.how };
    if (this.errorKind !== undefined) r.errorKind = this.errorKind;
    return r;
  }
}

/** `attempts` of every result when the layer keeps no records: shared, so frozen. */
const NO_RECORDS = Object.freeze([]) as unknown as AttemptRecord[];

export class PolicyRequest {
  /** The first attempt; the later ones, in order, in `more` (allocated only when there is a second). */
  private first?: Attempt;
  private more?: Attempt[];
  private outstanding = 0;
  private sent = 0;
  private backoffs = 0;
  private finished = false;
  private noMoreHedges = false;
  private waiting?: () => void;
  private deadline?: () => void;

  constructor(
    private readonly layer: PolicyLayer,
    private readonly id: number,
    private readonly ctx: PickContext | undefined,
    private readonly startedAt: number,
    private readonly onFinal: (r: RequestResult) => void,
  ) {}

  begin(now: number): void {
    const deadlineMs = this.layer.deadlineMs;
    if (deadlineMs !== undefined) {
      // An open-model request sent late may be past its deadline already: nothing is sent for it.
      if (this.startedAt + deadlineMs <= now) return this.finish(false, 'timeout', 'deadline', now);
      this.deadline = this.layer.clock.setTimer(this.startedAt + deadlineMs, () => this.finish(false, 'timeout', 'deadline'));
    }
    this.launch('first', now);
  }

  /** Refused before any attempt (the circuit breaker). */
  refuse(kind: string): void {
    this.finish(false, kind);
  }

  private add(a: Attempt): void {
    if (this.first === undefined) this.first = a;
    else (this.more ??= []).push(a);
  }

  /** The n-th attempt, sent or not-sent, from 0. */
  private nth(i: number): Attempt {
    return i === 0 ? this.first! : this.more![i - 1];
  }

  private get count(): number {
    return this.first === undefined ? 0 : 1 + (this.more?.length ?? 0);
  }

  private launch(cause: AttemptCause, now = this.layer.clock.now()): void {
    const { layer } = this;
    const pick = this.pick(cause);
    const a = new Attempt(this, this.id, this.sent, cause, pick, now);
    this.add(a);
    if (!pick) {
      a.settled = true;
      a.how = 'not-sent';
      a.errorKind = 'no_endpoint';
      this.failed('no_endpoint', undefined);
      return;
    }
    this.outstanding++;
    this.sent++;
    layer.counters.attempts++;
    layer.outstanding++;
    if (cause === 'retry') {
      layer.counters.retries++;
      layer.outstandingRetries++;
    } else if (cause === 'hedge') layer.counters.hedges++;
    const { perTryTimeoutMs, hedging } = layer;
    if (perTryTimeoutMs !== undefined) a.timer = layer.clock.setTimer(now + perTryTimeoutMs, () => this.perTryTimeout(a));
    if (hedging && this.sent < hedging.maxAttempts && !this.noMoreHedges) {
      this.waiting?.();
      this.waiting = layer.clock.setTimer(now + hedging.delayMs, () => this.hedge());
    }
    const cancel = layer.sender.send(pick.endpoint, a, a.onAnswer);
    if (!a.settled) a.cancel = cancel;
  }

  /** A pick, avoiding endpoints already tried when the policy says so and others may be usable. */
  private pick(cause: AttemptCause): Pick | undefined {
    const { balancer, retry, reselectAttempts } = this.layer;
    let pick = balancer.pick(this.ctx);
    if (cause !== 'retry' || !retry?.otherEndpoint) return pick;
    const tried = new Set<string>();
    for (let i = 0, n = this.count; i < n; i++) {
      const p = this.nth(i).pick;
      if (p) tried.add(p.endpoint.id);
    }
    if (tried.size >= balancer.endpoints().length) return pick;
    for (let i = 0; i < reselectAttempts && pick && tried.has(pick.endpoint.id); i++) {
      pick.done(this.earlierOutcome(pick.endpoint.id));
      pick = balancer.pick(this.ctx);
    }
    return pick;
  }

  /** The latest outcome this request had from endpoint `id` (retries are sequential: it is settled). */
  private earlierOutcome(id: string): Outcome {
    for (let i = this.count - 1; i >= 0; i--) {
      const a = this.nth(i);
      if (a.pick?.endpoint.id === id && a.outcome) return a.outcome;
    }
    return { latencyMs: 0, ok: true };
  }

  /** The sender's answer to attempt `a` (through its bound callback). */
  answered(a: Attempt, answer: AttemptAnswer): void {
    if (a.settled) return;
    const now = this.layer.clock.now();
    const outcome: Outcome = { latencyMs: answer.latencyMs ?? now - a.start, ok: answer.ok };
    if (answer.load !== undefined) outcome.load = answer.load;
    if (answer.report !== undefined) outcome.report = answer.report;
    const kind = answer.ok ? undefined : answer.errorKind ?? 'other';
    this.settle(a, outcome, 'answered', kind, now);
    if (this.finished) return;
    if (answer.ok) {
      this.layer.throttleRecord(true);
      this.finish(true, undefined, 'cancelled', now);
      return;
    }
    if (this.passable(kind!)) this.layer.throttleRecord(false);
    this.failed(kind!, answer.pushback);
  }

  private perTryTimeout(a: Attempt): void {
    if (a.settled || this.finished) return;
    a.cancel?.();
    this.settle(a, { latencyMs: this.layer.clock.now() - a.start, ok: false }, 'per-try-timeout', 'timeout');
    if (this.passable('timeout')) this.layer.throttleRecord(false);
    this.failed('timeout', undefined);
  }

  /** Whether a failure of `kind` is one the policy retries or hedges past. */
  private passable(kind: string): boolean {
    const { retry, hedging } = this.layer;
    return retry ? retry.retryOn.includes(kind) : hedging ? hedging.nonFatal.includes(kind) : false;
  }

  private failed(kind: string, pushback: Pushback | undefined): void {
    const { retry, hedging } = this.layer;
    if (retry) this.retryAfterFailure(kind, pushback);
    else if (hedging) this.hedgeAfterFailure(kind, pushback);
    else this.finish(false, kind);
  }

  private retryAfterFailure(kind: string, pushback: Pushback | undefined): void {
    const { layer } = this;
    const retry = layer.retry!;
    if (!retry.retryOn.includes(kind) || this.sent >= retry.maxAttempts) return this.finish(false, kind);
    let wait = retry.honorPushback ? pushbackMs(pushback) : undefined;
    if (wait === 'stop') return this.finish(false, kind);
    if (wait === undefined) wait = backoffMs(retry, ++this.backoffs, layer.random);
    else this.backoffs = 0;
    this.waiting = layer.clock.setTimer(layer.clock.now() + wait, () => {
      this.waiting = undefined;
      if (this.finished) return;
      if (layer.admit('retry')) this.finish(false, kind);
      else this.launch('retry');
    });
  }

  private hedgeAfterFailure(kind: string, pushback: Pushback | undefined): void {
    const hedging = this.layer.hedging!;
    if (!hedging.nonFatal.includes(kind)) return this.finish(false, kind);
    const wait = pushbackMs(pushback);
    if (wait === 'stop') this.stopHedging();
    if (this.sent < hedging.maxAttempts && !this.noMoreHedges) {
      this.waiting?.();
      this.waiting = undefined;
      if (typeof wait === 'number') this.waiting = this.layer.clock.setTimer(this.layer.clock.now() + wait, () => this.hedge());
      else this.hedge();
    }
    if (this.outstanding === 0 && this.waiting === undefined && !this.finished) this.finish(false, kind);
  }

  private hedge(): void {
    this.waiting = undefined;
    if (this.finished || this.noMoreHedges) return;
    if (this.layer.admit('hedge')) {
      this.stopHedging();
      const n = this.count;
      if (this.outstanding === 0) this.finish(false, (n > 0 ? this.nth(n - 1).errorKind : undefined) ?? 'other');
      return;
    }
    this.launch('hedge');
  }

  private stopHedging(): void {
    this.noMoreHedges = true;
    this.waiting?.();
    this.waiting = undefined;
  }

  private settle(a: Attempt, outcome: Outcome, how: AttemptEnd, kind: string | undefined, now = this.layer.clock.now()): void {
    a.settled = true;
    a.timer?.();
    const { layer } = this;
    layer.outstanding--;
    if (a.cause === 'retry') layer.outstandingRetries--;
    a.end = now;
    a.ok = outcome.ok && how === 'answered';
    a.how = how;
    if (kind !== undefined) a.errorKind = kind;
    this.outstanding--;
    a.outcome = outcome;
    a.pick!.done(outcome);
  }

  /** The one final answer; what is still outstanding ends as `others` (cancelled losers, or cut by the deadline). */
  private finish(ok: boolean, kind: string | undefined, others: 'cancelled' | 'deadline' = 'cancelled', now = this.layer.clock.now()): void {
    if (this.finished) return;
    this.finished = true;
    this.waiting?.();
    this.deadline?.();
    const n = this.count;
    for (let i = 0; i < n; i++) {
      const a = this.nth(i);
      if (a.settled) continue;
      a.cancel?.();
      const lost = others === 'cancelled';
      this.settle(a, { latencyMs: now - a.start, ok: lost }, others, lost ? undefined : 'timeout', now);
    }
    // The records are built once, here: after finish no attempt changes, so they say what the live objects did.
    let attempts = NO_RECORDS;
    if (this.layer.attemptRecords) {
      attempts = n === 1 ? [this.first!.record()] : [];
      if (n > 1) for (let i = 0; i < n; i++) attempts.push(this.nth(i).record());
    }
    const result: RequestResult = { request: this.id, ok, startedAt: this.startedAt, endedAt: now, latencyMs: now - this.startedAt, attempts };
    if (!ok) result.errorKind = kind;
    this.onFinal(result);
  }
}
