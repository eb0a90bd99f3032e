/**
 * The two small interfaces the policy layer is written against, so it holds no I/O and no timers
 * of its own: a clock with a scheduler (real timers in a live run, the event queue in a
 * simulation) and an attempt sender (a transport call, or a virtual server). And what the layer
 * reports per request.
 */
import type { Endpoint, LoadReport } from '../engine/types';

export interface PolicyClock {
  /** ms, on the same scale as `at`. */
  now(): number;
  /**
   * Calls `fn` once at `at` (at once when `at` has passed, but never from inside this call);
   * returns a cancel, to call while the timer waits or from inside `fn`, not after `fn` has
   * returned (a clock may reuse it for a later timer: the simulator's slot table does). The layer
   * calls a timer's cancel only so: a timer that ran is never cancelled after it (its request has
   * cleared `waiting` or settled the attempt, or finished).
   */
  setTimer(at: number, fn: () => void): () => void;
}

/** Why an attempt was sent. */
export type AttemptCause = 'first' | 'retry' | 'hedge';

export interface AttemptInfo {
  /** The layer's number of the request, from 0. */
  request: number;
  /** This attempt's number within the request, from 0. */
  attempt: number;
  cause: AttemptCause;
}

/** What a server said about retrying, as it said it (header or trailer values). */
export interface Pushback {
  /** gRPC `grpc-retry-pushback-ms`: whole ms to wait; negative or malformed means "do not retry" (gRFC A6). */
  grpcRetryPushbackMs?: string;
  /** HTTP `Retry-After` in seconds (an HTTP-date is not read: the backoff applies). */
  retryAfter?: string;
}

export interface AttemptAnswer {
  ok: boolean;
  /** Set when `ok` is false: `refused`, `http_503`, `grpc_UNAVAILABLE`, ... */
  errorKind?: string;
  /** As the sender measured it; default the clock's time since the attempt was sent. */
  latencyMs?: number;
  load?: number;
  report?: LoadReport;
  pushback?: Pushback;
}

export interface AttemptSender {
  /**
   * Sends one attempt to `endpoint`; calls `onAnswer` at most once, now or later. The returned
   * cancel abandons the attempt (a hedge that lost, a timeout): after it, `onAnswer` is not called.
   */
  send(endpoint: Endpoint, info: AttemptInfo, onAnswer: (answer: AttemptAnswer) => void): () => void;
}

/** How an attempt ended: its answer, its per-try timeout, cancelled as a losing hedge, cut by the deadline, or never sent. */
export type AttemptEnd = 'answered' | 'per-try-timeout' | 'cancelled' | 'deadline' | 'not-sent';

export interface AttemptRecord {
  /** Empty when no endpoint was usable (`not-sent`). */
  endpoint: string;
  cause: AttemptCause;
  start: number;
  end: number;
  ok: boolean;
  errorKind?: string;
  how: AttemptEnd;
}

/** The caller's view of one request; the layer's is valid only during `onFinal` (see result.ts). */
export interface RequestResult {
  request: number;
  ok: boolean;
  /** The final attempt's kind; `timeout` when the deadline ended it; `overflow` when the circuit breaker refused it. */
  errorKind?: string;
  /** The first intended send (the open model's schedule) ... */
  startedAt: number;
  /** ... to the final answer. */
  endedAt: number;
  latencyMs: number;
  /** Attempts sent (not-sent ones are not counted), and of them retries and hedges. */
  sent: number;
  retries: number;
  hedges: number;
  attempts: AttemptRecord[];
}

/** What the layer did, over every request it was given. */
export interface PolicyCounters {
  requests: number;
  /** Attempts sent (what servers received). */
  attempts: number;
  retries: number;
  hedges: number;
  /** Retries or hedges the retry budget refused. */
  budgetDenied: number;
  /** Retries or hedges retry throttling refused. */
  throttled: number;
  /** Requests, retries or hedges the circuit breaker refused (nothing sent). */
  overflow: number;
}
