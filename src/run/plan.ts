/**
 * `planRun`: the one check of a run, live or simulated. Every problem is collected with its JSON
 * path (`load.rate: must be at most 1000000, got 1000000000`, `scenario[2].endpoint: ...`), so
 * the CLI, the library and VS Code report the same messages; a load test and a simulation of the
 * same config get the same plan. Kind-specific parts (worker threads, virtual servers) extend the
 * plan in `loadtest/plan.ts` and `simulate/plan.ts`; they do not redo it.
 */
import { show } from '../engine/errors';
import { createBalancer, isStrategyName } from '../engine/registry';
import type { OutlierOptions, StrategyName } from '../engine/types';
import { STRATEGY_NAMES } from '../engine/types';
import { LIMITS } from '../pools/limits';
import { BALANCING_FIELDS, balancingOptions, checkBalancing, type BalancingSpec } from '../pools/parse-balancing';
import { checkOutlierDetection } from '../pools/parse-options';
import { parsePolicy } from '../pools/parse-policy';
import { checkKey } from '../pools/parse-request';
import { isObject, type Obj, type Problems } from '../pools/problems';
import type { Pool } from '../pools/types';
import type { LoadModel, RunKind } from '../result/types';
import { checkPoolShape } from './plan-pool';
import { checkBounds, checkLoad } from './plan-load';
import { checkRunScenario } from './plan-scenario';
import { stagesDurationMs } from './plan-stages';
import { planRequestData } from './request-data';
import { RUN_DEFAULTS } from './defaults';
import type { RunPlan, RunSpec } from './types';


/**
 * The one rule for which strategy options apply: the caller's, else the pool's when the strategy
 * is the pool's own (they were written for it: maglev's `tableSize` means nothing to round-robin),
 * else none.
 */
export function strategyOptionsFor(pool: Pool, strategy: StrategyName, given?: Record<string, unknown>): Record<string, unknown> {
  return { ...(given ?? (pool.strategy === strategy ? pool.strategyOptions : undefined) ?? {}) };
}

/** Checks `spec` (recording problems in `p`) and returns the plan; the caller throws `p` when it has problems. */
export function planRun(p: Problems, spec: RunSpec, kind: RunKind): RunPlan {
  const c: Obj = isObject(spec) ? spec : {};
  if (!isObject(spec)) p.add('', `a run config must be an object, got ${show(spec)}`);
  const pool = checkPoolShape(p, c.pool);
  const strategy = checkStrategy(p, c.strategy ?? pool?.strategy ?? RUN_DEFAULTS.strategy);
  let strategyOptions: Record<string, unknown> = {};
  if (c.strategyOptions !== undefined && !isObject(c.strategyOptions)) p.add('strategyOptions', `expected an object, got ${show(c.strategyOptions)}`);
  else if (pool) strategyOptions = strategyOptionsFor(pool, strategy, c.strategyOptions as Record<string, unknown> | undefined);
  const outlierDetection = c.outlierDetection === undefined ? pool?.outlierDetection : checkOutlierDetection(p, c.outlierDetection, 'outlierDetection');
  const load = checkLoad(p, c.load);
  const bounds = checkBounds(p, stagedBounds(p, c, load), kind, pool?.endpoints.length ?? 1);
  const key = c.key === undefined ? pool?.key : checkKey(p, c.key, 'key');
  const seed = c.seed === undefined ? defaultSeed(kind) : p.number(c.seed, 'seed', { min: -(2 ** 53), max: 2 ** 53 }) ?? 0;
  const scenario = pool ? checkRunScenario(p, c.scenario, pool, kind, bounds.durationMs, bounds.warmupMs) : [];
  const plan: RunPlan = { kind, pool: pool ?? ({} as Pool), strategy, strategyOptions, load, ...bounds, scenario, seed };
  if (outlierDetection !== undefined) plan.outlierDetection = outlierDetection;
  // A run's policy replaces the pool's whole: a variant's retry settings merged into another's hedging would be neither.
  const policy = c.policy === undefined ? pool?.policy : parsePolicy(p, c.policy, 'policy');
  // Live runs (loadtest/policy-path.ts) and simulations (simulate/policy-driver.ts) apply it alike.
  if (policy !== undefined) plan.policy = policy;
  const balancing = { ...balancingOf(pool), ...checkBalancing(p, c) };
  if (Object.keys(balancing).length > 0) plan.balancing = balancing;
  if (key !== undefined) plan.key = key;
  const requestData = planRequestData(p, c, pool, key, plan.notes);
  if (requestData) {
    plan.requestData = requestData;
    // Each row once: the rows are a bound on sends like `requests`.
    if (requestData.order === 'sequential') plan.requests = Math.min(plan.requests ?? Infinity, requestData.table.rows);
  }
  // The engine validates its own options; one balancer built now surfaces them before the run.
  if (p.count === 0) checkBalancer(p, plan);
  return plan;
}

/**
 * A staged run lasts the stages' sum (after any warmup): `durationMs` beside `load.stages` is an
 * error naming both rather than a precedence to remember.
 */
function stagedBounds(p: Problems, c: Obj, load: LoadModel): Obj {
  if (!load.stages) return c;
  const stagesMs = stagesDurationMs(load.stages);
  if (c.durationMs !== undefined) p.add('durationMs', `not with load.stages: the stages' sum (${show(stagesMs)} ms) is the run's measured time (drop one of the two)`);
  return { ...c, durationMs: stagesMs };
}

function checkStrategy(p: Problems, raw: unknown): StrategyName {
  if (isStrategyName(raw)) return raw;
  p.add('strategy', `unknown strategy ${show(raw)} (valid: ${STRATEGY_NAMES.join(', ')})`);
  return RUN_DEFAULTS.strategy;
}

function defaultSeed(kind: RunKind): number {
  return kind === 'simulation' ? RUN_DEFAULTS.simulationSeed : Math.floor(Math.random() * 2 ** 31);
}

function checkBalancer(p: Problems, plan: RunPlan): void {
  // A discovered pool may start empty; one stand-in endpoint lets the options be checked.
  const endpoints = plan.pool.endpoints.length > 0 ? plan.pool.endpoints : [{ id: 'discovered', address: 'discovered', weight: 1 }];
  const outlierDetection = plan.outlierDetection as OutlierOptions | boolean | undefined;
  const options = { ...plan.strategyOptions, ...balancingOptions(plan.balancing), outlierDetection, now: () => 0, random: () => 0.5 };
  p.catch(() => createBalancer(plan.strategy, endpoints, options));
}

function balancingOf(pool: Pool | undefined): BalancingSpec {
  const out: Record<string, unknown> = {};
  for (const f of BALANCING_FIELDS) if (pool?.[f] !== undefined) out[f] = pool[f];
  return out as BalancingSpec;
}

export { LIMITS, RUN_DEFAULTS };
