/** Picks the transport the pool names. */
import type { PoolConfig } from '../../pools/types';
import type { GrpcRequestTemplate, HttpRequestTemplate, JsonRpcRequestTemplate } from '../../pools/types';
import { ConfigError, show } from '../../engine/errors';
import { createGrpcTransport } from './grpc';
import { createHttpTransport } from './http';
import { createJsonRpcTransport } from './jsonrpc';
import type { Transport, TransportOptions } from './types';

export type { CallRequest, CallResult, Transport, TransportOptions } from './types';
export { errorKindOf } from './error-kinds';

export function createTransport(pool: PoolConfig, options: TransportOptions): Transport {
  switch (pool.transport) {
    case 'http':
      return createHttpTransport(pool.request as HttpRequestTemplate | undefined, options);
    case 'jsonrpc':
      return createJsonRpcTransport(pool.request as JsonRpcRequestTemplate | undefined, options);
    case 'grpc':
      return createGrpcTransport(pool.request as GrpcRequestTemplate | undefined, options);
    default:
      throw new ConfigError('transport', `expected "http", "jsonrpc" or "grpc", got ${show(pool.transport)}`);
  }
}
