/**
 * The flags `run`, `simulate` and `compare` share, turned into the one run spec (src/run/types.ts).
 * Flags are only parsed here (a number is a number); `planRun` checks ranges and bounds, so the
 * CLI, the library and VS Code give the same messages (the CLI names the flag beside the path:
 * flag-names.ts).
 */
import { isStrategyName, strategyDefinition } from '../engine/registry';
import type { StrategyName } from '../engine/types';
import type { KeySpec, Pool } from '../pools/types';
import type { LoadModel } from '../result/types';
import type { RunSpec } from '../run/types';
import { UsageError } from './exit-codes';
import { poolShapeFlags, type PoolShapeFlags } from './pool-shape-flags';
import { durationFlag, numberFlag, readScenario, strategyOptionsFlag } from './shared';
import { type StageFlags, stagedLoadFlags } from './stage-flags';

export interface SpecFlags extends PoolShapeFlags, StageFlags {
  strategy?: string;
  strategyOption?: string[];
  concurrency?: string;
  rate?: string;
  maxInFlight?: string;
  duration?: string;
  requests?: string;
  warmup?: string;
  timeout?: string;
  key?: string;
  keys?: string;
  zipf?: string;
  seed?: string;
  interval?: string;
  scenario?: string;
  outlierDetection?: boolean;
}

export function strategyFlag(value: string | undefined): StrategyName | undefined {
  if (value === undefined) return undefined;
  if (!isStrategyName(value)) strategyDefinition(value); // throws, listing the valid names
  return value as StrategyName;
}

export function loadModelFlags(flags: StageFlags & { concurrency?: string; rate?: string; maxInFlight?: string }, fallback: LoadModel): LoadModel {
  if (flags.concurrency !== undefined && flags.rate !== undefined) {
    throw new UsageError('give either --concurrency (closed model) or --rate (open model), not both');
  }
  if ((flags.stage?.length || flags.callerStage?.length) && (flags.rate !== undefined || flags.concurrency !== undefined)) {
    throw new UsageError('--stage and --caller-stage set the load over time: give them instead of --rate or --concurrency');
  }
  const staged = stagedLoadFlags(flags, numberFlag(flags.maxInFlight, '--max-in-flight', { min: 0 }));
  if (staged) return staged;
  if (flags.maxInFlight !== undefined && flags.rate === undefined) throw new UsageError('--max-in-flight caps the open model: give --rate too');
  if (flags.rate !== undefined) {
    const rate = numberFlag(flags.rate, '--rate', { min: 0 })!;
    const maxInFlight = numberFlag(flags.maxInFlight, '--max-in-flight', { min: 0 });
    return maxInFlight === undefined ? { model: 'open', rate } : { model: 'open', rate, maxInFlight };
  }
  if (flags.concurrency !== undefined) return { model: 'closed', concurrency: numberFlag(flags.concurrency, '--concurrency', { min: 0 })! };
  return fallback;
}

/** `--key TEMPLATE` or `--keys N [--zipf S]`: one key model; `--zipf` alone skews nothing, so it is an error. */
export function keyFlags(flags: { key?: string; keys?: string; zipf?: string }): KeySpec | undefined {
  if (flags.key !== undefined && flags.keys !== undefined) throw new UsageError('give either --key (a template) or --keys (a key space), not both');
  if (flags.zipf !== undefined && flags.keys === undefined) throw new UsageError('--zipf skews a key space: give --keys N too');
  if (flags.key !== undefined) return flags.key;
  const space = numberFlag(flags.keys, '--keys', { min: 0 });
  if (space === undefined) return undefined;
  const zipf = numberFlag(flags.zipf, '--zipf', { min: 0 });
  return zipf === undefined ? { space } : { space, skew: { zipf } };
}

/** `--shard i/N` (0-based, as JOB_COMPLETION_INDEX); the plan checks i < N and the split. */
export function shardFlag(value: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!m) throw new UsageError(`--shard: expected i/N with 0 <= i < N (0-based, e.g. --shard 0/3), got ${JSON.stringify(value)}`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

/** The run spec from flags; what the flags leave out comes from the pool and the plan's defaults. */
export function specFlags(flags: SpecFlags, pool: Pool, defaults: { load: LoadModel; durationMs?: number }): RunSpec {
  const durationMs = durationFlag(flags.duration, '--duration');
  const requests = numberFlag(flags.requests, '--requests', { min: 0 });
  const spec: RunSpec = { pool, load: loadModelFlags(flags, defaults.load) };
  // A staged run lasts the stages' sum: no default duration beside it.
  if (spec.load.stages) defaults = { ...defaults, durationMs: undefined };
  const set = <K extends keyof RunSpec>(k: K, v: RunSpec[K] | undefined): void => {
    if (v !== undefined) spec[k] = v;
  };
  set('strategy', strategyFlag(flags.strategy));
  set('strategyOptions', strategyOptionsFlag(flags.strategyOption));
  set('durationMs', durationMs ?? (requests === undefined ? defaults.durationMs : undefined));
  set('requests', requests);
  set('warmupMs', durationFlag(flags.warmup, '--warmup'));
  set('timeoutMs', durationFlag(flags.timeout, '--timeout'));
  set('key', keyFlags(flags));
  set('seed', numberFlag(flags.seed, '--seed', { min: -Infinity }));
  set('intervalMs', durationFlag(flags.interval, '--interval'));
  set('scenario', readScenario(flags.scenario, pool));
  if (flags.outlierDetection) spec.outlierDetection = true;
  Object.assign(spec, poolShapeFlags(flags));
  return spec;
}
