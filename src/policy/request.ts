/**
 * One request under a client policy: its attempts, their timers, and the one final answer.
 *
 * - Deadline: one timer at start + deadline ends the request as `timeout`, cancelling what is
 *   outstanding or waiting (so no caller latency exceeds it, a backoff included).
 * - Retry (gRFC A6): after a failure whose kind is in `retryOn`, unless attempts are out or the
 *   server pushed back "stop", wait the backoff (or the pushback) and, if the circuit breaker,
 *   throttling and budget admit it, send again; `perTryTimeout` abandons a slow attempt as
 *   `timeout` (Envoy). `otherEndpoint` re-picks away from endpoints already tried (reselect.ts).
 * - Hedging (gRFC A6): a new attempt every `delay` until one succeeds or attempts are out; a
 *   `nonFatal` failure sends the next at once; any other failure ends the request; the first
 *   success wins and the rest are cancelled.
 * Every attempt is a pick and gets exactly one done(): its answer; a timeout as a failure; a
 * losing hedge as a success with the time it had run (a lower bound, and not the server's fault,
 * so outlier detection does not eject it for losing a race); a re-pick handed back under
 * `otherEndpoint` with that endpoint's own earlier answer to this request.
 */
import type { LoadReport, Pick, PickContext } from '../engine/types';
import { Attempt, type AttemptOwner } from './attempt';
import { backoffMs, pushbackMs } from './backoff';
import type { PolicyLayer } from './layer';
import { pickAvoidingTried } from './reselect';
import { NO_RECORDS } from './result';
import type { AttemptAnswer, AttemptCause, AttemptEnd, AttemptRecord, Pushback, RequestResult } from './types';

const backoff = backoffMs, serverPushback = pushbackMs, repick = pickAvoidingTried; // local: under tsx an import is a getter call per use

/**
 * Pooled by its layer: one object per request in flight, reused once its final answer is given,
 * with its attempts and timer callbacks made once, so the common request (one attempt, answered
 * ok) allocates nothing in the layer (bench/policy.bench.ts). It is its onFinal's RequestResult
 * (valid during onFinal only), so the final answer copies nothing; `attempts` are built when read,
 * so a caller that reads only the figures (a simulation, a bench) makes no record.
 */
export class PolicyRequest implements AttemptOwner, RequestResult {
  /** Attempts made in this life are `list[0..count)`; the rest are kept for later lives. */
  private readonly list: Attempt[] = [];
  private count = 0;
  request = 0; // the layer's number of it, from 0
  ok = false;
  errorKind: string | undefined = undefined;
  private ctx: PickContext | undefined = undefined;
  /** Set by the layer before init: a double passed to a call not inlined is boxed, unless it is one already. */
  startedAt = 0;
  endedAt = 0;
  latencyMs = 0;
  private onFinal: ((r: RequestResult) => void) | undefined = undefined;
  nextFree: PolicyRequest | undefined = undefined; // the layer's free list
  private outstanding = 0;
  sent = 0;
  retries = 0;
  hedges = 0;
  private backoffs = 0;
  private finished = false;
  private noMoreHedges = false;
  private waiting: (() => void) | undefined = undefined;
  private deadline: (() => void) | undefined = undefined;
  /** The failure a retry waits to follow: the request fails with it if the retry is refused. */
  private retryKind = '';
  private readonly onDeadline = (): void => this.finish(false, 'timeout', 'deadline');
  private readonly onHedge = (): void => this.hedge();
  private readonly onRetry = (): void => this.retryDue();

  constructor(private readonly layer: PolicyLayer) {}

  get attempts(): AttemptRecord[] {
    return this.layer.attemptRecords ? this.list.slice(0, this.count).map((a) => a.record()) : NO_RECORDS;
  }

  /** A new life: request `id` of the layer. */
  init(id: number, ctx: PickContext | undefined, onFinal: (r: RequestResult) => void): void {
    this.request = id;
    this.ctx = ctx;
    this.onFinal = onFinal;
    this.count = this.outstanding = this.sent = this.retries = this.hedges = this.backoffs = 0;
    this.finished = this.noMoreHedges = false;
    this.waiting = this.deadline = undefined;
  }

  begin(now: number): void {
    const deadlineMs = this.layer.deadlineMs;
    if (deadlineMs !== undefined) {
      // An open-model request sent late may be past its deadline already: nothing is sent for it.
      if (this.startedAt + deadlineMs <= now) return this.finish(false, 'timeout', 'deadline', now);
      this.deadline = this.layer.clock.setTimer(this.startedAt + deadlineMs, this.onDeadline);
    }
    this.launch('first', now);
  }

  /** Refused before any attempt (the circuit breaker). */
  refuse(kind: string): void { this.finish(false, kind); }

  private launch(cause: AttemptCause, now = this.layer.clock.now()): void {
    const { layer } = this;
    const pick = this.pick(cause);
    let a = this.list[this.count++];
    if (a === undefined) this.list.push((a = new Attempt(this)));
    a.reset(this.request, this.sent, cause, pick);
    a.start = a.end = now;
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
      this.retries++;
      layer.counters.retries++;
      layer.outstandingRetries++;
    } else if (cause === 'hedge') {
      this.hedges++;
      layer.counters.hedges++;
    }
    const { perTryTimeoutMs, hedging } = layer;
    if (perTryTimeoutMs !== undefined) a.timer = layer.clock.setTimer(now + perTryTimeoutMs, a.onTimeout);
    if (hedging && this.sent < hedging.maxAttempts && !this.noMoreHedges) {
      this.waiting?.();
      this.waiting = layer.clock.setTimer(now + hedging.delayMs, this.onHedge);
    }
    const life = this.request;
    const cancel = layer.sender.send(pick.endpoint, a, a.onAnswer);
    // An answer given inside send may have ended this life and a new one taken the object since.
    if (!a.settled && this.request === life) a.cancel = cancel;
  }

  /** A pick; a retry under `otherEndpoint` avoids endpoints already tried when others may be usable. */
  private pick(cause: AttemptCause): Pick | undefined {
    const { layer } = this;
    if (cause !== 'retry' || !layer.retry?.otherEndpoint) return layer.balancer.pick(this.ctx);
    return repick(layer, this.ctx, this.list, this.count);
  }

  /** The sender's answer to attempt `a` (through its bound callback). */
  answered(a: Attempt, answer: AttemptAnswer): void {
    if (a.settled) return;
    if (answer.ok && this.count === 1) return this.firstOk(a, answer);
    const now = this.layer.clock.now();
    const kind = answer.ok ? undefined : answer.errorKind ?? 'other';
    a.end = now;
    a.outLatencyMs = answer.latencyMs ?? now - a.start;
    this.settle(a, answer.ok, answer.load, answer.report, 'answered', kind);
    if (this.finished) return;
    if (answer.ok) {
      this.layer.throttleRecord(true);
      this.finish(true, undefined, 'cancelled', now);
      return;
    }
    const passable = this.passable(kind!);
    if (passable) this.layer.throttleRecord(false);
    this.failed(kind!, answer.pushback, passable);
  }

  perTryTimeout(a: Attempt): void {
    if (a.settled || this.finished) return;
    a.cancel?.();
    const now = this.layer.clock.now();
    a.end = now;
    this.settle(a, false, undefined, undefined, 'per-try-timeout', 'timeout');
    const passable = this.passable('timeout');
    if (passable) this.layer.throttleRecord(false);
    this.failed('timeout', undefined, passable);
  }

  /** Whether a failure of `kind` is one the policy retries or hedges past. */
  private passable(kind: string): boolean {
    const { retry, hedging } = this.layer;
    return retry ? retry.retryOn.includes(kind) : hedging ? hedging.nonFatal.includes(kind) : false;
  }

  /** `passable`: this.passable(kind), when the caller has it. */
  private failed(kind: string, pushback: Pushback | undefined, passable = this.passable(kind)): void {
    const { retry, hedging } = this.layer;
    if (retry) this.retryAfterFailure(kind, pushback, passable);
    else if (hedging) this.hedgeAfterFailure(kind, pushback, passable);
    else this.finish(false, kind);
  }

  private retryAfterFailure(kind: string, pushback: Pushback | undefined, retryable: boolean): void {
    const { layer } = this;
    const retry = layer.retry!;
    if (!retryable || this.sent >= retry.maxAttempts) return this.finish(false, kind);
    let wait = pushback !== undefined && retry.honorPushback ? serverPushback(pushback) : undefined;
    if (wait === 'stop') return this.finish(false, kind);
    if (wait === undefined) wait = backoff(retry, ++this.backoffs, layer.random);
    else this.backoffs = 0;
    this.retryKind = kind;
    this.waiting = layer.clock.setTimer(layer.clock.now() + wait, this.onRetry);
  }

  private retryDue(): void {
    this.waiting = undefined;
    if (this.finished) return;
    if (this.layer.admit('retry')) this.finish(false, this.retryKind);
    else this.launch('retry');
  }

  private hedgeAfterFailure(kind: string, pushback: Pushback | undefined, nonFatal: boolean): void {
    const hedging = this.layer.hedging!;
    if (!nonFatal) return this.finish(false, kind);
    const wait = serverPushback(pushback);
    if (wait === 'stop') this.stopHedging();
    if (this.sent < hedging.maxAttempts && !this.noMoreHedges) {
      this.waiting?.();
      this.waiting = undefined;
      if (typeof wait === 'number') this.waiting = this.layer.clock.setTimer(this.layer.clock.now() + wait, this.onHedge);
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
      if (this.outstanding === 0) this.finish(false, (n > 0 ? this.list[n - 1].errorKind : undefined) ?? 'other');
      return;
    }
    this.launch('hedge');
  }

  private stopHedging(): void {
    this.noMoreHedges = true;
    this.waiting?.();
    this.waiting = undefined;
  }

  /** The common request, ok on its first attempt: answered → settle → finish in straight line (only a hedge's timer or the deadline can wait). */
  private firstOk(a: Attempt, answer: AttemptAnswer): void {
    const { layer } = this;
    const now = layer.clock.now();
    a.settled = true;
    a.timer?.();
    layer.outstanding--;
    this.outstanding = 0;
    this.endedAt = a.end = now;
    a.pick!.done(a.okInto(layer.outcome, answer));
    layer.throttleRecord(true);
    this.finished = true;
    this.waiting?.();
    this.deadline?.();
    this.final(true, undefined);
  }

  /** Settles `a` at `a.end` (an answer's latency in `outLatencyMs`: doubles in fields, not boxed through the call), and calls its pick's done() with the layer's one Outcome. */
  private settle(a: Attempt, ok: boolean, load: number | undefined, report: LoadReport | undefined, how: AttemptEnd, kind: string | undefined): void {
    a.settled = true;
    a.timer?.();
    const { layer } = this;
    layer.outstanding--;
    if (a.cause === 'retry') layer.outstandingRetries--;
    if (how !== 'answered') a.outLatencyMs = a.end - a.start;
    a.ok = ok && how === 'answered';
    a.how = how;
    if (kind !== undefined) a.errorKind = kind;
    this.outstanding--;
    a.pick!.done(a.outcomeInto(layer.outcome, ok, load, report));
  }

  /** The one final answer; what is still outstanding ends as `others` (cancelled losers, or cut by the deadline). */
  private finish(ok: boolean, kind: string | undefined, others: 'cancelled' | 'deadline' = 'cancelled', now = this.layer.clock.now()): void {
    if (this.finished) return;
    this.finished = true;
    this.waiting?.();
    this.deadline?.();
    const n = this.count;
    for (let i = 0; i < n; i++) {
      const a = this.list[i];
      if (a.settled) continue;
      a.cancel?.();
      const lost = others === 'cancelled';
      a.end = now;
      this.settle(a, lost, undefined, undefined, others, lost ? undefined : 'timeout');
    }
    this.endedAt = now;
    this.final(ok, kind);
  }

  /** Gives this request, as its result, to onFinal, and goes back to the layer's pool. */
  private final(ok: boolean, kind: string | undefined): void {
    this.ok = ok;
    this.errorKind = ok ? undefined : kind;
    this.latencyMs = this.endedAt - this.startedAt;
    const onFinal = this.onFinal!;
    this.ctx = undefined;
    this.onFinal = undefined;
    try {
      onFinal(this);
    } finally {
      this.layer.release(this);
    }
  }
}
