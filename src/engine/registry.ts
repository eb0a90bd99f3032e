import { boundedLoadHashStrategy } from './bounded-load-hash';
import { consistentHashStrategy } from './consistent-hash';
import { validateEndpoints } from './endpoints';
import { ConfigError, show } from './errors';
import { leastConnectionsStrategy } from './least-connections';
import { leastLoadStrategy } from './least-load';
import { leastResponseTimeStrategy } from './least-response-time';
import { maglevStrategy } from './maglev';
import { withOutlierDetection } from './outlier-detection';
import { p2cPeakEwmaStrategy } from './p2c-peak-ewma';
import { randomStrategy } from './random';
import { rendezvousStrategy } from './rendezvous';
import { roundRobinStrategy } from './round-robin';
import type { Balancer, BalancerOptions, Endpoint, StrategyInfo, StrategyName } from './types';
import { STRATEGY_NAMES } from './types';
import { weightedRandomStrategy } from './weighted-random';
import { weightedRoundRobinStrategy } from './weighted-round-robin';

/** Injected time and randomness, resolved once so strategies never read globals. */
export interface Env {
  now: () => number;
  random: () => number;
}

/** What one strategy file exports: its description and a factory. */
export interface StrategyDefinition extends StrategyInfo {
  /** `endpoints` are already validated; `options` are the raw options (the strategy validates its own). */
  create(endpoints: readonly Endpoint[], options: BalancerOptions, env: Env): Balancer;
}

/** Every strategy, in the order of the design. Adding a strategy is one file and one line here. */
const DEFINITIONS: readonly StrategyDefinition[] = [
  roundRobinStrategy,
  randomStrategy,
  weightedRoundRobinStrategy,
  weightedRandomStrategy,
  leastConnectionsStrategy,
  leastResponseTimeStrategy,
  leastLoadStrategy,
  p2cPeakEwmaStrategy,
  consistentHashStrategy,
  boundedLoadHashStrategy,
  maglevStrategy,
  rendezvousStrategy,
];

const BY_NAME = new Map<string, StrategyDefinition>(DEFINITIONS.map((d) => [d.name, d]));

/** Name, one-line summary and options (with defaults) of every strategy. */
export const strategies: readonly StrategyInfo[] = Object.freeze(
  DEFINITIONS.map(({ name, summary, hashing, feedback, options }) =>
    Object.freeze({ name, summary, hashing, feedback, options: Object.freeze(options.map((o) => Object.freeze({ ...o }))) }),
  ),
);

export function isStrategyName(name: unknown): name is StrategyName {
  return typeof name === 'string' && BY_NAME.has(name);
}

/** Throws a ConfigError listing the valid names when `name` is not one. */
export function strategyDefinition(name: string): StrategyDefinition {
  const def = BY_NAME.get(name);
  if (!def) throw new ConfigError('strategy', `unknown strategy ${show(name)} (valid: ${STRATEGY_NAMES.join(', ')})`);
  return def;
}

/**
 * Creates a balancer by name. Validates endpoints and options first and throws a ConfigError
 * naming the strategy and the field. With `options.outlierDetection`, the strategy is wrapped.
 */
export function createBalancer(name: StrategyName, endpoints: readonly Endpoint[], options: BalancerOptions = {}): Balancer {
  const def = strategyDefinition(name);
  const valid = validateEndpoints(name, endpoints);
  const env: Env = {
    now: options.now ?? (() => performance.now()),
    random: options.random ?? Math.random,
  };
  const inner = def.create(valid, options, env);
  if (!options.outlierDetection) return inner;
  const od = options.outlierDetection === true ? {} : options.outlierDetection;
  return withOutlierDetection(inner, valid, od, env, options.onEvent);
}
