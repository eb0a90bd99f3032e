/**
 * A capacity config checked before any traffic: every problem at once, each with its path
 * (`variants[1].strategy`, `precision`, `slo`), then each variant's first step planned (so a bad
 * strategy option fails in milliseconds, not after the first variant's search).
 */
import { show } from '../engine/errors';
import { isStrategyName } from '../engine/registry';
import { STRATEGY_NAMES } from '../engine/types';
import { parseVariantList } from '../pools/parse-variants';
import { at, isObject, Problems } from '../pools/problems';
import { parseSlo, type SloClause } from './slo';
import { CAPACITY_DEFAULTS } from './step';
import type { CapacityConfig, CapacityVariant } from './types';

export type NamedVariant = CapacityVariant & { name: string };

export interface CheckedConfig {
  variants: NamedVariant[];
  clauses: SloClause[];
  precision: number;
  seed: number;
  minRate: number;
  maxRate: number;
  tailSamples: number;
  live: boolean;
}

const CONFIG_FIELDS = ['pool', 'strategies', 'variants', 'slo', 'precision', 'live', 'seed', 'minRate', 'maxRate', 'startRate', 'tailSamples', 'timeoutMs', 'key', 'baseDir'];

export function checkConfig(config: CapacityConfig): CheckedConfig {
  const p = new Problems();
  if (!isObject(config)) {
    p.add('', `expected a capacity config, got ${show(config)}`);
    p.throwIfAny();
  }
  p.fields(config as unknown as Record<string, unknown>, '', CONFIG_FIELDS);
  if (!isObject(config.pool) || !Array.isArray(config.pool.endpoints)) p.add('pool', `expected a pool that passed parsePool, got ${show(config.pool)}`);
  const variants = variantsOf(p, config);
  const clauses = p.catch(() => parseSlo(config.slo)) ?? [];
  const num = (key: keyof CapacityConfig, bounds: Parameters<Problems['number']>[2], fallback: number): number =>
    config[key] === undefined ? fallback : p.number(config[key], key, bounds) ?? fallback;
  const precision = num('precision', { min: 0.001, max: 0.5 }, CAPACITY_DEFAULTS.precision);
  const seed = num('seed', {}, CAPACITY_DEFAULTS.seed);
  const minRate = num('minRate', { min: 0, exclusiveMin: true }, CAPACITY_DEFAULTS.minRate);
  const maxRate = num('maxRate', { min: 0, exclusiveMin: true }, CAPACITY_DEFAULTS.maxRate);
  if (config.minRate !== undefined && config.maxRate !== undefined && minRate >= maxRate) p.add('maxRate', `must be above minRate (${minRate}), got ${show(config.maxRate)}`);
  if (config.startRate !== undefined) p.number(config.startRate, 'startRate', { min: 0, exclusiveMin: true });
  const tailSamples = num('tailSamples', { min: 10, max: 100_000, integer: true }, CAPACITY_DEFAULTS.tailSamples);
  if (config.timeoutMs !== undefined) p.number(config.timeoutMs, 'timeoutMs', { min: 1 });
  const live = config.live === undefined ? false : p.boolean(config.live, 'live') ?? false;
  if (config.baseDir !== undefined) p.string(config.baseDir, 'baseDir');
  p.throwIfAny();
  return { variants, clauses, precision, seed, minRate, maxRate, tailSamples, live };
}

function variantsOf(p: Problems, config: CapacityConfig): NamedVariant[] {
  if (config.strategies !== undefined && config.variants !== undefined) {
    p.add('variants', 'give strategies or variants, not both');
    return [];
  }
  if (config.variants !== undefined) return checkVariants(p, config.variants, 'variants');
  const list = config.strategies;
  if (!Array.isArray(list) || list.length === 0) {
    p.add('strategies', `expected a non-empty list of strategies (or variants), got ${show(list)}`);
    return [];
  }
  return checkVariants(p, list.map((strategy) => ({ strategy })), 'strategies', true);
}

/**
 * Variants as given in a config or a `--variants` file (`path` names the list), read by the one
 * variants parser; `bare`: a list of strategy names, each a variant with its defaults.
 */
export function checkVariants(p: Problems, raw: unknown, path: string, bare = false): NamedVariant[] {
  if (!bare) return parseVariantList(p, raw, path, { noPolicy: NO_POLICY });
  const seen = new Set<string>();
  const out: NamedVariant[] = [];
  (raw as { strategy: unknown }[]).forEach(({ strategy }, i) => {
    if (!isStrategyName(strategy)) return p.add(at(path, i), `unknown strategy ${show(strategy)} (valid: ${STRATEGY_NAMES.join(', ')})`);
    if (seen.has(strategy)) p.add(at(path, i), `${show(strategy)} is listed twice`);
    seen.add(strategy);
    out.push({ name: strategy, strategy });
  });
  return out;
}

/** Until runs apply client policies, a search would measure a policy it never ran. */
const NO_POLICY = 'capacity searches do not apply a client policy yet (each step sends one attempt per request); leave it out here';
