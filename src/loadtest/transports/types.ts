/**
 * One interface for the three wire protocols. A transport never chooses an endpoint (the
 * balancer does) and never reads the run's clock: it sends, waits, and says how it went.
 */
import type { Endpoint, LoadReport } from '../../engine/types';
import type { Pushback } from '../../policy/types';
import type { Http2Config, TlsConfig, TransportName } from '../../pools/types';

/** How one call went. `errorKind` is set exactly when `ok` is false (`refused`, `http_503`, ...). */
export interface CallResult {
  ok: boolean;
  errorKind?: string;
  /** Server-reported utilisation 0..1 (the demo servers' `x-server-load`), when the reply carries it. */
  load?: number;
  /** The ORCA load report the reply carried (`endpoint-load-metrics`, `endpoint-load-metrics-bin`). */
  report?: LoadReport;
  /** What the server said about retrying (`grpc-retry-pushback-ms`, `Retry-After`), as it said it. */
  pushback?: Pushback;
}

/**
 * Handed in by a caller that may abandon a call (a client policy's losing hedge, per-try timeout
 * or deadline): `call` sets `cancel` before it returns. Cancelling ends the exchange on the wire
 * (undici aborts the request, grpc-js cancels the call) and resolves the call as `cancelled`.
 * An object the caller keeps, not an AbortSignal: a call without one pays nothing.
 */
export interface CallControl {
  cancel?: () => void;
}

/** What varies per request; everything fixed in the template is prepared once by the transport. */
export interface CallRequest {
  /** Sequence number of the request in this run (JSON-RPC uses it as the `id`). */
  seq: number;
  /** The template's body / params / message with `{seq}` placeholders expanded; absent when the template has none. */
  payload?: unknown;
  /** http only: the template's path with the request data's `{column}` placeholders filled; absent when it has none. */
  path?: string;
}

export interface Transport {
  readonly name: TransportName;
  /** Never rejects: every failure becomes `{ ok: false, errorKind }`. */
  call(endpoint: Endpoint, request: CallRequest, control?: CallControl): Promise<CallResult>;
  /** http and jsonrpc: the protocol each endpoint address negotiated (`h2`, `h2c`, `http/1.1`), when the pool asked for HTTP/2. */
  protocols?(): Record<string, string>;
  /** Closes every connection; calls in flight end with an error. */
  close(): Promise<void>;
}

export interface TransportOptions {
  /** Connections per endpoint (the load's concurrency, or the open model's in-flight cap). */
  connections: number;
  /** Per-request timeout in ms; a call that takes longer ends with `timeout`. */
  timeoutMs: number;
  /** Directory that relative paths in the template (the grpc `.proto`) are resolved against. */
  baseDir: string;
  /** Largest reply body accepted, in bytes; a bigger one is an error of kind `too_large`, read no further. Default DEFAULT_MAX_REPLY_BYTES. */
  maxReplyBytes?: number;
  /** http and jsonrpc: the pool's `http2` (h2-route.ts); absent, HTTP/1.1. `true` takes the defaults. */
  http2?: Http2Config | true;
  /** http and jsonrpc: how https:// endpoints are verified (the pool's `tls`). */
  tls?: TlsConfig;
}

/**
 * 16 MiB: far above any RPC reply a load test means to measure, and small enough that callers x
 * replies cannot take the machine's memory (16 callers x 50 MB replies buffered 1.07 GB).
 */
export const DEFAULT_MAX_REPLY_BYTES = 16 * 1024 * 1024;
