/**
 * One request over an HTTP/2 stream, judged as the HTTP/1.1 path judges a reply: the status, the
 * `x-server-load`, ORCA and `Retry-After` headers, the body against `maxBytes` (`too_large`), the
 * deadline (`timeout`) and the caller's cancel, each of which closes the stream with CANCEL
 * (RST_STREAM) and leaves the connection up. The stream's listeners are module functions that find
 * their exchange on the stream, so a request allocates no closures.
 */
import { constants, type ClientHttp2Stream, type IncomingHttpHeaders, type IncomingHttpStatusHeader } from 'node:http2';
import { LOAD_HEADER, parseLoad } from '../../engine/load-report';
import { ORCA_HEADER, parseOrcaHeader } from '../../engine/orca-report';
import type { DeadlineList, DeadlineNode } from './deadlines';
import { h2ErrorKind } from './h2-errors';
import type { CallControl, CallResult } from './types';
import type { Judge, Reported } from './http-reply';

/** What an exchange asks of the connection it ran on: its slot back when the stream closes. */
export interface StreamSlot {
  release(): void;
}

/** The request as sent, kept so an exchange that waited for a connection (or for ALPN) can still be sent. */
export interface H2Request {
  headers: Record<string, string>;
  body: string | null;
  keepBody: boolean;
  judge: Judge;
  control: CallControl | undefined;
}

const EXCHANGE = Symbol('h2-exchange');
type Tagged = ClientHttp2Stream & { [EXCHANGE]?: H2Exchange };

export class H2Exchange implements DeadlineNode {
  settled = false;
  deadline = 0;
  prev: DeadlineNode | undefined = undefined;
  next: DeadlineNode | undefined = undefined;
  private stream: Tagged | undefined;
  private slot: StreamSlot | undefined;
  private status = 0;
  private reported: Reported = {};
  private chunks: Buffer[] | undefined;
  private bytes = 0;

  constructor(
    readonly request: H2Request,
    private readonly resolve: (r: CallResult) => void,
    private readonly deadlines: DeadlineList,
    private readonly maxBytes: number,
  ) {
    if (request.keepBody) this.chunks = [];
  }

  /** Sends on `stream` (made by the session for this exchange); `slot` is released when it closes. */
  attach(stream: ClientHttp2Stream, slot: StreamSlot): void {
    const s = stream as Tagged;
    s[EXCHANGE] = this;
    this.stream = s;
    this.slot = slot;
    s.on('response', onResponse);
    s.on('data', onData);
    s.on('end', onEnd);
    s.on('error', onError);
    s.on('close', onClose);
    const body = this.request.body;
    if (body !== null) s.end(body);
  }

  /** Ends the exchange now with `kind`, before or after it was sent; the stream is reset with CANCEL. */
  cut(kind: string): void {
    if (this.settled) return;
    this.finish({ ok: false, errorKind: kind });
    const s = this.stream;
    if (s && !s.closed) s.close(constants.NGHTTP2_CANCEL);
  }

  expire(): void {
    this.cut('timeout');
  }

  fail(err: unknown): void {
    if (!this.settled) this.finish({ ok: false, errorKind: h2ErrorKind(err) });
  }

  /** Settles with what another path answered (the HTTP/1.1 fallback after ALPN). */
  settleWith(result: CallResult): void {
    if (!this.settled) this.finish(result);
  }

  response(headers: IncomingHttpHeaders & IncomingHttpStatusHeader): void {
    this.status = headers[':status'] ?? 0;
    const load = parseLoad(first(headers[LOAD_HEADER]));
    if (load !== undefined) this.reported.load = load;
    const orca = first(headers[ORCA_HEADER]);
    const report = orca === undefined ? undefined : parseOrcaHeader(orca);
    if (report !== undefined) this.reported.report = report;
    const retryAfter = first(headers['retry-after']);
    if (retryAfter !== undefined) this.reported.pushback = { retryAfter };
    const length = headers['content-length'];
    if (length !== undefined && Number(length) > this.maxBytes) this.cut('too_large');
  }

  data(chunk: Buffer): void {
    if (this.settled) return;
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) this.cut('too_large');
    else if (this.chunks) this.chunks.push(chunk);
  }

  end(): void {
    if (this.settled) return;
    const c = this.chunks;
    const body = c ? (c.length === 1 ? c[0] : Buffer.concat(c)) : undefined;
    this.finish(this.request.judge(this.status, this.reported, body));
  }

  closed(): void {
    const slot = this.slot;
    this.slot = undefined;
    const s = this.stream;
    // Closed without a whole reply and without an error event: the server reset the stream.
    if (!this.settled) this.finish({ ok: false, errorKind: s && s.rstCode !== constants.NGHTTP2_NO_ERROR ? 'reset' : 'protocol' });
    if (s) s[EXCHANGE] = undefined;
    this.stream = undefined;
    slot?.release();
  }

  private finish(result: CallResult): void {
    this.settled = true;
    this.deadlines.remove(this);
    this.chunks = undefined;
    this.resolve(result);
  }
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function onResponse(this: Tagged, headers: IncomingHttpHeaders & IncomingHttpStatusHeader): void {
  this[EXCHANGE]?.response(headers);
}
function onData(this: Tagged, chunk: Buffer): void {
  this[EXCHANGE]?.data(chunk);
}
function onEnd(this: Tagged): void {
  this[EXCHANGE]?.end();
}
function onError(this: Tagged, err: unknown): void {
  this[EXCHANGE]?.fail(err);
}
function onClose(this: Tagged): void {
  this[EXCHANGE]?.closed();
}
