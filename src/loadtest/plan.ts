/**
 * Checks a LoadTestConfig before anything is sent and fills in the defaults. Every error is a
 * ConfigError naming the field: `load.rate: expected a number > 0, got -5`.
 */
import { ConfigError, show } from '../engine/errors';
import { isStrategyName } from '../engine/registry';
import type { OutlierOptions, StrategyName } from '../engine/types';
import type { KeySpec, PoolConfig, ScenarioStep } from '../pools/types';
import type { LoadModel } from '../result/types';
import type { LoadTestConfig } from './types';

/** Server-side faults, applied through the pool's `control` address. */
export const CONTROL_ACTIONS = new Set(['slow', 'fail', 'stall', 'leave', 'join', 'recover']);
const ACTIONS = new Set([...CONTROL_ACTIONS, 'remove', 'add']);

export const DEFAULTS = Object.freeze({ timeoutMs: 10_000, warmupMs: 0, intervalMs: 1000, workers: 1, strategy: 'round-robin' as StrategyName });

/** A config with every default filled in; what a worker thread receives. */
export interface Plan {
  pool: PoolConfig;
  strategy: StrategyName;
  strategyOptions: Record<string, unknown>;
  outlierDetection?: OutlierOptions | boolean;
  load: LoadModel;
  durationMs?: number;
  requests?: number;
  warmupMs: number;
  timeoutMs: number;
  maxReplyBytes?: number;
  key?: KeySpec;
  scenario: ScenarioStep[];
  workers: number;
  intervalMs: number;
  seed: number;
  baseDir: string;
}

export function makePlan(config: LoadTestConfig): Plan {
  if (config === null || typeof config !== 'object') throw new ConfigError('config', `expected an object, got ${show(config)}`);
  const pool = config.pool;
  if (pool === null || typeof pool !== 'object' || !Array.isArray(pool.endpoints)) {
    throw new ConfigError('pool', 'expected a pool that passed parsePool');
  }
  const strategy = config.strategy ?? pool.strategy ?? DEFAULTS.strategy;
  if (!isStrategyName(strategy)) throw new ConfigError('strategy', `unknown strategy ${show(strategy)}`);
  const load = checkLoad(config.load);
  const durationMs = optionalNumber(config.durationMs, 'durationMs', 1);
  const requests = optionalInteger(config.requests, 'requests', 1);
  if (durationMs === undefined && requests === undefined) {
    throw new ConfigError('durationMs', 'a run needs a bound: durationMs and/or requests');
  }
  const plan: Plan = {
    pool,
    strategy,
    strategyOptions: { ...(config.strategyOptions ?? pool.strategyOptions ?? {}) },
    outlierDetection: config.outlierDetection ?? pool.outlierDetection,
    load,
    durationMs,
    requests,
    warmupMs: optionalNumber(config.warmupMs, 'warmupMs', 0) ?? DEFAULTS.warmupMs,
    timeoutMs: optionalNumber(config.timeoutMs, 'timeoutMs', 1) ?? DEFAULTS.timeoutMs,
    ...(config.maxReplyBytes !== undefined ? { maxReplyBytes: optionalInteger(config.maxReplyBytes, 'maxReplyBytes', 1) } : {}),
    key: config.key ?? pool.key,
    scenario: checkScenario(config.scenario, pool),
    workers: optionalInteger(config.workers, 'workers', 1) ?? DEFAULTS.workers,
    intervalMs: optionalNumber(config.intervalMs, 'intervalMs', 10) ?? DEFAULTS.intervalMs,
    seed: config.seed ?? Math.floor(Math.random() * 2 ** 31),
    baseDir: config.baseDir ?? process.cwd(),
  };
  if (plan.workers > 64) throw new ConfigError('workers', `expected at most 64, got ${plan.workers}`);
  if (typeof plan.seed !== 'number' || !Number.isFinite(plan.seed)) throw new ConfigError('seed', `expected a finite number, got ${show(config.seed)}`);
  return plan;
}

function checkLoad(load: LoadModel): LoadModel {
  if (load === null || typeof load !== 'object') throw new ConfigError('load', `expected {model: "closed", concurrency} or {model: "open", rate}, got ${show(load)}`);
  if (load.model === 'closed') {
    const concurrency = optionalInteger(load.concurrency, 'load.concurrency', 1);
    if (concurrency === undefined) throw new ConfigError('load.concurrency', 'required for the closed model');
    const thinkTimeMs = optionalNumber(load.thinkTimeMs, 'load.thinkTimeMs', 0);
    return thinkTimeMs ? { model: 'closed', concurrency, thinkTimeMs } : { model: 'closed', concurrency };
  }
  if (load.model === 'open') {
    const rate = optionalNumber(load.rate, 'load.rate', Number.MIN_VALUE);
    if (rate === undefined) throw new ConfigError('load.rate', 'required for the open model');
    const maxInFlight = optionalInteger(load.maxInFlight, 'load.maxInFlight', 1);
    return maxInFlight === undefined ? { model: 'open', rate } : { model: 'open', rate, maxInFlight };
  }
  throw new ConfigError('load.model', `expected "closed" or "open", got ${show((load as { model?: unknown }).model)}`);
}

function checkScenario(steps: ScenarioStep[] | undefined, pool: PoolConfig): ScenarioStep[] {
  if (steps === undefined) return [];
  if (!Array.isArray(steps)) throw new ConfigError('scenario', `expected an array of steps, got ${show(steps)}`);
  const ids = new Set(pool.endpoints.map((e) => e.id));
  steps.forEach((s, i) => {
    const where = `scenario[${i}]`;
    if (!ACTIONS.has(s?.action)) throw new ConfigError(`${where}.action`, `expected one of ${[...ACTIONS].join(', ')}, got ${show(s?.action)}`);
    if (typeof s.at !== 'number' || !(s.at >= 0)) throw new ConfigError(`${where}.at`, `expected ms >= 0, got ${show(s.at)}`);
    if (!ids.has(s.endpoint)) throw new ConfigError(`${where}.endpoint`, `no endpoint ${show(s.endpoint)} in pool ${show(pool.name)} (has: ${[...ids].join(', ')})`);
    if (CONTROL_ACTIONS.has(s.action) && !pool.control) {
      throw new ConfigError(`${where}.action`, `"${s.action}" is a server-side fault and needs the pool's "control" address (the demo servers'), but pool ${show(pool.name)} has none`);
    }
  });
  return [...steps].sort((a, b) => a.at - b.at);
}

function optionalNumber(v: unknown, field: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new ConfigError(field, `expected a number ${min === Number.MIN_VALUE ? '> 0' : `>= ${min}`}, got ${show(v)}`);
  }
  return v;
}

function optionalInteger(v: unknown, field: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ConfigError(field, `expected an integer >= ${min}, got ${show(v)}`);
  return v;
}
