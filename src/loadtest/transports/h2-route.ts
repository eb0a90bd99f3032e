/**
 * The one place the http and jsonrpc transports' wire path is chosen: HTTP/2 when the pool asks
 * for it (`http2`), else HTTP/1.1 (http-pools.ts: the lean client for plain http://, undici for
 * https://); both verify TLS by the pool's `tls`.
 */
import { HTTP2_DEFAULTS } from '../../pools/parse-http2';
import { H2Pools } from './h2-pools';
import { tlsConnect } from './h2-tls';
import type { TransportOptions } from './types';
import type { HttpPools } from './http-reply';
import { createHttpPools } from './http-pools';

/** What a transport sends through: `send` as every HTTP client has it, `protocols` only over HTTP/2. */
export type Exchanges = HttpPools & { protocols?(): Record<string, string> };

export function openExchanges(options: TransportOptions): Exchanges {
  const tls = tlsConnect(options.tls, options.baseDir);
  if (!options.http2) return createHttpPools(options, tls);
  const http2 = options.http2 === true ? { ...HTTP2_DEFAULTS } : { ...HTTP2_DEFAULTS, ...options.http2 };
  return new H2Pools({ http2, http1Connections: options.connections, timeoutMs: options.timeoutMs, maxReplyBytes: options.maxReplyBytes, tls });
}
