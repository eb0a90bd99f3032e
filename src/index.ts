/** The library's public API. */
export { createBalancer, strategies, isStrategyName } from './engine/registry';
export { ConfigError } from './engine/errors';
export * from './engine/types';
