/**
 * `findCapacity(config, { signal, onProgress })`: for each variant, the highest arrival rate whose
 * steady state holds the SLO (search.ts), with the latency vs offered-load curve it measured.
 *
 * Everything is checked before the first step: the config (check-config.ts), then every variant's
 * first step planned, simulated or live. Variants run one after another; a variant whose search
 * fails keeps its curve and the others go on. Aborting stops the current step: the result holds
 * the variants done, the one cut short (its curve so far) and none of the rest.
 */
import { version } from '../../package.json';
import { makePlan } from '../loadtest/plan';
import type { CapacityResult, CapacityVariantResult } from '../result/capacity';
import { planSimulation, weightedCapacityPerSecond } from '../simulate';
import { checkConfig, type CheckedConfig, type NamedVariant } from './check-config';
import { liveMeasure, simulatedMeasure, stepSpec } from './measure';
import { searchCapacity } from './search';
import { CAPACITY_DEFAULTS, describeMethod, stepShape, type StepShape } from './step';
import type { CapacityConfig, CapacityOptions } from './types';

export async function findCapacity(config: CapacityConfig, opts: CapacityOptions = {}): Promise<CapacityResult> {
  const checked = checkConfig(config);
  const shape = stepShape(checked.clauses, checked.tailSamples, config.timeoutMs);
  const start = startRate(config, checked);
  for (const v of checked.variants) planStep(config, checked, v, shape, start.rate);
  const startedAt = new Date().toISOString();
  const variants: CapacityVariantResult[] = [];
  for (const [index, variant] of checked.variants.entries()) {
    if (opts.signal?.aborted) break;
    const make = checked.live ? liveMeasure : simulatedMeasure;
    const measure = make(config, variant, shape, checked.clauses, checked.seed, opts.signal);
    const outcome = await searchCapacity(
      async (rate) => {
        const point = await measure(rate);
        if (point) opts.onProgress?.({ variant: variant.name, index, total: checked.variants.length, step: point });
        return point;
      },
      { startRate: start.rate, precision: checked.precision, minRate: checked.minRate, maxRate: checked.maxRate, maxSteps: CAPACITY_DEFAULTS.maxSteps, signal: opts.signal },
    );
    const atCapacity = outcome.curve.find((p) => p.holds && p.rate === outcome.capacity);
    variants.push({
      name: variant.name,
      strategy: variant.strategy,
      ...(variant.strategyOptions !== undefined ? { strategyOptions: variant.strategyOptions } : {}),
      capacity: outcome.capacity,
      relative: 0,
      curve: outcome.curve,
      status: outcome.status,
      ...(outcome.message !== undefined ? { message: outcome.message } : {}),
      ...(outcome.bound !== undefined ? { bound: outcome.bound } : {}),
      ...(atCapacity ? { p99AtCapacity: atCapacity.p99 } : {}),
    });
  }
  const best = Math.max(0, ...variants.map((v) => v.capacity));
  for (const v of variants) v.relative = best > 0 ? v.capacity / best : 0;
  return {
    kind: 'capacity',
    mode: checked.live ? 'loadtest' : 'simulation',
    slo: config.slo,
    pool: config.pool.name,
    precision: checked.precision,
    method: describeMethod({ shape, tailSamples: checked.tailSamples, startRate: start.rate, startFrom: start.from, precision: checked.precision, minRate: checked.minRate, maxRate: checked.maxRate, live: checked.live, seed: checked.seed }),
    variants,
    status: statusOf(variants, checked.variants.length),
    startedAt,
    toolVersion: version,
  };
}

function statusOf(done: readonly CapacityVariantResult[], total: number): CapacityResult['status'] {
  const ok = done.filter((v) => v.status === 'ok').length;
  if (ok === total) return 'ok';
  const cancelled = done.length < total || done.some((v) => v.status === 'cancelled');
  if (cancelled) return ok > 0 ? 'partial' : 'cancelled';
  return ok > 0 ? 'partial' : 'failed';
}

/** Where the bracketing starts, and why there: a rate the pool's virtual servers suggest, else a fixed one. */
function startRate(config: CapacityConfig, checked: CheckedConfig): { rate: number; from: string } {
  if (config.startRate !== undefined) return { rate: config.startRate, from: 'given' };
  const hasServers = !checked.live || config.pool.simulation !== undefined || config.pool.endpoints.some((e) => e.sim !== undefined);
  if (hasServers) {
    const probe = planSimulation({ pool: config.pool, load: { model: 'closed', concurrency: 1 }, requests: 1 });
    const rate = weightedCapacityPerSecond(probe.pool.endpoints, probe.servers);
    if (rate > 0) return { rate: Number(rate.toPrecision(3)), from: "the virtual pool's service rate when traffic follows the weights" };
  }
  return { rate: CAPACITY_DEFAULTS.startRate, from: 'the default start; the pool has no virtual servers to derive one from' };
}

/** Plans a variant's first step, throwing its problems (with their paths) before any traffic. */
function planStep(config: CapacityConfig, checked: CheckedConfig, variant: NamedVariant, shape: StepShape, rate: number): void {
  const spec = stepSpec(config, variant, shape, Math.min(checked.maxRate, Math.max(checked.minRate, rate)), checked.seed);
  if (checked.live) makePlan({ ...spec, ...(config.baseDir !== undefined ? { baseDir: config.baseDir } : {}) });
  else planSimulation(spec);
}
