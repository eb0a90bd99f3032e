/** The client policy layer: see layer.ts and request.ts; its config is pools/policy-types.ts. */
export { PolicyLayer, LAYER_DEFAULTS, type PolicyLayerOptions, type Refusal } from './layer';
export { RetryBudgetBucket } from './budget';
export { RetryThrottle } from './throttle';
export { backoffMs, pushbackMs } from './backoff';
export type * from './types';
export { realClock, VirtualClock } from './clocks';
