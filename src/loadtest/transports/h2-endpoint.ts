/**
 * One endpoint's HTTP/2 connections: up to `connections` sessions, each carrying at most
 * `maxConcurrentStreams` of our streams; a request finding every one full waits here, in order,
 * and goes out when a stream closes. A session that closes, errors or receives GOAWAY takes no
 * new streams, so the next request opens a new one: a server restarted mid-run is reconnected.
 *
 * `https://` endpoints negotiate first (ALPN offering h2 and http/1.1, RFC 7301): the first TLS
 * connection decides for the endpoint; when the server picks http/1.1 (or offers no ALPN), the
 * endpoint's requests go to the HTTP/1.1 path from then on, and `protocol` says so.
 */
import { connect as h2connect, type ClientHttp2Session, type SecureClientSessionOptions } from 'node:http2';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { H2Exchange, StreamSlot } from './h2-exchange';
import type { TlsConnect } from './h2-tls';

export type NegotiatedProtocol = 'h2' | 'h2c' | 'http/1.1';

export interface H2EndpointOptions {
  maxConcurrentStreams: number;
  connections: number;
  connectTimeoutMs: number;
  tls: TlsConnect | undefined;
  /** Sends a waiting exchange over HTTP/1.1, once ALPN chose it. */
  toHttp1(exchange: H2Exchange): void;
}

// node:http2 copies a request's options: two shared objects, not one a request.
const END_STREAM = Object.freeze({ endStream: true });
const MORE_TO_COME = Object.freeze({ endStream: false });

class Connection implements StreamSlot {
  active = 0;
  usable = true;

  constructor(readonly session: ClientHttp2Session, private readonly owner: H2Endpoint) {
    const retire = (): void => owner.retire(this);
    session.on('goaway', retire);
    session.on('close', retire);
    // Errors reach the streams they end; the session's own event needs a listener.
    session.on('error', retire);
    session.setTimeout(0);
  }

  release(): void {
    this.active--;
    this.owner.drain();
  }
}

export class H2Endpoint {
  protocol: NegotiatedProtocol | undefined;
  private readonly conns: Connection[] = [];
  private readonly waiting: H2Exchange[] = [];
  private waitHead = 0;
  private negotiating = false;
  private closed = false;

  constructor(private readonly origin: URL, private readonly opts: H2EndpointOptions) {
    if (origin.protocol === 'http:') this.protocol = 'h2c';
  }

  send(exchange: H2Exchange): void {
    if (this.protocol === 'http/1.1') return this.opts.toHttp1(exchange);
    const conn = this.protocol === undefined ? undefined : this.free();
    if (conn) return this.start(conn, exchange);
    this.waiting.push(exchange);
    if (this.protocol === undefined) this.negotiate();
  }

  /** A connection that takes no new streams; its streams in flight finish or fail on their own. */
  retire(conn: Connection): void {
    if (!conn.usable) return;
    conn.usable = false;
    const i = this.conns.indexOf(conn);
    if (i >= 0) this.conns.splice(i, 1);
    if (!conn.session.destroyed && conn.active === 0) conn.session.destroy();
    this.drain();
  }

  /** Sends what waits, while connections have room (or may still be opened). */
  drain(): void {
    while (this.waitHead < this.waiting.length) {
      const next = this.waiting[this.waitHead];
      if (next.settled) {
        this.shift();
        continue;
      }
      const conn = this.free();
      if (!conn) break;
      this.shift();
      this.start(conn, next);
    }
  }

  close(): void {
    this.closed = true;
    for (const c of this.conns) c.session.destroy();
    this.conns.length = 0;
    for (let i = this.waitHead; i < this.waiting.length; i++) this.waiting[i].fail(new Error('transport closed'));
    this.waiting.length = this.waitHead = 0;
  }

  private shift(): void {
    this.waitHead++;
    if (this.waitHead === this.waiting.length) this.waiting.length = this.waitHead = 0;
  }

  private start(conn: Connection, exchange: H2Exchange): void {
    const r = exchange.request;
    let stream;
    try {
      stream = conn.session.request(r.headers, r.body === null ? END_STREAM : MORE_TO_COME);
    } catch (err) {
      // The session went away between the pick and the request (destroyed, GOAWAY).
      this.retire(conn);
      exchange.fail(err);
      return;
    }
    conn.active++;
    exchange.attach(stream, conn);
  }

  /** The connection with the fewest of our streams, with room for one more; a new one while under `connections`. */
  private free(): Connection | undefined {
    let best: Connection | undefined;
    for (const c of this.conns) if (c.active < this.opts.maxConcurrentStreams && (!best || c.active < best.active)) best = c;
    if (best && best.active === 0) return best;
    if (this.conns.length < this.opts.connections && !this.closed && this.protocol !== undefined) return this.open();
    return best;
  }

  private open(socket?: TLSSocket): Connection {
    const options: SecureClientSessionOptions = {
      ...this.opts.tls,
      ALPNProtocols: ['h2'],
      peerMaxConcurrentStreams: this.opts.maxConcurrentStreams,
      settings: { enablePush: false },
    };
    // Nagle's algorithm holds a small frame until the previous one is acknowledged, and the server
    // delays that ACK: 40 ms stalls. undici's HTTP/1.1 sockets turn it off too.
    if (socket) options.createConnection = () => socket;
    else if (this.protocol === 'h2c') options.createConnection = () => netConnect({ host: this.origin.hostname, port: this.port(), noDelay: true });
    else options.createConnection = () => this.tlsSocket(['h2']);
    const session = h2connect(this.origin.origin, options);
    const conn = new Connection(session, this);
    this.conns.push(conn);
    return conn;
  }

  private port(): number {
    return Number(this.origin.port || (this.origin.protocol === 'https:' ? 443 : 80));
  }

  /** SNI is the host name unless `tls.servername` says otherwise; never an IP address (RFC 6066 §3). */
  private tlsSocket(alpn: string[]): TLSSocket {
    const host = this.origin.hostname;
    const sni = this.opts.tls?.servername ?? (/^[\d.]+$|^\[/.test(host) ? undefined : host);
    const socket = tlsConnect({ ...this.opts.tls, host, port: this.port(), ALPNProtocols: alpn, ...(sni ? { servername: sni } : {}) });
    socket.setNoDelay(true);
    return socket;
  }

  /** The first TLS connection, offering h2 and http/1.1: its answer is the endpoint's protocol. */
  private negotiate(): void {
    if (this.negotiating || this.closed) return;
    this.negotiating = true;
    const socket = this.tlsSocket(['h2', 'http/1.1']);
    socket.setTimeout(this.opts.connectTimeoutMs);
    const fail = (err: unknown): void => {
      socket.destroy();
      this.negotiating = false;
      // Every request waiting on this handshake fails with its error; the next request tries again.
      for (let i = this.waitHead; i < this.waiting.length; i++) this.waiting[i].fail(err);
      this.waiting.length = this.waitHead = 0;
    };
    socket.once('error', fail);
    socket.once('timeout', () => fail(Object.assign(new Error('TLS connect timed out'), { code: 'ETIMEDOUT' })));
    socket.once('secureConnect', () => {
      socket.off('error', fail);
      socket.setTimeout(0);
      this.negotiating = false;
      if (this.closed) return void socket.destroy();
      if (socket.alpnProtocol === 'h2') {
        this.protocol = 'h2';
        this.open(socket);
        return this.drain();
      }
      this.protocol = 'http/1.1';
      socket.destroy();
      const moved = this.waiting.slice(this.waitHead);
      this.waiting.length = this.waitHead = 0;
      for (const e of moved) if (!e.settled) this.opts.toHttp1(e);
    });
  }
}
