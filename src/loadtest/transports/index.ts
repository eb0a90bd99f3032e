/** Picks the transport the pool names. */
import type { PoolConfig } from '../../pools/types';
import type { GrpcRequestTemplate, HttpRequestTemplate, JsonRpcRequestTemplate } from '../../pools/types';
import { ConfigError, show } from '../../engine/errors';
import { createHttpTransport } from './http';
import { createJsonRpcTransport } from './jsonrpc';
import type { Transport, TransportOptions } from './types';

export type { CallControl, CallRequest, CallResult, Transport, TransportOptions } from './types';
export { DEFAULT_MAX_REPLY_BYTES } from './types';
export { errorKindOf } from './error-kinds';
export { withProtocols } from './h2-protocols';

/**
 * Rejects with a ConfigError when the run cannot start (a grpc proto, service or method missing).
 * grpc-js and proto-loader are loaded only for grpc pools: they cost every worker thread
 * ~130 ms of startup that http and jsonrpc runs do not need.
 */
export async function createTransport(pool: PoolConfig, options: TransportOptions): Promise<Transport> {
  switch (pool.transport) {
    case 'http':
      return createHttpTransport(pool.request as HttpRequestTemplate | undefined, { ...options, http2: pool.http2, tls: pool.tls });
    case 'jsonrpc':
      return createJsonRpcTransport(pool.request as JsonRpcRequestTemplate | undefined, { ...options, http2: pool.http2, tls: pool.tls });
    case 'grpc': {
      // require, not import(): a worker thread under tsx has only tsx's CommonJS hook (see
      // worker-path.ts), and esbuild turns this into a lazily initialised module in the bundles.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createGrpcTransport } = require('./grpc') as typeof import('./grpc');
      return createGrpcTransport(pool.request as GrpcRequestTemplate | undefined, options);
    }
    default:
      throw new ConfigError('transport', `expected "http", "jsonrpc" or "grpc", got ${show((pool as { transport?: unknown }).transport)}`);
  }
}
