/**
 * Variants: a strategy with its options, outlier detection and client policy, named, as a
 * variants file lists them (`[{name, strategy, strategyOptions, outlierDetection, policy}]`) for
 * `export-config`, `capacity` and (issue: client policies) `compare`. One parser for all of them:
 * every problem at once with its path (`variants[2].policy.retry.maxAttempts: must be 2..5, got 9`);
 * the strategy's options and outlier detection are checked by the engine itself (`createBalancer`),
 * so a variant that parses is one the balancer accepts.
 */
import { ConfigError, show } from '../engine/errors';
import { createBalancer, isStrategyName } from '../engine/registry';
import { STRATEGY_NAMES, type OutlierOptions, type StrategyName } from '../engine/types';
import { checkOutlierDetection } from './parse-options';
import { parsePolicy } from './parse-policy';
import type { ClientPolicy } from './policy-types';
import { at, type Problems } from './problems';

export interface Variant {
  /** Default: the strategy's name. Unique in a list. */
  name: string;
  strategy: StrategyName;
  strategyOptions?: Record<string, unknown>;
  outlierDetection?: OutlierOptions | boolean;
  policy?: ClientPolicy;
}

/** A variant as a file or config writes it, before it is checked (durations as strings). */
export interface VariantInput {
  name?: string;
  strategy: StrategyName | string;
  strategyOptions?: Record<string, unknown>;
  outlierDetection?: OutlierOptions | boolean;
  policy?: Record<string, unknown>;
}

export const VARIANT_FIELDS = ['name', 'strategy', 'strategyOptions', 'outlierDetection', 'policy'] as const;

export interface VariantRules {
  /** Why a `policy` is refused, when the command taking the variants does not apply one yet. */
  noPolicy?: string;
}

/** One variant at `path`, or undefined after its problems went to `p`. */
export function parseVariant(p: Problems, raw: unknown, path: string, rules: VariantRules = {}): Variant | undefined {
  const obj = p.object(raw, path);
  if (!obj) return undefined;
  const before = p.count;
  p.fields(obj, path, VARIANT_FIELDS);
  let strategy: StrategyName | undefined;
  if (isStrategyName(obj.strategy)) strategy = obj.strategy;
  else p.add(at(path, 'strategy'), `unknown strategy ${show(obj.strategy)} (valid: ${STRATEGY_NAMES.join(', ')})`);
  const name = obj.name === undefined ? strategy : p.string(obj.name, at(path, 'name'));
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
  let policy: ClientPolicy | undefined;
  if (obj.policy !== undefined) {
    if (rules.noPolicy !== undefined) p.add(at(path, 'policy'), rules.noPolicy);
    else policy = parsePolicy(p, obj.policy, at(path, 'policy'));
  }
  if (p.count > before || !name || !strategy) return undefined;
  return {
    name, strategy,
    ...(strategyOptions ? { strategyOptions } : {}),
    ...(outlierDetection === undefined ? {} : { outlierDetection: outlierDetection as OutlierOptions | boolean }),
    ...(policy ? { policy } : {}),
  };
}

/** A non-empty list of variants at `path` with unique names; the ones that parsed. */
export function parseVariantList(p: Problems, raw: unknown, path: string, rules: VariantRules = {}): Variant[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    p.add(path, `expected a non-empty list of variants ({ name, strategy, strategyOptions, outlierDetection, policy }), got ${show(raw)}`);
    return [];
  }
  const seen = new Set<string>();
  const out: Variant[] = [];
  raw.forEach((entry, i) => {
    const where = at(path, i);
    const v = parseVariant(p, entry, where, rules);
    if (!v) return;
    if (seen.has(v.name)) p.add(isNamed(entry) ? at(where, 'name') : at(where, 'strategy'), `${show(v.name)} is used by an earlier variant; names must be unique`);
    seen.add(v.name);
    out.push(v);
  });
  return out;
}

const isNamed = (entry: unknown): boolean => typeof entry === 'object' && entry !== null && 'name' in entry;
