/**
 * Our strategies inside undici: `createBalancedDispatcher(pool, options)` returns a Dispatcher
 * for `undici.request(url, { dispatcher })`, `fetch(url, { dispatcher })` or
 * `setGlobalDispatcher(...)`. The URL's origin is only a name; the strategy picks the endpoint.
 */
import { BalancedDispatcher } from './balanced-dispatcher';
import { resolveOptions, type BalancedDispatcherOptions, type BalancedPoolSpec } from './options';

export { BalancedDispatcher, NoEndpointError } from './balanced-dispatcher';
export type { EndpointCounters } from './balanced-dispatcher';
export type { BalancedDispatcherOptions, BalancedEndpoint, BalancedPoolSpec, PoolShapeOptions } from './options';

/**
 * Validates everything first (a `ConfigError` naming the field), then builds the balancer.
 * Pools per endpoint open lazily on the first request they get.
 */
export function createBalancedDispatcher(pool: BalancedPoolSpec, options?: BalancedDispatcherOptions): BalancedDispatcher {
  return new BalancedDispatcher(resolveOptions(pool, options));
}
