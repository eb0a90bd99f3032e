import { boundedLoadHashStrategy } from './strategies/bounded-load-hash';
import { consistentHashStrategy } from './strategies/consistent-hash';
import { validateEndpoints } from './endpoints';
import { ConfigError, show } from './errors';
import { leastConnectionsStrategy } from './strategies/least-connections';
import { leastLoadStrategy } from './strategies/least-load';
import { leastRequestStrategy } from './strategies/least-request';
import { leastResponseTimeStrategy } from './strategies/least-response-time';
import { maglevStrategy } from './strategies/maglev';
import { withOutlierDetection } from './outlier-detection';
import { orcaWeightedRoundRobinStrategy } from './strategies/orca-weighted-round-robin';
import { asksForPoolShape, parsePoolShapeOptions } from './priority-options';
import { withPriorities } from './priority-balancer';
import { JoinTimes, SLOW_START_STRATEGIES, tapJoins, withSlowStart } from './slow-start';
import { p2cPeakEwmaStrategy } from './strategies/p2c-peak-ewma';
import { pickFirstStrategy } from './strategies/pick-first';
import { randomStrategy } from './strategies/random';
import { rendezvousStrategy } from './strategies/rendezvous';
import { roundRobinStrategy } from './strategies/round-robin';
import type { Balancer, BalancerOptions, Endpoint, Env, StrategyDefinition, StrategyInfo, StrategyName } from './types';
import { STRATEGY_NAMES } from './types';
import { weightedRandomStrategy } from './strategies/weighted-random';
import { weightedRoundRobinStrategy } from './strategies/weighted-round-robin';

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
  leastRequestStrategy,
  pickFirstStrategy,
  consistentHashStrategy,
  boundedLoadHashStrategy,
  maglevStrategy,
  rendezvousStrategy,
  orcaWeightedRoundRobinStrategy,
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
 * naming the strategy and the field. The wrappers, outermost first: the slow-start join tap,
 * outlier detection, priority levels with localities and panic (when any pool-shape option is
 * given or an endpoint has a priority), then per subset slow start around the strategy.
 */
export function createBalancer(name: StrategyName, endpoints: readonly Endpoint[], options: BalancerOptions = {}): Balancer {
  const def = strategyDefinition(name);
  const valid = validateEndpoints(name, endpoints);
  const env: Env = {
    now: options.now ?? (() => performance.now()),
    random: options.random ?? Math.random,
  };
  const shape = asksForPoolShape(options) || valid.some((e) => e.priority !== undefined) ? parsePoolShapeOptions(options) : undefined;
  const slow = shape?.slowStart;
  if (slow && !SLOW_START_STRATEGIES.includes(name)) {
    throw new ConfigError('slowStart', `${name} does not pick by weight, so it cannot ramp (slow start works with ${SLOW_START_STRATEGIES.join(', ')})`);
  }
  const joins = slow ? new JoinTimes(valid) : undefined;
  const make = (eps: readonly Endpoint[]): Balancer => {
    const b = def.create(eps, options, env);
    return joins && slow ? withSlowStart(b, eps, joins, slow, env) : b;
  };
  // Priorities sit inside outlier detection, which tells them what is ejected (health.ts).
  let balancer = shape ? withPriorities(name, make, valid, shape, env, options.onEvent) : make(valid);
  if (options.outlierDetection) {
    const od = options.outlierDetection === true ? {} : options.outlierDetection;
    balancer = withOutlierDetection(balancer, valid, od, env, options.onEvent);
  }
  return joins ? tapJoins(balancer, joins, env) : balancer;
}
