/**
 * The lean HTTP/1.1 client for plain http:// endpoints (issue 16): per endpoint address up to
 * `connections` keep-alive sockets over `net`, one exchange in flight on each, the rest waiting
 * in send order. A request's bytes are built once when the template is static (the common load
 * test) and with one string concatenation when the body or path varies. It answers as
 * undici-pools.ts does (same Judge, same DeadlineList, same error kinds); http-pools.ts picks
 * which of the two serves an address.
 */
import type { Endpoint } from '../../engine/types';
import { DeadlineList } from './deadlines';
import { errorKindOf } from './error-kinds';
import { basePath, endpointUrl, type HttpPools, type Judge } from './http-reply';
import { Exchange } from './lean-exchange';
import { LeanConnection, type ConnectionHost } from './lean-connection';
import { DEFAULT_MAX_REPLY_BYTES } from './types';
import type { CallControl, CallResult } from './types';
import { RequestBytes } from './request-bytes';

/** RFC 9110 §9.2.2: a request of these methods may be sent again when the first try may have reached the server. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

export class LeanPools implements HttpPools {
  private readonly targets = new Map<string, LeanTarget>();
  private readonly deadlines: DeadlineList;

  constructor(
    private readonly connections: number,
    timeoutMs: number,
    private readonly maxReplyBytes = DEFAULT_MAX_REPLY_BYTES,
  ) {
    this.deadlines = new DeadlineList(timeoutMs);
  }

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
    let target: LeanTarget;
    let wire: string | Buffer;
    try {
      target = this.targets.get(endpoint.address) ?? this.open(endpoint);
      wire = target.bytes.of(method, path, headers, body);
    } catch (err) {
      // Transport.call never throws: a bad address or header fails this call, not the caller's loop.
      return Promise.resolve({ ok: false, errorKind: errorKindOf(err) });
    }
    return new Promise((resolve) => {
      const ex = new Exchange(resolve, wire, IDEMPOTENT.has(method), method === 'HEAD', keepBody, judge, this.maxReplyBytes, this.deadlines);
      this.deadlines.add(ex);
      if (control) control.cancel = () => ex.cut('cancelled');
      target.start(ex);
    });
  }

  async close(): Promise<void> {
    const targets = [...this.targets.values()];
    this.targets.clear();
    this.deadlines.clear();
    for (const t of targets) t.close();
  }

  private open(endpoint: Endpoint): LeanTarget {
    const url = endpointUrl(endpoint);
    const target = new LeanTarget(url, this.connections);
    this.targets.set(endpoint.address, target);
    return target;
  }
}

/** One endpoint address: its sockets, idle and busy, and the exchanges waiting for one. */
class LeanTarget implements ConnectionHost {
  readonly host: string;
  readonly port: number;
  readonly bytes: RequestBytes;
  private readonly idle: LeanConnection[] = [];
  private readonly all = new Set<LeanConnection>();
  private waiting: Exchange[] = [];
  private waitHead = 0;
  private closed = false;

  constructor(url: URL, private readonly connections: number) {
    // URL keeps an IPv6 literal's brackets; net.connect wants the bare address.
    this.host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = url.port ? Number(url.port) : 80;
    this.bytes = new RequestBytes(url.host, basePath(url));
  }

  start(ex: Exchange): void {
    if (this.closed) return void ex.fail('reset');
    while (this.idle.length > 0) {
      const conn = this.idle.pop()!;
      if (conn.usable) return conn.send(ex);
      conn.destroy();
    }
    if (this.all.size < this.connections) return this.connect().send(ex);
    this.waiting.push(ex);
  }

  release(conn: LeanConnection): void {
    const next = this.nextWaiting();
    if (next) conn.send(next);
    else this.idle.push(conn);
  }

  forget(conn: LeanConnection): void {
    if (!this.all.delete(conn)) return;
    const i = this.idle.lastIndexOf(conn);
    if (i >= 0) this.idle.splice(i, 1);
    // The slot is free: the first exchange still waiting takes it on a new socket.
    if (!this.closed && this.all.size < this.connections) {
      const next = this.nextWaiting();
      if (next) this.connect().send(next);
    }
  }

  resend(ex: Exchange): void {
    if (this.closed) return void ex.fail('reset');
    // A fresh socket, not an idle one: the server that closed one idle socket may have closed them all.
    if (this.all.size < this.connections) this.connect().send(ex);
    else this.waiting.splice(this.waitHead, 0, ex);
  }

  /** Drops every socket; what is in flight or waiting ends as `reset`, as undici's destroyed pool answers. */
  close(): void {
    this.closed = true;
    for (let ex = this.nextWaiting(); ex; ex = this.nextWaiting()) ex.fail('reset');
    for (const conn of [...this.all]) conn.abort();
  }

  private connect(): LeanConnection {
    const conn = new LeanConnection(this);
    this.all.add(conn);
    return conn;
  }

  /** The oldest waiting exchange not answered meanwhile (timed out or cancelled in the queue). */
  private nextWaiting(): Exchange | undefined {
    while (this.waitHead < this.waiting.length) {
      const ex = this.waiting[this.waitHead++];
      if (this.waitHead > 1024 && this.waitHead * 2 > this.waiting.length) {
        this.waiting = this.waiting.slice(this.waitHead);
        this.waitHead = 0;
      }
      if (!ex.settled) return ex;
    }
    return undefined;
  }
}
