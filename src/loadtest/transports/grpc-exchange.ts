/**
 * One unary call on a grpc-js channel's own call API (`Channel.createCall`, what grpc-js's
 * `Client.makeUnaryRequest` runs on), and the listener that hears its answer. The Client's way
 * costs per call a captured stack trace (`new Error()` for the caller's stack), an EventEmitter
 * with 'metadata' and 'status' listeners, the interceptor wrappers and their closures; here an
 * exchange is a pooled object that is its own listener, reused once its status has arrived.
 * Answers as grpc-js's Client does: status OK without a message is UNIMPLEMENTED ("No message
 * received"), a reply that does not decode cancels the call as INTERNAL.
 */
import * as grpc from '@grpc/grpc-js';
import type { LoadReport } from '../../engine/types';
import type { Pushback } from '../../policy/types';
import { LOAD_HEADER, parseLoad } from '../../engine/load-report';
import { decodeOrcaBin, ORCA_BIN_TRAILER } from '../../engine/orca-proto';
import type { CallControl, CallResult } from './types';

type RawCall = ReturnType<grpc.Channel['createCall']>;

const PUSHBACK_TRAILER = 'grpc-retry-pushback-ms';
/** sendMessageWithContext's context: no write callback, no flags. grpc-js only reads it. */
const NO_CONTEXT = Object.freeze({});

const STATUS_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(grpc.status).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v as number, k]),
);

/** What every call of one transport shares. */
export interface UnaryMethod {
  path: string;
  metadata: grpc.Metadata;
  /** The reply's decoder: a reply that does not decode is an error, as grpc-js's Client makes it. */
  decode: (reply: Buffer) => unknown;
}

export class GrpcExchanges {
  private readonly free: GrpcExchange[] = [];

  constructor(private readonly method: UnaryMethod) {}

  /** Starts a call of `message` (serialized) on `channel`; resolves with how it went, never rejects. */
  call(channel: grpc.Channel, message: Buffer, deadline: number, control?: CallControl): Promise<CallResult> {
    const exchange = this.free.pop() ?? new GrpcExchange(this.method, this.free);
    return exchange.start(channel, message, deadline, control);
  }
}

class GrpcExchange implements grpc.InterceptingListener {
  private resolve: ((result: CallResult) => void) | undefined;
  private raw: RawCall | undefined;
  private load: number | undefined;
  private replied = false;

  constructor(
    private readonly method: UnaryMethod,
    private readonly free: GrpcExchange[],
  ) {}

  start(channel: grpc.Channel, message: Buffer, deadline: number, control?: CallControl): Promise<CallResult> {
    const promise = new Promise<CallResult>((resolve) => (this.resolve = resolve));
    let raw: RawCall;
    try {
      raw = this.raw = channel.createCall(this.method.path, deadline, undefined, null, undefined);
    } catch {
      // A closed channel throws; no call started, so no status will come.
      this.settle({ ok: false, errorKind: 'protocol' });
      this.release();
      return promise;
    }
    raw.start(this.method.metadata, this);
    raw.startRead();
    raw.sendMessageWithContext(NO_CONTEXT, message);
    raw.halfClose();
    if (control) {
      control.cancel = () => {
        // Once its status came this exchange may carry another call: this one is over already.
        if (this.raw !== raw) return;
        // The CANCELLED status comes later and finds the call settled.
        this.settle({ ok: false, errorKind: 'cancelled' });
        raw.cancelWithStatus(grpc.status.CANCELLED, 'Cancelled on client');
      };
    }
    return promise;
  }

  onReceiveMetadata(metadata: grpc.Metadata): void {
    const v = metadata.get(LOAD_HEADER)[0];
    if (v !== undefined) this.load = parseLoad(String(v));
  }

  onReceiveMessage(reply: Buffer): void {
    this.replied = true;
    try {
      this.method.decode(reply);
    } catch (err) {
      this.raw?.cancelWithStatus(grpc.status.INTERNAL, `Response message parsing error: ${(err as Error).message}`);
    }
  }

  onReceiveStatus(status: grpc.StatusObject): void {
    if (this.resolve) {
      const code = status.code === grpc.status.OK && !this.replied ? grpc.status.UNIMPLEMENTED : status.code;
      const result: CallResult = code === grpc.status.OK ? { ok: true } : { ok: false, errorKind: errorKind(code, status.details) };
      if (this.load !== undefined) result.load = this.load;
      const report = orcaTrailer(status.metadata);
      if (report !== undefined) result.report = report;
      const pushback = pushbackTrailer(status.metadata);
      if (pushback !== undefined) result.pushback = pushback;
      this.settle(result);
    }
    this.release();
  }

  private settle(result: CallResult): void {
    const resolve = this.resolve;
    this.resolve = undefined;
    resolve?.(result);
  }

  private release(): void {
    this.raw = undefined;
    this.load = undefined;
    this.replied = false;
    this.free.push(this);
  }
}

/** The OrcaLoadReport of the `endpoint-load-metrics-bin` trailer (grpc-js gives -bin values as Buffers). */
function orcaTrailer(md: grpc.Metadata | undefined): LoadReport | undefined {
  const v = md?.get(ORCA_BIN_TRAILER)[0];
  return v instanceof Uint8Array ? decodeOrcaBin(v) : undefined;
}

/** gRFC A6's `grpc-retry-pushback-ms` trailer, as the server wrote it (the policy layer reads it). */
function pushbackTrailer(md: grpc.Metadata | undefined): Pushback | undefined {
  const v = md?.get(PUSHBACK_TRAILER)[0];
  return v === undefined ? undefined : { grpcRetryPushbackMs: String(v) };
}

function errorKind(code: number, details: string): string {
  if (code === grpc.status.DEADLINE_EXCEEDED) return 'timeout';
  // grpc-js's own limit, not a server's RESOURCE_EXHAUSTED: "Received message larger than max (N vs. M)".
  if (code === grpc.status.RESOURCE_EXHAUSTED && /larger than max/i.test(details)) return 'too_large';
  return `grpc_${STATUS_NAMES[code] ?? code}`;
}
