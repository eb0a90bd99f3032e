/**
 * An attempt of a PolicyRequest, in flight or settled. It is also the AttemptInfo the sender gets
 * (valid during `send` only: the object is reused by its request's next lives), and it holds what
 * its AttemptRecord and its done() said, so a settled attempt needs no Outcome object of its own.
 * Attempts belong to one pooled request for good: their callbacks are bound once, when the
 * request is first made, and no request allocates an attempt after its first life.
 */
import type { LoadReport, Outcome, Pick } from '../engine/types';
import type { AttemptAnswer, AttemptCause, AttemptEnd, AttemptInfo, AttemptRecord } from './types';

/** What the attempt's owner does with its two events. */
export interface AttemptOwner {
  answered(a: Attempt, answer: AttemptAnswer): void;
  perTryTimeout(a: Attempt): void;
}

export class Attempt implements AttemptInfo {
  request = 0;
  attempt = 0;
  cause: AttemptCause = 'first';
  /** Undefined when no endpoint was usable (`not-sent`). */
  pick: Pick | undefined = undefined;
  start = 0;
  end = 0;
  ok = false;
  errorKind: string | undefined = undefined;
  how: AttemptEnd = 'answered';
  settled = false;
  cancel: (() => void) | undefined = undefined;
  timer: (() => void) | undefined = undefined;
  /** What done() was given, once settled: a re-pick of this endpoint is handed back with the same. */
  hasOutcome = false;
  outLatencyMs = 0;
  outOk = false;
  outLoad: number | undefined = undefined;
  outReport: LoadReport | undefined = undefined;
  /** Bound once: the sender's callback and the per-try timer's. */
  readonly onAnswer: (answer: AttemptAnswer) => void;
  readonly onTimeout: () => void;

  constructor(owner: AttemptOwner) {
    this.onAnswer = (answer) => owner.answered(this, answer);
    this.onTimeout = () => owner.perTryTimeout(this);
  }

  /** A new attempt; its owner sets `start` and `end` (no double passed to a call). */
  reset(request: number, attempt: number, cause: AttemptCause, pick: Pick | undefined): void {
    this.request = request;
    this.attempt = attempt;
    this.cause = cause;
    this.pick = pick;
    this.ok = false;
    this.errorKind = undefined;
    this.how = 'answered';
    this.settled = false;
    this.cancel = undefined;
    this.timer = undefined;
    this.hasOutcome = false;
    this.outLoad = undefined;
    this.outReport = undefined;
  }

  /** Keeps what this attempt's done() is given (its latency set in `outLatencyMs` first), and fills `o` with it. */
  outcomeInto(o: Outcome, ok: boolean, load: number | undefined, report: LoadReport | undefined): Outcome {
    this.hasOutcome = true;
    o.latencyMs = this.outLatencyMs;
    o.ok = this.outOk = ok;
    o.load = this.outLoad = load;
    o.report = this.outReport = report;
    return o;
  }

  /**
   * Answered ok at `end` (set first), and its request ends with it: fills `o` for its done(). Keeps
   * nothing of it in `out*`: only a later attempt of the same request (a re-pick handed back) reads
   * those, and there is none.
   */
  okInto(o: Outcome, answer: AttemptAnswer): Outcome {
    this.ok = true;
    o.latencyMs = answer.latencyMs ?? this.end - this.start;
    o.ok = true;
    o.load = answer.load;
    o.report = answer.report;
    return o;
  }

  record(): AttemptRecord {
    const r: AttemptRecord = { endpoint: this.pick ? this.pick.endpoint.id : '', cause: this.cause, start: this.start, end: this.end, ok: this.ok, how: this.how };
    if (this.errorKind !== undefined) r.errorKind = this.errorKind;
    return r;
  }
}
