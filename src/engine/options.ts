import { ConfigError, show } from './errors';
import type { Balancer, BalancerOptions, Endpoint, Env, StrategyDefinition, StrategyInfo, StrategyOptionInfo } from './types';

/** Options every strategy accepts; they are not the strategy's own. */
const COMMON_OPTIONS = new Set([
  'now', 'random', 'outlierDetection', 'onEvent',
  'overprovisioningFactor', 'localityWeights', 'panicThreshold', 'slowStart',
]);

export type OptionValue = number | boolean | string;

/** One option: what users see (`StrategyOptionInfo`) plus the bounds that validate it. */
export interface OptionSpec extends StrategyOptionInfo {
  min?: number;
  max?: number;
  /** `min` itself is not allowed (e.g. a decay must be > 0). */
  exclusiveMin?: boolean;
  /** Extra check; returns the problem (e.g. "must be a prime number") or undefined. */
  check?: (value: never) => string | undefined;
}

/** A number option that must be greater than 0 (a decay, a half-life). */
export function positiveNumber(name: string, defaultValue: number, description: string): OptionSpec {
  return { name, type: 'number', default: defaultValue, min: 0, exclusiveMin: true, description };
}

/**
 * Validates a strategy's own options against its specs and fills in defaults.
 * Throws a ConfigError naming the strategy and the option:
 * `maglev: tableSize must be a prime number, got 65536`.
 */
export function parseOptions<T extends Record<string, OptionValue>>(
  strategy: string,
  options: BalancerOptions | undefined,
  specs: readonly OptionSpec[],
): T {
  const out: Record<string, OptionValue> = {};
  const known = new Map(specs.map((s) => [s.name, s]));
  for (const key of Object.keys(options ?? {})) {
    if (COMMON_OPTIONS.has(key) || known.has(key)) continue;
    if ((options as Record<string, unknown>)[key] === undefined) continue;
    const valid = specs.map((s) => s.name);
    throw new ConfigError(
      strategy,
      `unknown option ${show(key)} (${valid.length ? 'valid: ' + valid.join(', ') : 'it takes no options'})`,
    );
  }
  for (const spec of specs) {
    const raw = (options as Record<string, unknown> | undefined)?.[spec.name];
    if (raw === undefined) {
      out[spec.name] = spec.default;
      continue;
    }
    out[spec.name] = checkValue(strategy, spec, raw);
  }
  return out as T;
}

function checkValue(strategy: string, spec: OptionSpec, raw: unknown): OptionValue {
  const fail = (problem: string): never => {
    throw new ConfigError(strategy, `${spec.name} ${problem}, got ${show(raw)}`);
  };
  switch (spec.type) {
    case 'boolean':
      if (typeof raw !== 'boolean') fail('must be true or false');
      break;
    case 'string':
      if (typeof raw !== 'string' || raw === '') fail('must be a non-empty string');
      break;
    case 'number':
    case 'integer':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) fail('must be a finite number');
      if (spec.type === 'integer' && !Number.isInteger(raw)) fail('must be a whole number');
      if (spec.min !== undefined) {
        const n = raw as number;
        if (spec.exclusiveMin ? n <= spec.min : n < spec.min) {
          fail(`must be ${spec.exclusiveMin ? 'greater than' : 'at least'} ${spec.min}`);
        }
      }
      if (spec.max !== undefined && (raw as number) > spec.max) fail(`must be at most ${spec.max}`);
      break;
  }
  const problem = spec.check?.(raw as never);
  if (problem) fail(problem);
  return raw as OptionValue;
}

/** The user-facing part of the specs, for `strategies`. */
export function describeOptions(specs: readonly OptionSpec[]): StrategyOptionInfo[] {
  return specs.map(({ name, type, default: d, description }) => ({ name, type, default: d, description }));
}

/** What a strategy file writes: its description, its option specs, and a factory of parsed options. */
export interface StrategySource<O> extends Omit<StrategyInfo, 'options'> {
  specs: readonly OptionSpec[];
  create(endpoints: readonly Endpoint[], options: O, env: Env): Balancer;
}

/** A strategy's definition for the registry: options described and parsed from its specs, once for all strategies. */
export function defineStrategy<O extends Record<string, OptionValue> = Record<string, never>>(source: StrategySource<O>): StrategyDefinition {
  const { specs, create, ...info } = source;
  return {
    ...info,
    options: describeOptions(specs),
    create: (endpoints, options, env) => create(endpoints, parseOptions<O>(info.name, options, specs), env),
  };
}
