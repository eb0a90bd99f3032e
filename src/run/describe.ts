/**
 * The one description of a run in its RunResult, for load tests and simulations alike: the
 * RunConfig (the Recorder redacts the pool), the ring a hash strategy's view redraws with the
 * engine's own code, the keys the run sent, the tool version and the plan's notes.
 */
import { describeHashBalancer } from '../engine/ring-info';
import type { Balancer } from '../engine/types';
import { Recorder } from '../result/recorder';
import type { RingInfo, RunConfig } from '../result/types';
import { LoadSchedule } from './load-schedule';
import type { RunPlan } from './types';

export { version as TOOL_VERSION } from '../../package.json';
import { version } from '../../package.json';

/** Keys kept for the ring view. */
export const SAMPLE_KEYS = 1000;

export function runConfigOf(plan: RunPlan, extra: { workers?: number } = {}): RunConfig {
  const config: RunConfig = {
    pool: plan.pool as unknown as Record<string, unknown>,
    strategy: plan.strategy,
    strategyOptions: plan.strategyOptions,
    transport: plan.pool.transport,
    load: plan.load,
    warmupMs: plan.warmupMs,
    timeoutMs: plan.timeoutMs,
    ...(extra.workers !== undefined ? { workers: extra.workers } : {}),
    seed: plan.seed,
  };
  if (plan.durationMs !== undefined) config.durationMs = plan.durationMs;
  if (plan.requests !== undefined) config.requests = plan.requests;
  if (plan.key !== undefined) config.key = plan.key;
  if (plan.scenario.length > 0) config.scenario = plan.scenario;
  if (plan.outlierDetection !== undefined) config.outlierDetection = plan.outlierDetection;
  // The policy that ran (the run's, else the pool's), parsed: durations in ms as `deadlineMs`.
  if (plan.policy !== undefined) config.policy = plan.policy;
  if (plan.balancing) Object.assign(config, plan.balancing);
  if (plan.notes.length > 0) config.notes = plan.notes;
  if (plan.shard) config.shard = { ...plan.shard };
  if (plan.startAt !== undefined) config.startAt = new Date(plan.startAt).toISOString();
  return config;
}

/** Ring info for a hash balancer; `sampleKeys` fills as the run sends (see `sampleKey`). */
export function ringInfoOf(plan: RunPlan, balancer: Balancer): RingInfo | undefined {
  const info = describeHashBalancer(plan.strategy, plan.strategyOptions, balancer);
  return info && { ...info, sampleKeys: [] };
}

/** Keeps the first SAMPLE_KEYS keys sent, for the ring view. */
export function sampleKey(ring: RingInfo | undefined, key: string): void {
  if (ring && ring.sampleKeys.length < SAMPLE_KEYS) ring.sampleKeys.push(key);
}

/**
 * The Recorder of a run: its description, endpoints and timeline as the plan says. `fraction` is
 * this recorder's share of a staged target (a worker's 1/N: merged, the parts add up to it).
 */
export function recorderFor(plan: RunPlan, ring: RingInfo | undefined, opts: { workers?: number; startedAt?: Date; fraction?: number } = {}): Recorder {
  const schedule = scheduleOf(plan);
  const fraction = opts.fraction ?? 1;
  return new Recorder({
    kind: plan.kind,
    config: runConfigOf(plan, opts),
    endpoints: plan.pool.endpoints,
    intervalMs: plan.intervalMs,
    warmupMs: plan.warmupMs,
    toolVersion: version,
    ...(opts.startedAt ? { startedAt: opts.startedAt } : {}),
    ...(ring ? { ring } : {}),
    ...(schedule ? { target: { of: (t0: number, t1: number) => schedule.meanOver(t0, t1) * fraction, closed: plan.load.model === 'closed' } } : {}),
  });
}

/** The target over time of a staged run (undefined without stages). */
export function scheduleOf(plan: Pick<RunPlan, 'load' | 'warmupMs'>): LoadSchedule | undefined {
  const load = plan.load;
  if (!load.stages) return undefined;
  const start = load.model === 'open' ? (load.startRate ?? 0) : (load.startCallers ?? 1);
  return new LoadSchedule(load.stages, start, plan.warmupMs);
}
