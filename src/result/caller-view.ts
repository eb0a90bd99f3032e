/**
 * The callers' view of a run under a client policy (issue 12): each request once, however many
 * attempts it took, with its final outcome. The Recorder keeps it beside the per-endpoint state,
 * which then counts attempts (what each server received), so both views are exact.
 */
import { ErrorKindCounter } from './error-kinds';

export class CallerView {
  requests = 0;
  ok = 0;
  readonly errorKinds = new ErrorKindCounter();
  /** Of the measured requests: attempts sent, of them retries and hedges. */
  attempts = 0;
  retries = 0;
  hedges = 0;
  /** The policy layer's refusals over the whole run, told at the end (`refusals`). */
  budgetDenied = 0;
  throttled = 0;
  overflow = 0;

  refusals(r: Pick<CallerView, 'budgetDenied' | 'throttled' | 'overflow'>): void {
    this.budgetDenied = r.budgetDenied;
    this.throttled = r.throttled;
    this.overflow = r.overflow;
  }

  record(ok: boolean, errorKind: string | undefined, a: RequestAttempts): void {
    this.requests++;
    this.attempts += a.attempts;
    this.retries += a.retries;
    this.hedges += a.hedges;
    if (ok) this.ok++;
    else this.errorKinds.add(errorKind ?? 'other');
  }
}

/** What a request under a policy took, as the Recorder is told it (no per-request allocation). */
export interface RequestAttempts {
  attempts: number;
  retries: number;
  hedges: number;
}

/** A request's final answer as `Recorder.requestFinished` reads it (the policy layer's RequestResult is one). */
export interface CallerAnswer {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly latencyMs: number;
  readonly ok: boolean;
  readonly errorKind?: string;
}
