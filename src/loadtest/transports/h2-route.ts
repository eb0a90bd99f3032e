/**
 * The one place the http and jsonrpc transports' wire path is chosen: HTTP/2 when the pool asks
 * for it (`http2`), else HTTP/1.1 through undici; both verify TLS by the pool's `tls`.
 */
import { HTTP2_DEFAULTS } from '../../pools/parse-http2';
import { H2Pools } from './h2-pools';
import { tlsConnect } from './h2-tls';
import type { TransportOptions } from './types';
import { UndiciPools } from './undici-pools';

/** What a transport sends through: `send` as UndiciPools has it, `protocols` only over HTTP/2. */
export type Exchanges = Pick<UndiciPools, 'send' | 'close'> & { protocols?(): Record<string, string> };

export function openExchanges(options: TransportOptions): Exchanges {
  const tls = tlsConnect(options.tls, options.baseDir);
  if (!options.http2) return new UndiciPools(options.connections, options.timeoutMs, options.maxReplyBytes, tls);
  const http2 = options.http2 === true ? { ...HTTP2_DEFAULTS } : { ...HTTP2_DEFAULTS, ...options.http2 };
  return new H2Pools({ http2, http1Connections: options.connections, timeoutMs: options.timeoutMs, maxReplyBytes: options.maxReplyBytes, tls });
}
