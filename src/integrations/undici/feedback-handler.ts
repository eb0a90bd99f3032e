/**
 * Wrappers around the caller's undici handler that watch one exchange and report its outcome
 * exactly once, whatever way it ends: response end, error, upgrade, or the caller aborting
 * (an `AbortSignal`, a body that is destroyed unread, a `fetch` whose response is dropped).
 *
 * undici 7 speaks two handler dialects: the new one (`onRequestStart`, `onResponseStart`,
 * `onResponseData`, `onResponseEnd`, `onResponseError`, with a controller) used by interceptors,
 * and the old one (`onConnect`, `onHeaders`, `onData`, `onComplete`, `onError`) that its own
 * `request()` and `fetch()` still use. We answer in the caller's dialect, as undici's
 * DispatcherBase tells them apart (a handler with `onRequestStart` is new), so nothing is
 * translated and every callback keeps its exact arguments and return value.
 *
 * The outcome: `ok` is "no error and status < 500". One exception, on purpose: an abort by the
 * caller is not the server's failure (Envoy's outlier detection does not count downstream
 * cancellations either), so it is ok unless a 5xx status had already arrived; its latency is
 * the time until the abort, a lower bound, as tower's PeakEwma records a dropped request.
 */
import type { Dispatcher } from 'undici';
import type { LoadReport, Outcome } from '../../engine/types';
import { LOAD_HEADER, parseLoad } from '../../engine/load-report';
import { ORCA_HEADER, parseOrcaHeader } from '../../engine/orca-report';

type Controller = Dispatcher.DispatchController;
type Handler = Dispatcher.DispatchHandler;

/** Status, load, ORCA report and who ended the exchange; calls `finish` once. */
export class ExchangeTracker {
  private status = 0;
  private load: number | undefined;
  private report: LoadReport | undefined;
  private callerAborted = false;
  private settled = false;

  constructor(
    private readonly started: number,
    private readonly now: () => number,
    private readonly finish: (outcome: Outcome) => void,
  ) {}

  /** 1xx answers are not the response; only the final status counts. */
  response(status: number, loadText: string | undefined, orcaText?: string): void {
    if (status < 200 && status !== 101) return;
    this.status = status;
    this.load = parseLoad(loadText);
    this.report = parseOrcaHeader(orcaText);
  }

  abortedByCaller(): void {
    this.callerAborted = true;
  }

  end(): void {
    this.settle(this.status < 500);
  }

  error(): void {
    this.settle(this.callerAborted && this.status < 500);
  }

  private settle(ok: boolean): void {
    if (this.settled) return;
    this.settled = true;
    const outcome: Outcome = { latencyMs: Math.max(0, this.now() - this.started), ok };
    if (this.load !== undefined) outcome.load = this.load;
    if (this.report !== undefined) outcome.report = this.report;
    this.finish(outcome);
  }
}

export function isNewStyle(handler: Handler): boolean {
  return typeof handler.onRequestStart === 'function';
}

/** For old-style handlers (undici's own `request` and `fetch`). */
export class LegacyFeedbackHandler implements Handler {
  constructor(
    private readonly inner: Handler,
    private readonly tracker: ExchangeTracker,
  ) {}

  onConnect(abort: (err?: Error) => void, context?: unknown): void {
    // Every way a caller can give up (signal, destroyed body, dropped fetch response) goes through this abort.
    const tracked = (err?: Error) => {
      this.tracker.abortedByCaller();
      abort(err);
    };
    (this.inner.onConnect as ((a: (err?: Error) => void, c?: unknown) => void) | undefined)?.call(this.inner, tracked, context);
  }

  onResponseStarted(): void {
    this.inner.onResponseStarted?.();
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    this.tracker.response(status, rawHeader(rawHeaders, LOAD_HEADER), rawHeader(rawHeaders, ORCA_HEADER));
    const more = this.inner.onHeaders?.(status, rawHeaders, resume, statusText);
    return more !== false;
  }

  onData(chunk: Buffer): boolean {
    return this.inner.onData?.(chunk) !== false;
  }

  onUpgrade(status: number, rawHeaders: Buffer[] | string[] | null, socket: import('node:stream').Duplex): void {
    // The exchange ends when the socket is handed over; what flows on it afterwards is not a request.
    this.tracker.response(status, rawHeaders ? rawHeader(rawHeaders, LOAD_HEADER) : undefined, rawHeaders ? rawHeader(rawHeaders, ORCA_HEADER) : undefined);
    this.tracker.end();
    this.inner.onUpgrade?.(status, rawHeaders, socket);
  }

  onBodySent(chunkSize: number, totalBytesSent: number): void {
    this.inner.onBodySent?.(chunkSize, totalBytesSent);
  }

  onRequestSent(): void {
    (this.inner as { onRequestSent?: () => void }).onRequestSent?.();
  }

  onComplete(trailers: string[] | null): void {
    this.tracker.end();
    this.inner.onComplete?.(trailers);
  }

  onError(err: Error): void {
    this.tracker.error();
    // As undici's WrapHandler: a handler without onError gets the error thrown back.
    if (!this.inner.onError) throw err;
    this.inner.onError(err);
  }
}

/** For new-style handlers (interceptors, `compose`). */
export class FeedbackHandler implements Handler {
  private controller: Controller | undefined;

  constructor(
    private readonly inner: Handler,
    private readonly tracker: ExchangeTracker,
  ) {}

  onRequestStart(controller: Controller, context: unknown): void {
    this.controller = trackAborts(controller, this.tracker);
    this.inner.onRequestStart?.(this.controller, context);
  }

  onRequestUpgrade(controller: Controller, status: number, headers: Record<string, string | string[] | undefined>, socket: import('node:stream').Duplex): void {
    this.tracker.response(status, first(headers[LOAD_HEADER]), first(headers[ORCA_HEADER]));
    this.tracker.end();
    this.inner.onRequestUpgrade?.(this.controller ?? controller, status, headers, socket);
  }

  onResponseStart(controller: Controller, status: number, headers: Record<string, string | string[] | undefined>, statusMessage?: string): void {
    this.tracker.response(status, first(headers[LOAD_HEADER]), first(headers[ORCA_HEADER]));
    this.inner.onResponseStart?.(this.controller ?? controller, status, headers, statusMessage);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    this.inner.onResponseData?.(this.controller ?? controller, chunk);
  }

  onResponseEnd(controller: Controller, trailers: Record<string, string | string[] | undefined>): void {
    this.tracker.end();
    this.inner.onResponseEnd?.(this.controller ?? controller, trailers);
  }

  onResponseError(controller: Controller, err: Error): void {
    this.tracker.error();
    if (!this.inner.onResponseError) throw err;
    this.inner.onResponseError(this.controller ?? controller, err);
  }
}

/** The same controller, except that an abort is remembered as the caller's. */
function trackAborts(controller: Controller, tracker: ExchangeTracker): Controller {
  return {
    get aborted() { return controller.aborted; },
    get paused() { return controller.paused; },
    get reason() { return controller.reason; },
    get rawHeaders() { return controller.rawHeaders; },
    get rawTrailers() { return controller.rawTrailers; },
    abort(reason: Error) {
      if (!controller.aborted) tracker.abortedByCaller();
      controller.abort(reason);
    },
    pause: () => controller.pause(),
    resume: () => controller.resume(),
  };
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A header from undici's raw `[name, value, ...]` list; `name` in lower case. */
function rawHeader(raw: readonly (Buffer | string)[], name: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const n = raw[i];
    if (n.length === name.length && n.toString().toLowerCase() === name) return raw[i + 1].toString();
  }
  return undefined;
}
