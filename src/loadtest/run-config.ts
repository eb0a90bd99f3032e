/**
 * What a RunResult records about a load test: the RunConfig (the recorder redacts the pool) and,
 * for hash strategies, the ring the webview redraws with the engine's own code.
 */
import { describeHashBalancer } from '../engine/ring-info';
import type { Balancer } from '../engine/types';
import type { RingInfo, RunConfig } from '../result/types';
import type { Plan } from './plan';

export function runConfigOf(plan: Plan): RunConfig {
  const config: RunConfig = {
    pool: plan.pool as unknown as Record<string, unknown>,
    strategy: plan.strategy,
    strategyOptions: plan.strategyOptions,
    transport: plan.pool.transport,
    load: plan.load,
    warmupMs: plan.warmupMs,
    timeoutMs: plan.timeoutMs,
    workers: plan.workers,
    seed: plan.seed,
  };
  if (plan.durationMs !== undefined) config.durationMs = plan.durationMs;
  if (plan.requests !== undefined) config.requests = plan.requests;
  if (plan.key !== undefined) config.key = plan.key;
  if (plan.scenario.length > 0) config.scenario = plan.scenario;
  if (plan.outlierDetection !== undefined) config.outlierDetection = plan.outlierDetection;
  return config;
}

/** Ring info for a hash balancer; `sampleKeys` is filled as the run sends (up to 1,000). */
export function ringInfoOf(plan: Plan, balancer: Balancer): RingInfo | undefined {
  const info = describeHashBalancer(plan.strategy, plan.strategyOptions, balancer);
  return info && { ...info, sampleKeys: [] };
}

/** The tool's version, for RunResult.tool. */
export { version as TOOL_VERSION } from '../../package.json';
