/**
 * `http2` and `tls` beside `transport` (http and jsonrpc pools). Named after what load testers
 * and proxies already call them: `maxConcurrentStreams` is Envoy's `http2_protocol_options` field,
 * undici's option and h2load's `-m`; `connections` is h2load's `-c`, per endpoint. Asking for
 * HTTP/2 is Envoy's `explicit_http_config` for `http://` (h2c with prior knowledge, RFC 9113
 * §3.3) and its `auto_config` for `https://` (ALPN offering h2 and http/1.1, RFC 7301), so a
 * TLS server without h2 is still load-tested, over HTTP/1.1, and the result says so.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { show } from '../engine/errors';
import { at, type Problems } from './problems';
import type { Http2Config, TlsConfig, TransportName } from './types';

export const HTTP2_FIELDS = ['maxConcurrentStreams', 'connections'] as const;
export const TLS_FIELDS = ['ca', 'insecure', 'servername'] as const;

/**
 * 100 streams: RFC 9113 §6.5.2's lowest recommended server limit, and undici's default, so the
 * client never opens more than a conforming server accepts. One connection per endpoint, as a
 * browser or grpc-js holds: HTTP/2 multiplexes, and more connections are what `connections` is for.
 */
export const HTTP2_DEFAULTS: Readonly<Http2Config> = Object.freeze({ maxConcurrentStreams: 100, connections: 1 });
export const HTTP2_BOUNDS = Object.freeze({ maxConcurrentStreams: 10_000, connections: 256 });

const PEM = '-----BEGIN';

/** `true` or `{ maxConcurrentStreams, connections }`; `false` is HTTP/1.1, as when absent. */
export function checkHttp2(p: Problems, v: unknown, path: string, transport: TransportName | undefined): Http2Config | undefined {
  if (transport === 'grpc') {
    p.add(path, 'applies to http and jsonrpc pools (grpc always runs over HTTP/2)');
    return undefined;
  }
  if (v === false) return undefined;
  if (v === true) return { ...HTTP2_DEFAULTS };
  const obj = p.object(v, path);
  if (!obj) return undefined;
  p.fields(obj, path, HTTP2_FIELDS);
  const out: Http2Config = { ...HTTP2_DEFAULTS };
  for (const field of HTTP2_FIELDS) {
    if (obj[field] === undefined) continue;
    const n = p.number(obj[field], at(path, field), { min: 1, max: HTTP2_BOUNDS[field], integer: true });
    if (n !== undefined) out[field] = n;
  }
  return out;
}

/**
 * `ca` is a PEM file (resolved against the pool file's folder, checked to exist) or the PEM text
 * itself (a settings entry has no folder); without a `baseDir` (a library caller's pool, whose
 * run resolves it) the file is left to the transport to read. `insecure` skips verification (a self-signed server);
 * `servername` is the SNI name and the name the certificate must carry.
 */
export function checkTls(p: Problems, v: unknown, path: string, transport: TransportName | undefined, baseDir: string | undefined): TlsConfig | undefined {
  if (transport === 'grpc') {
    p.add(path, 'applies to http and jsonrpc pools (https:// endpoints)');
    return undefined;
  }
  const obj = p.object(v, path);
  if (!obj) return undefined;
  p.fields(obj, path, TLS_FIELDS);
  const out: TlsConfig = {};
  if (obj.ca !== undefined) {
    const ca = p.string(obj.ca, at(path, 'ca'));
    if (ca !== undefined && (ca.trimStart().startsWith(PEM) || baseDir === undefined)) out.ca = ca;
    else if (ca !== undefined && baseDir !== undefined) {
      const file = isAbsolute(ca) ? ca : resolve(baseDir, ca);
      if (existsSync(file)) out.ca = file;
      else p.add(at(path, 'ca'), `no such file ${show(ca)} (looked for ${file}); give a PEM file or the PEM text`);
    }
  }
  if (obj.insecure !== undefined) {
    const insecure = p.boolean(obj.insecure, at(path, 'insecure'));
    if (insecure !== undefined) out.insecure = insecure;
  }
  if (obj.servername !== undefined) {
    const name = p.string(obj.servername, at(path, 'servername'));
    if (name !== undefined && !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(name)) {
      p.add(at(path, 'servername'), `expected a DNS name (SNI carries no IP address or port), got ${show(name)}`);
    } else if (name !== undefined) out.servername = name;
  }
  if (out.insecure && out.ca !== undefined) p.add(at(path, 'insecure'), 'given with "ca": a CA is only read when certificates are verified (drop one)');
  return out;
}
