/** A variants file for export (read by the one variants parser, pools/parse-variants.ts), and a pool's own variant. */
import type { StrategyName } from '../engine/types';
import { parseVariantList } from '../pools/parse-variants';
import { Problems } from '../pools/problems';
import type { Pool } from '../pools/types';
import type { Variant } from './types';

/** Throws a PoolErrors listing every problem, each with its path under `variants`. */
export function parseVariants(raw: unknown, source?: string): Variant[] {
  const p = new Problems();
  const out = parseVariantList(p, raw, 'variants');
  p.throwIfAny(source);
  return out;
}

/** The variant a pool file describes itself (its own strategy, options, outlier detection and policy), or `strategy` with its defaults (and the pool's policy). */
export function poolVariant(pool: Pool, strategy?: StrategyName): Variant {
  const own = strategy === undefined || strategy === pool.strategy;
  const name = strategy ?? pool.strategy ?? 'round-robin';
  return {
    name,
    strategy: name,
    ...(own && pool.strategyOptions ? { strategyOptions: pool.strategyOptions } : {}),
    ...(pool.outlierDetection === undefined || pool.outlierDetection === false ? {} : { outlierDetection: pool.outlierDetection }),
    // The pool's client policy is part of what it runs with: exported with its own strategy or another.
    ...(pool.policy ? { policy: pool.policy } : {}),
  };
}
