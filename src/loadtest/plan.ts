/**
 * A load test's plan: the one run plan (`planRun`, src/run) extended with what only a live run has
 * (worker threads, the directory relative paths resolve against). Every problem is collected with
 * its path and thrown together as `PoolErrors` (a ConfigError) before anything is sent.
 */
import { LIMITS } from '../pools/limits';
import { Problems } from '../pools/problems';
import { planRun, RUN_DEFAULTS } from '../run/plan';
import type { RunPlan } from '../run/types';
import { shardPlan } from './shard-plan';
import type { LoadTestConfig } from './types';

export const DEFAULTS = Object.freeze({ ...RUN_DEFAULTS, workers: 1 });

/** A config with every default filled in; what a worker thread receives. */
export interface Plan extends RunPlan {
  workers: number;
  baseDir: string;
  /** Absent: the transports' default (DEFAULT_MAX_REPLY_BYTES). */
  maxReplyBytes?: number;
}

export function makePlan(config: LoadTestConfig): Plan {
  const p = new Problems();
  const c = (config ?? {}) as unknown as Record<string, unknown>;
  const run = shardPlan(p, planRun(p, config, 'loadtest'), c);
  const workers = c.workers === undefined ? DEFAULTS.workers : p.number(c.workers, 'workers', { min: 1, max: LIMITS.workers, integer: true }) ?? 1;
  let baseDir = process.cwd();
  if (typeof c.baseDir === 'string') baseDir = c.baseDir;
  else if (c.baseDir !== undefined) p.add('baseDir', `expected a directory path, got ${String(c.baseDir)}`);
  const maxReplyBytes = c.maxReplyBytes === undefined ? undefined : p.number(c.maxReplyBytes, 'maxReplyBytes', { min: 1, max: LIMITS.maxReplyBytes, integer: true });
  p.throwIfAny();
  return { ...run, workers, baseDir, ...(maxReplyBytes !== undefined ? { maxReplyBytes } : {}) };
}
