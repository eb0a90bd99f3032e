/**
 * Options of the pool-shape wrappers (priority-balancer.ts, slow-start.ts), validated with errors
 * that name the option: `panicThreshold must be at most 100, got 120`,
 * `localityWeights: "eu-1" must be a positive finite number, got 0`,
 * `slowStart: windowMs must be greater than 0, got -1`.
 * Defaults are Envoy's (cluster.proto CommonLbConfig, endpoint.proto ClusterLoadAssignment.Policy,
 * SlowStartConfig).
 */
import { ConfigError, show } from './errors';
import { describeOptions, parseOptions, positiveNumber, type OptionSpec } from './options';
import type { BalancerOptions, StrategyOptionInfo } from './types';

export const POOL_SHAPE_DEFAULTS = Object.freeze({
  /** Envoy's overprovisioning_factor 140, as a ratio. */
  overprovisioningFactor: 1.4,
  /** Envoy's healthy_panic_threshold, percent. */
  panicThreshold: 50,
});

export const SLOW_START_DEFAULTS = Object.freeze({ aggression: 1, minWeightPercent: 10 });

const SPECS: readonly OptionSpec[] = [
  positiveNumber(
    'overprovisioningFactor',
    POOL_SHAPE_DEFAULTS.overprovisioningFactor,
    "A level's (or locality's) healthy share times this, capped at 100 %, is how much load it takes.",
  ),
  {
    name: 'panicThreshold',
    type: 'number',
    default: POOL_SHAPE_DEFAULTS.panicThreshold,
    min: 0,
    max: 100,
    description: 'Below this percent of healthy endpoints a level balances across all of them (0 turns panic off).',
  },
];

const SLOW_START_SPECS: readonly OptionSpec[] = [
  positiveNumber('windowMs', 0, 'How long a joining endpoint ramps up, in ms (required).'),
  positiveNumber('aggression', SLOW_START_DEFAULTS.aggression, 'The ramp is (t / window) ^ (1 / aggression): 1 linear, above 1 faster early.'),
  {
    name: 'minWeightPercent',
    type: 'number',
    default: SLOW_START_DEFAULTS.minWeightPercent,
    min: 0,
    max: 100,
    description: 'The ramp starts at this percent of the weight.',
  },
];

/** For `--help`, the settings schema and the webview. */
export const poolShapeOptionInfo: { options: readonly StrategyOptionInfo[]; slowStart: readonly StrategyOptionInfo[] } =
  Object.freeze({ options: describeOptions(SPECS), slowStart: describeOptions(SLOW_START_SPECS) });

export interface SlowStartConfig {
  windowMs: number;
  aggression: number;
  minWeightPercent: number;
}

export interface PoolShapeConfig {
  overprovisioningFactor: number;
  panicThreshold: number;
  /** Undefined: no locality-weighted balancing. */
  localityWeights?: ReadonlyMap<string, number>;
  slowStart?: SlowStartConfig;
}

/** True when `options` asks for any pool-shape wrapper (the endpoints' priorities are checked apart). */
export function asksForPoolShape(options: BalancerOptions): boolean {
  return ['overprovisioningFactor', 'panicThreshold', 'localityWeights', 'slowStart'].some((k) => options[k] !== undefined);
}

/** Validates the pool-shape options of `options` and fills in the defaults. */
export function parsePoolShapeOptions(options: BalancerOptions): PoolShapeConfig {
  const own: BalancerOptions = {};
  for (const s of SPECS) if (options[s.name] !== undefined) own[s.name] = options[s.name];
  const config: PoolShapeConfig = parseOptions<{ overprovisioningFactor: number; panicThreshold: number }>('', own, SPECS);
  if (options.localityWeights !== undefined) config.localityWeights = parseLocalityWeights(options.localityWeights);
  if (options.slowStart !== undefined) config.slowStart = parseSlowStart(options.slowStart);
  return config;
}

function parseLocalityWeights(raw: unknown): ReadonlyMap<string, number> {
  const where = 'localityWeights';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(where, `must be an object of zone names to weights, got ${show(raw)}`);
  }
  const weights = new Map<string, number>();
  for (const [zone, w] of Object.entries(raw)) {
    if (typeof w !== 'number' || !Number.isFinite(w) || w <= 0) {
      throw new ConfigError(where, `${show(zone)} must be a positive finite number, got ${show(w)}`);
    }
    weights.set(zone, w);
  }
  if (weights.size === 0) throw new ConfigError(where, 'must name at least one zone');
  return weights;
}

function parseSlowStart(raw: unknown): SlowStartConfig {
  const where = 'slowStart';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(where, `must be an object { windowMs, aggression, minWeightPercent }, got ${show(raw)}`);
  }
  const given = raw as Record<string, unknown>;
  const known = SLOW_START_SPECS.map((s) => s.name);
  for (const key of Object.keys(given)) {
    if (given[key] !== undefined && !known.includes(key)) {
      throw new ConfigError(where, `unknown option ${show(key)} (valid: ${known.join(', ')})`);
    }
  }
  if (given.windowMs === undefined) throw new ConfigError(where, 'windowMs is required');
  return parseOptions<SlowStartConfig & Record<string, number>>(where, given as BalancerOptions, SLOW_START_SPECS);
}
