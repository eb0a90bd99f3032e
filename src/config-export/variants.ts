/**
 * A variants file: a JSON list of `{name, strategy, strategyOptions, outlierDetection, policy}`,
 * each checked with its path (`variants[2].policy.retry.maxAttempts: must be 2..5, got 9`), every
 * problem reported at once. The strategy's options and outlier detection are checked by the engine
 * itself (`createBalancer`), so a variant that exports is one the balancer accepts.
 */
import { ConfigError } from '../engine/errors';
import { createBalancer, isStrategyName } from '../engine/registry';
import { STRATEGY_NAMES, type OutlierOptions, type StrategyName } from '../engine/types';
import { checkOutlierDetection } from '../pools/parse-options';
import { at, Problems } from '../pools/problems';
import type { Pool } from '../pools/types';
import { parsePolicy } from '../pools/parse-policy';
import type { Variant } from './types';

const VARIANT_FIELDS = ['name', 'strategy', 'strategyOptions', 'outlierDetection', 'policy'];

/** Throws a PoolErrors listing every problem, each with its path under `variants`. */
export function parseVariants(raw: unknown, source?: string): Variant[] {
  const p = new Problems();
  const out: Variant[] = [];
  if (!Array.isArray(raw) || raw.length === 0) {
    p.add('variants', `expected a non-empty JSON list of {name, strategy, strategyOptions, outlierDetection, policy}, got ${JSON.stringify(raw)?.slice(0, 60)}`);
    p.throwIfAny(source);
  }
  const seen = new Set<string>();
  (raw as unknown[]).forEach((entry, i) => {
    const v = parseVariant(p, entry, at('variants', i));
    if (!v) return;
    if (seen.has(v.name)) p.add(at(at('variants', i), 'name'), `${JSON.stringify(v.name)} is used by an earlier variant; names must be unique`);
    seen.add(v.name);
    out.push(v);
  });
  p.throwIfAny(source);
  return out;
}

/** One variant at `path`, or undefined after its problems went to `p`. */
export function parseVariant(p: Problems, raw: unknown, path: string): Variant | undefined {
  const obj = p.object(raw, path);
  if (!obj) return undefined;
  const before = p.count;
  p.fields(obj, path, VARIANT_FIELDS);
  const name = p.string(obj.name, at(path, 'name'));
  let strategy: StrategyName | undefined;
  if (isStrategyName(obj.strategy)) strategy = obj.strategy;
  else p.add(at(path, 'strategy'), `expected one of ${STRATEGY_NAMES.join(', ')}, got ${JSON.stringify(obj.strategy)}`);
  const strategyOptions = obj.strategyOptions === undefined ? undefined : p.object(obj.strategyOptions, at(path, 'strategyOptions'));
  const outlierDetection = obj.outlierDetection === undefined ? undefined : checkOutlierDetection(p, obj.outlierDetection, at(path, 'outlierDetection'));
  if (strategy && p.count === before) {
    try {
      createBalancer(strategy, [], { ...strategyOptions, ...(outlierDetection === undefined ? {} : { outlierDetection }) });
    } catch (e) {
      // The engine names the strategy and the field; the path says which variant.
      if (!(e instanceof ConfigError)) throw e;
      p.add(at(path, obj.outlierDetection !== undefined && /outlier/i.test(e.message) ? 'outlierDetection' : 'strategyOptions'), e.message);
    }
  }
  const policy = obj.policy === undefined ? undefined : parsePolicy(p, obj.policy, at(path, 'policy'));
  if (p.count > before || !name || !strategy) return undefined;
  return {
    name, strategy,
    ...(strategyOptions ? { strategyOptions } : {}),
    ...(outlierDetection === undefined ? {} : { outlierDetection: outlierDetection as OutlierOptions | boolean }),
    ...(policy ? { policy } : {}),
  };
}

/** The variant a pool file describes itself (its own strategy, options and outlier detection), or `strategy` with its defaults. */
export function poolVariant(pool: Pool, strategy?: StrategyName): Variant {
  const own = strategy === undefined || strategy === pool.strategy;
  const name = strategy ?? pool.strategy ?? 'round-robin';
  return {
    name,
    strategy: name,
    ...(own && pool.strategyOptions ? { strategyOptions: pool.strategyOptions } : {}),
    ...(pool.outlierDetection === undefined || pool.outlierDetection === false ? {} : { outlierDetection: pool.outlierDetection }),
  };
}
