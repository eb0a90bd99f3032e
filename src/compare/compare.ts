/**
 * `compareStrategies(config)`: every chosen strategy on the same pool, scenario, load and seed,
 * simulated (default) or live, one after another; one row each, ranked by p99 (rank.ts).
 *
 * Everything is checked before the first run: each strategy's simulation or load-test plan is
 * built up front, so a bad option of the fifth strategy fails in milliseconds, not after four
 * runs. Simulated runs share their random streams (simulate.ts), so the strategies see the same
 * arrivals and the same service times: the differences are the strategies'. Live runs go one after
 * another; after each, the scenario's server faults are undone through the pool's control address.
 */
import { ConfigError, show } from '../engine/errors';
import { isStrategyName } from '../engine/registry';
import { STRATEGY_NAMES, type StrategyName } from '../engine/types';
import { makePlan } from '../loadtest/plan';
import { runLoadTest } from '../loadtest/run-load-test';
import type { LoadTestConfig } from '../loadtest/types';
import { BALANCING_FIELDS, type BalancingSpec } from '../pools/parse-balancing';
import type { RunSpec } from '../run/types';
import type { Comparison, ComparisonRow, LoadModel, RunResult, RunStatus } from '../result/types';
import { SCHEMA_VERSION } from '../result/types';
import { planSimulation, simulateAsync, weightedCapacityPerSecond, type SimulationConfig } from '../simulate';
import { rank, rowOf } from './rank';
import { restoreServers } from './restore-servers';
import type { CompareConfig, CompareMode } from './types';

export const COMPARE_DEFAULTS = Object.freeze({
  seed: 1,
  /**
   * Open-model rate of a simulated comparison, as a share of what the virtual pool serves when
   * traffic follows its weights (weightedCapacityPerSecond): a load every weighted strategy can carry,
   * so the table compares strategies rather than showing which ones time out.
   */
  utilisation: 0.6,
  /** Closed callers per endpoint of a live comparison. */
  callersPerEndpoint: 2,
  simulated: Object.freeze({ durationMs: 10_000, afterLastStepMs: 5_000, intervalMs: 100 }),
  live: Object.freeze({ durationMs: 5_000, afterLastStepMs: 3_000, intervalMs: 250 }),
});

export async function compareStrategies(config: CompareConfig): Promise<Comparison> {
  if (config === null || typeof config !== 'object') throw new ConfigError('', `expected a comparison config, got ${show(config)}`);
  const mode: CompareMode = config.mode ?? 'simulated';
  if (mode !== 'simulated' && mode !== 'live') throw new ConfigError('mode', `expected "simulated" or "live", got ${show(mode)}`);
  const names = strategyList(config.strategies);
  const runs = mode === 'simulated' ? simulatedRuns(config, names) : liveRuns(config, names);
  const rows: ComparisonRow[] = [];
  const results: RunResult[] = [];
  for (let i = 0; i < runs.length; i++) {
    if (config.signal?.aborted) break;
    const strategy = names[i];
    const result = await runs[i]((run) => config.onProgress?.({ strategy, index: i, total: names.length, run }));
    results.push(result);
    rows.push(rowOf(result, config.scenario));
    if (mode === 'simulated') config.onProgress?.({ strategy, index: i, total: names.length });
  }
  const ranked = rank(rows, results);
  const complete = results.length === names.length && results.every((r) => r.status === 'completed');
  const failed = results.some((r) => r.status === 'failed') && !config.signal?.aborted;
  const status: RunStatus = complete ? 'completed' : failed ? 'failed' : 'cancelled';
  return { kind: 'comparison', schemaVersion: SCHEMA_VERSION, mode, status, rows: ranked.rows, results: ranked.results };
}

type Run = (onRunProgress: (p: Parameters<NonNullable<CompareConfig['onProgress']>>[0]['run']) => void) => Promise<RunResult>;

function strategyList(raw: CompareConfig['strategies']): StrategyName[] {
  if (raw === 'all') return [...STRATEGY_NAMES];
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new ConfigError('strategies', `expected a non-empty list of strategies or "all", got ${show(raw)}`);
  }
  const seen = new Set<string>();
  raw.forEach((name: unknown, i) => {
    if (!isStrategyName(name)) throw new ConfigError(`strategies[${i}]`, `unknown strategy ${show(name)} (valid: ${STRATEGY_NAMES.join(', ')})`);
    if (seen.has(name)) throw new ConfigError(`strategies[${i}]`, `${show(name)} is listed twice`);
    seen.add(name);
  });
  return raw.slice() as StrategyName[];
}

/** The caller's options for `strategy`, if any; otherwise the plan's one rule applies (run/plan.ts). */
function optionsFor(config: CompareConfig, strategy: StrategyName): { strategyOptions?: Record<string, unknown> } {
  const given = config.strategyOptions?.[strategy];
  return given === undefined ? {} : { strategyOptions: given };
}

/** Default bounds: a fixed length, or long enough to see the scenario's last step play out. */
function bounds(config: CompareConfig, d: { durationMs: number; afterLastStepMs: number }): { durationMs?: number; requests?: number } {
  if (config.durationMs !== undefined || config.requests !== undefined) {
    return { ...(config.durationMs !== undefined ? { durationMs: config.durationMs } : {}), ...(config.requests !== undefined ? { requests: config.requests } : {}) };
  }
  if (config.load?.stages) return {}; // a staged run lasts the stages' sum
  const last = Math.max(0, ...(config.scenario ?? []).map((s) => (typeof s?.at === 'number' ? s.at : 0)));
  return { durationMs: Math.max(d.durationMs, last + d.afterLastStepMs) };
}

function balancingOf(config: CompareConfig): BalancingSpec {
  const out: BalancingSpec = {};
  for (const f of BALANCING_FIELDS) if (config[f] !== undefined) (out as Record<string, unknown>)[f] = config[f];
  return out;
}

/** One variant's run spec: the comparison's pool, load, bounds, keys, scenario and seed, with `strategy`. */
function specFor(config: CompareConfig, strategy: StrategyName, load: LoadModel, d: { durationMs: number; afterLastStepMs: number; intervalMs: number }): RunSpec {
  return {
    pool: config.pool,
    strategy,
    ...optionsFor(config, strategy),
    ...(config.outlierDetection !== undefined ? { outlierDetection: config.outlierDetection } : {}),
    ...balancingOf(config),
    load,
    ...bounds(config, d),
    ...(config.warmupMs !== undefined ? { warmupMs: config.warmupMs } : {}),
    ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    ...(config.key !== undefined ? { key: config.key } : {}),
    ...(config.scenario !== undefined ? { scenario: config.scenario } : {}),
    seed: config.seed ?? COMPARE_DEFAULTS.seed,
    intervalMs: config.intervalMs ?? d.intervalMs,
  };
}

function simulatedRuns(config: CompareConfig, names: StrategyName[]): Run[] {
  const seed = config.seed ?? COMPARE_DEFAULTS.seed;
  let load = config.load;
  if (load === undefined) {
    // The pool's capacity needs its servers: plan once with a placeholder load to read them.
    const probe = planSimulation({ pool: config.pool, load: { model: 'closed', concurrency: 1 }, seed, requests: 1 });
    load = { model: 'open', rate: round3(COMPARE_DEFAULTS.utilisation * weightedCapacityPerSecond(probe.pool.endpoints, probe.servers)) };
  }
  const configs: SimulationConfig[] = names.map((strategy) => specFor(config, strategy, load, COMPARE_DEFAULTS.simulated));
  for (const c of configs) planSimulation(c); // every problem before the first run
  return configs.map((c) => async () => (await simulateAsync(c, { signal: config.signal })).result);
}

function liveRuns(config: CompareConfig, names: StrategyName[]): Run[] {
  const load: LoadModel = config.load ?? { model: 'closed', concurrency: COMPARE_DEFAULTS.callersPerEndpoint * Math.max(1, config.pool.endpoints.length) };
  const configs: LoadTestConfig[] = names.map((strategy) => ({
    ...specFor(config, strategy, load, COMPARE_DEFAULTS.live),
    ...(config.baseDir !== undefined ? { baseDir: config.baseDir } : {}),
  }));
  for (const c of configs) makePlan(c);
  return configs.map((c) => async (onRunProgress) => {
    try {
      return await runLoadTest(c, { signal: config.signal, onProgress: onRunProgress });
    } finally {
      await restoreServers(config.pool, config.scenario);
    }
  });
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
