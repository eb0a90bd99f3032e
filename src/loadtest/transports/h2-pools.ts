/**
 * The http and jsonrpc transports' HTTP/2 path (a pool's `http2`), with the same `send` as
 * `UndiciPools` so a transport does not know which one it holds: node:http2 sessions per
 * endpoint (h2-endpoint.ts), h2c with prior knowledge for `http://`, ALPN for `https://`, and
 * the HTTP/1.1 pools for an `https://` server that does not offer h2.
 *
 * node:http2 rather than undici's `allowH2`: undici 7.30 has h2c only as a separate
 * single-connection client (`H2CClient`) and does not say which protocol ALPN chose, and its h2
 * path runs over node:http2 streams too, with a dispatcher around each.
 */
import { ConfigError, show } from '../../engine/errors';
import type { Endpoint } from '../../engine/types';
import type { Http2Config } from '../../pools/types';
import { DeadlineList } from './deadlines';
import { H2Endpoint, type NegotiatedProtocol } from './h2-endpoint';
import { H2Exchange } from './h2-exchange';
import type { TlsConnect } from './h2-tls';
import { DEFAULT_MAX_REPLY_BYTES } from './types';
import type { CallControl, CallResult } from './types';
import type { Judge } from './http-reply';
import { UndiciPools } from './undici-pools';

/** Connection-specific fields RFC 9113 §8.2.2 forbids in HTTP/2; `host` is `:authority` there. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host', 'te']);

interface Target {
  endpoint: H2Endpoint;
  /** Path prefix from the address (`http://h:1/api` -> `/api`), '' when none. */
  base: string;
  authority: string;
  /** The headers of the last request, kept for the next one with the same template, method and path. */
  last?: { flat: string[]; method: string; path: string; headers: Record<string, string> };
}

export interface H2PoolsOptions {
  http2: Http2Config;
  /** Connections of the HTTP/1.1 fallback (the load's concurrency, as without `http2`). */
  http1Connections: number;
  timeoutMs: number;
  maxReplyBytes?: number;
  tls: TlsConnect | undefined;
}

export class H2Pools {
  private readonly targets = new Map<string, Target>();
  private readonly deadlines: DeadlineList;
  private readonly maxBytes: number;
  private readonly headerCache = new WeakMap<string[], Record<string, string>>();
  private http1: UndiciPools | undefined;

  constructor(private readonly options: H2PoolsOptions) {
    this.deadlines = new DeadlineList(options.timeoutMs);
    this.maxBytes = options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
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
    let target: Target;
    try {
      target = this.targets.get(endpoint.address) ?? this.open(endpoint);
    } catch (err) {
      return Promise.resolve({ ok: false, errorKind: err instanceof ConfigError ? 'protocol' : 'other' });
    }
    if (target.endpoint.protocol === 'http/1.1') return this.http1Pools().send(endpoint, method, path, headers, body, keepBody, judge, control);
    const h2headers = this.requestHeaders(target, headers, method, path);
    return new Promise((resolve) => {
      const exchange = new H2Exchange({ headers: h2headers, body, keepBody, judge, control }, resolve, this.deadlines, this.maxBytes);
      this.deadlines.add(exchange);
      if (control) control.cancel = () => exchange.cut('cancelled');
      target.endpoint.send(exchange);
    });
  }

  /** What each endpoint negotiated so far, by address (`h2`, `h2c` or `http/1.1`); absent until its first connection. */
  protocols(): Record<string, NegotiatedProtocol> {
    const out: Record<string, NegotiatedProtocol> = {};
    for (const [address, t] of this.targets) if (t.endpoint.protocol) out[address] = t.endpoint.protocol;
    return out;
  }

  async close(): Promise<void> {
    for (const t of this.targets.values()) t.endpoint.close();
    this.targets.clear();
    this.deadlines.clear();
    await this.http1?.close();
  }

  /**
   * node:http2 copies the headers it is given, so one object serves every request with the same
   * template, method and path (the common case: only request data changes the path).
   */
  private requestHeaders(target: Target, flat: string[], method: string, path: string): Record<string, string> {
    const last = target.last;
    if (last && last.flat === flat && last.method === method && last.path === path) return last.headers;
    const headers: Record<string, string> = { ...this.staticHeaders(flat) };
    headers[':method'] = method;
    headers[':path'] = target.base ? target.base + path : path;
    headers[':authority'] = target.authority;
    target.last = { flat, method, path, headers };
    return headers;
  }

  private staticHeaders(flat: string[]): Record<string, string> {
    let h = this.headerCache.get(flat);
    if (!h) {
      h = {};
      for (let i = 0; i < flat.length; i += 2) if (!HOP_BY_HOP.has(flat[i])) h[flat[i]] = flat[i + 1];
      this.headerCache.set(flat, h);
    }
    return h;
  }

  private open(endpoint: Endpoint): Target {
    let url: URL;
    try {
      url = new URL(endpoint.address);
    } catch {
      throw new ConfigError(`endpoint ${endpoint.id}.address`, `expected http://host:port, got ${show(endpoint.address)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError(`endpoint ${endpoint.id}.address`, `expected http://host:port, got ${show(endpoint.address)}`);
    }
    const { http2, timeoutMs, tls } = this.options;
    const h2 = new H2Endpoint(url, {
      maxConcurrentStreams: http2.maxConcurrentStreams,
      connections: http2.connections,
      connectTimeoutMs: timeoutMs,
      tls,
      toHttp1: (exchange) => this.toHttp1(endpoint, exchange),
    });
    const target = { endpoint: h2, base: url.pathname === '/' ? '' : url.pathname.replace(/\/$/, ''), authority: url.host };
    this.targets.set(endpoint.address, target);
    return target;
  }

  private http1Pools(): UndiciPools {
    const o = this.options;
    return (this.http1 ??= new UndiciPools(o.http1Connections, o.timeoutMs, o.maxReplyBytes, o.tls));
  }

  /** A request that waited for ALPN, which chose http/1.1: sent by the HTTP/1.1 pools, which time it from here. */
  private toHttp1(endpoint: Endpoint, exchange: H2Exchange): void {
    this.deadlines.remove(exchange);
    const r = exchange.request;
    const flat: string[] = [];
    for (const [k, v] of Object.entries(r.headers)) if (k[0] !== ':') flat.push(k, v);
    // The path as the HTTP/1.1 pools take it: they add the address's own prefix again.
    const base = this.targets.get(endpoint.address)?.base ?? '';
    const path = r.headers[':path'].slice(base.length);
    void this.http1Pools().send(endpoint, r.headers[':method'], path, flat, r.body, r.keepBody, r.judge, r.control).then((res) => exchange.settleWith(res));
  }
}
