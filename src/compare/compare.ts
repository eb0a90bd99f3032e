/**
 * `compareStrategies(config)`: every chosen strategy, or every variant (a strategy with its
 * options, outlier detection and client policy), on the same pool, scenario, load and seed,
 * simulated (default) or live, one after another; one row each, ranked by rank.ts's rule.
 *
 * Everything is checked before the first run: each variant's simulation or load-test plan is
 * built up front, so a bad option of the fifth variant fails in milliseconds, not after four
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
import { parseVariantList } from '../pools/parse-variants';
import { Problems } from '../pools/problems';
import type { RunSpec } from '../run/types';
import type { Comparison, ComparisonRow, LoadModel, RunResult, RunStatus } from '../result/types';
import { SCHEMA_VERSION } from '../result/types';
import { planSimulation, simulateAsync, weightedCapacityPerSecond, type SimulationConfig } from '../simulate';
import { rank, rowOf } from './rank';
import { restoreServers } from './restore-servers';
import type { CompareConfig, CompareMode, VariantInput } from './types';

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
  const variants = variantsOf(config);
  const runs = mode === 'simulated' ? simulatedRuns(config, variants) : liveRuns(config, variants);
  const rows: ComparisonRow[] = [];
  const results: RunResult[] = [];
  const total = variants.length;
  for (let i = 0; i < runs.length; i++) {
    if (config.signal?.aborted) break;
    const { name, strategy } = variants[i];
    const result = await runs[i]((run) => config.onProgress?.({ name, strategy, index: i, total, run }));
    results.push(result);
    rows.push(rowOf(result, config.scenario, name));
    if (mode === 'simulated') config.onProgress?.({ name, strategy, index: i, total });
  }
  const ranked = rank(rows, results);
  const complete = results.length === total && results.every((r) => r.status === 'completed');
  const failed = results.some((r) => r.status === 'failed') && !config.signal?.aborted;
  const status: RunStatus = complete ? 'completed' : failed ? 'failed' : 'cancelled';
  return { kind: 'comparison', schemaVersion: SCHEMA_VERSION, mode, status, rows: ranked.rows, results: ranked.results };
}

type Run = (onRunProgress: (p: Parameters<NonNullable<CompareConfig['onProgress']>>[0]['run']) => void) => Promise<RunResult>;

/** A checked variant; `policy` as given (planRun parses it again, durations and all, into the run). */
interface CheckedVariant {
  name: string;
  strategy: StrategyName;
  strategyOptions?: Record<string, unknown>;
  outlierDetection?: VariantInput['outlierDetection'];
  policy?: Record<string, unknown>;
}

function variantsOf(config: CompareConfig): CheckedVariant[] {
  if (config.variants === undefined) {
    return strategyList(config.strategies).map((strategy) => ({ name: strategy, strategy, ...optionsFor(config, strategy) }));
  }
  if (config.strategies !== undefined) throw new ConfigError('variants', 'give strategies or variants, not both');
  const p = new Problems();
  const parsed = parseVariantList(p, config.variants, 'variants');
  p.throwIfAny();
  // Every entry parsed (else the line above threw), so parsed[i] is variants[i].
  return parsed.map((v, i) => {
    const raw = config.variants![i];
    return {
      name: v.name,
      strategy: v.strategy,
      ...(v.strategyOptions !== undefined ? { strategyOptions: v.strategyOptions } : optionsFor(config, v.strategy)),
      ...(v.outlierDetection !== undefined ? { outlierDetection: v.outlierDetection } : {}),
      ...(raw.policy !== undefined ? { policy: raw.policy } : {}),
    };
  });
}

function strategyList(raw: CompareConfig['strategies']): StrategyName[] {
  if (raw === 'all') return [...STRATEGY_NAMES];
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new ConfigError('strategies', `expected a non-empty list of strategies or "all" (or variants), got ${show(raw)}`);
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

/** One variant's run spec: the comparison's pool, load, bounds, keys, scenario and seed, with the variant's strategy, options, outlier detection and policy. */
function specFor(config: CompareConfig, v: CheckedVariant, load: LoadModel, d: { durationMs: number; afterLastStepMs: number; intervalMs: number }): RunSpec {
  const outlierDetection = v.outlierDetection ?? config.outlierDetection;
  return {
    pool: config.pool,
    strategy: v.strategy,
    ...(v.strategyOptions !== undefined ? { strategyOptions: v.strategyOptions } : {}),
    ...(outlierDetection !== undefined ? { outlierDetection } : {}),
    ...(v.policy !== undefined ? { policy: v.policy } : {}),
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

function simulatedRuns(config: CompareConfig, variants: CheckedVariant[]): Run[] {
  const seed = config.seed ?? COMPARE_DEFAULTS.seed;
  let load = config.load;
  if (load === undefined) {
    // The pool's capacity needs its servers: plan once with a placeholder load to read them.
    const probe = planSimulation({ pool: config.pool, load: { model: 'closed', concurrency: 1 }, seed, requests: 1 });
    load = { model: 'open', rate: round3(COMPARE_DEFAULTS.utilisation * weightedCapacityPerSecond(probe.pool.endpoints, probe.servers)) };
  }
  const configs: SimulationConfig[] = variants.map((v) => specFor(config, v, load, COMPARE_DEFAULTS.simulated));
  for (const c of configs) planSimulation(c); // every problem before the first run
  return configs.map((c) => async () => (await simulateAsync(c, { signal: config.signal })).result);
}

function liveRuns(config: CompareConfig, variants: CheckedVariant[]): Run[] {
  const load: LoadModel = config.load ?? { model: 'closed', concurrency: COMPARE_DEFAULTS.callersPerEndpoint * Math.max(1, config.pool.endpoints.length) };
  const configs: LoadTestConfig[] = variants.map((v) => ({
    ...specFor(config, v, load, COMPARE_DEFAULTS.live),
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
