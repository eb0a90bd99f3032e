/**
 * Keep-alive undici `Pool`s, one per endpoint address, shared by the http and jsonrpc
 * transports. Requests go through `dispatch` with a small handler rather than `request()`:
 * no response stream is built per request, which is most of what a load generator spends.
 */
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import type { Endpoint } from '../../engine/types';
import { DeadlineList } from './deadlines';
import type { DeadlineNode } from './deadlines';
import { errorKindOf } from './error-kinds';
import { LOAD_HEADER } from '../../engine/load-report';
import { ORCA_HEADER } from '../../engine/orca-report';
import { basePath, endpointUrl, reported, type HttpPools, type Judge } from './http-reply';
import type { TlsConnect } from './h2-tls';
import { DEFAULT_MAX_REPLY_BYTES } from './types';
import type { CallControl, CallResult } from './types';

interface Target {
  pool: Pool;
  /** Path prefix from the address (`http://h:1/api` -> `/api`), '' when none. */
  base: string;
}

const LOAD_HEADER_BYTES = Buffer.from(LOAD_HEADER);
const RETRY_AFTER = 'retry-after';
const ORCA_HEADER_BYTES = Buffer.from(ORCA_HEADER);

export class UndiciPools implements HttpPools {
  private readonly targets = new Map<string, Target>();
  private readonly deadlines: DeadlineList;

  constructor(
    private readonly connections: number,
    private readonly timeoutMs: number,
    private readonly maxReplyBytes = DEFAULT_MAX_REPLY_BYTES,
    private readonly tls?: TlsConnect,
  ) {
    this.deadlines = new DeadlineList(timeoutMs);
  }

  /** One exchange, judged in the handler (one promise per request); never rejects. */
  send(
    endpoint: Endpoint,
    method: string,
    path: string,
    headers: string[],
    body: string | null,
    keepBody: boolean,
    judge: Judge,
    control?: CallControl,
  ): Promise<CallResult> {
    let target: Target;
    try {
      target = this.targets.get(endpoint.address) ?? this.open(endpoint);
    } catch (err) {
      // Transport.call never throws: an address that is not http(s)://host:port fails this call, not the caller's loop.
      return Promise.resolve({ ok: false, errorKind: errorKindOf(err) });
    }
    return new Promise((resolve) => {
      const opts: Dispatcher.DispatchOptions = {
        method: method as Dispatcher.HttpMethod,
        path: target.base ? target.base + path : path,
        headers,
        body,
        // Our deadline list times requests out precisely; undici's coarse timers stay a far backstop.
        headersTimeout: this.timeoutMs * 2 + 1000,
        bodyTimeout: this.timeoutMs * 2 + 1000,
      };
      const handler = new ReplyHandler(resolve, keepBody, this.deadlines, judge, this.maxReplyBytes);
      this.deadlines.add(handler);
      if (control) control.cancel = () => handler.cancel();
      try {
        target.pool.dispatch(opts, handler as unknown as Dispatcher.DispatchHandler);
      } catch (err) {
        handler.onError(err);
      }
    });
  }

  async close(): Promise<void> {
    const pools = [...this.targets.values()].map((t) => t.pool);
    this.targets.clear();
    this.deadlines.clear();
    // destroy, not close: a stalled server must not hold the end of a run hostage.
    await Promise.all(pools.map((p) => p.destroy().catch(() => undefined)));
  }

  private open(endpoint: Endpoint): Target {
    const url = endpointUrl(endpoint);
    const pool = new Pool(url.origin, {
      connections: this.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: { timeout: this.timeoutMs, ...this.tls },
    });
    // A refused or reset connection is reported per request; the pool's own event needs a listener.
    pool.on('connectionError', () => undefined);
    const target = { pool, base: basePath(url) };
    this.targets.set(endpoint.address, target);
    return target;
  }
}

const CONTENT_LENGTH = 'content-length';

/**
 * undici's handler protocol (raw headers as Buffers), resolved once per exchange; also its deadline.
 * A reply over `maxBytes` (by its content-length, or counted as it streams) is `too_large`: what
 * came is dropped and the exchange aborted, so nothing past the limit is read or kept.
 */
class ReplyHandler implements DeadlineNode {
  private status = 0;
  private load: string | undefined;
  private orca: string | undefined;
  private retryAfter: string | undefined;
  private chunks: Buffer[] | undefined;
  private bytes = 0;
  private settled = false;
  private abort: ((reason: Error) => void) | undefined;
  deadline = 0;
  prev: DeadlineNode | undefined = undefined;
  next: DeadlineNode | undefined = undefined;

  constructor(
    private readonly resolve: (r: CallResult) => void,
    keepBody: boolean,
    private readonly deadlines: DeadlineList,
    private readonly judge: Judge,
    private readonly maxBytes: number,
  ) {
    if (keepBody) this.chunks = [];
  }

  /** Ends the exchange now with `kind` (a timeout, a reply too large); undici closes its socket. */
  private cut(kind: string): void {
    if (this.settled) return;
    this.settled = true;
    this.deadlines.remove(this);
    this.chunks = undefined;
    this.resolve({ ok: false, errorKind: kind });
    this.abort?.(new Error(kind === 'timeout' ? 'request timed out' : kind === 'cancelled' ? 'request cancelled' : `reply larger than ${this.maxBytes} bytes`));
  }

  /** The caller abandoned the exchange (CallControl): answer `cancelled` and drop it on the wire. */
  cancel(): void {
    this.cut('cancelled');
  }

  /** The deadline passed: answer `timeout` now and drop the exchange (undici closes its socket). */
  expire(): void {
    this.cut('timeout');
  }

  onConnect(abort: (reason: Error) => void): void {
    if (this.settled) abort(new Error('request ended before it was sent'));
    else this.abort = abort;
  }

  onHeaders(status: number, raw: Buffer[]): boolean {
    this.status = status;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i];
      if (name.length === LOAD_HEADER_BYTES.length && name.toString('latin1').toLowerCase() === LOAD_HEADER) {
        this.load = raw[i + 1].toString('latin1');
      } else if (name.length === ORCA_HEADER_BYTES.length && name.toString('latin1').toLowerCase() === ORCA_HEADER) {
        // The first one counts, as in Envoy's parser.
        this.orca ??= raw[i + 1].toString('latin1');
      } else if (name.length === RETRY_AFTER.length && name.toString('latin1').toLowerCase() === RETRY_AFTER) {
        this.retryAfter = raw[i + 1].toString('latin1');
      } else if (name.length === CONTENT_LENGTH.length && name.toString('latin1').toLowerCase() === CONTENT_LENGTH) {
        if (Number(raw[i + 1].toString('latin1')) > this.maxBytes) this.cut('too_large');
      }
    }
    return !this.settled;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return false;
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      this.cut('too_large');
      return false;
    }
    if (this.chunks) this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    this.settled = true;
    this.deadlines.remove(this);
    const body = this.chunks ? (this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks)) : undefined;
    this.resolve(this.judge(this.status, reported(this.load, this.orca, this.retryAfter), body));
  }

  onError(err: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.deadlines.remove(this);
    this.resolve({ ok: false, errorKind: errorKindOf(err) });
  }
}
