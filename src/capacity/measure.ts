/**
 * One step of the search: a steady-state run at one rate, simulated or live, reduced to a curve
 * point. Both run the open model for the step's warmup plus its measured requests (step.ts).
 *
 * A live step watches its progress and stops as soon as it is certain to break: once more errors
 * than the errors clause allows over the whole step, or once more requests are in flight past the
 * latency bound than the tightest tail may hold. Paced sends put at most rate × bound + 1 requests
 * in the last `bound` ms, so anything in flight beyond that has been waiting longer than the bound.
 * Before each live step the pool must be quiet again (quiet.ts): an earlier step's backlog is not
 * this step's to measure.
 */
import type { StrategyName } from '../engine/types';
import { runLoadTest } from '../loadtest/run-load-test';
import type { LoadTestConfig } from '../loadtest/types';
import type { CapacityPoint } from '../result/capacity';
import type { RunResult } from '../result/types';
import type { RunSpec } from '../run/types';
import { simulateAsync } from '../simulate';
import { QuietWait } from './quiet';
import { largestBoundMs, sloHolds, tailQuantile, type SloClause } from './slo';
import type { StepShape } from './step';
import type { CapacityConfig, CapacityVariant } from './types';

/** Answers a live step measures before it may stop early. */
const MIN_MEASURED = 100;

export type Measure = (rate: number) => Promise<CapacityPoint | undefined>;

/** The run spec of one step of `variant` at `rate`. */
export function stepSpec(config: CapacityConfig, variant: CapacityVariant, shape: StepShape, rate: number, seed: number): RunSpec {
  const warmupMs = (shape.warmupRequests / rate) * 1000;
  const durationMs = (shape.requests / rate) * 1000;
  return {
    pool: config.pool,
    strategy: variant.strategy as StrategyName,
    ...(variant.strategyOptions !== undefined ? { strategyOptions: variant.strategyOptions } : {}),
    ...(variant.outlierDetection !== undefined ? { outlierDetection: variant.outlierDetection } : {}),
    load: { model: 'open', rate },
    warmupMs,
    durationMs,
    timeoutMs: shape.timeoutMs,
    ...(config.key !== undefined ? { key: config.key } : {}),
    seed,
    // One timeline interval a second at most 100: the search reads the totals only.
    intervalMs: Math.max(1000, Math.ceil((warmupMs + durationMs) / 100 / 1000) * 1000),
  };
}

/** A run's totals as a curve point; drops count as failed, unanswered requests. */
export function pointOf(result: RunResult, rate: number, clauses: readonly SloClause[], stoppedEarly = false): CapacityPoint {
  const t = result.totals;
  const dropped = t.dropped ?? 0;
  const offered = t.requests + dropped;
  const errors = offered > 0 ? (t.errors + dropped) / offered : 0;
  const unanswered = offered > 0 ? dropped / offered : 0;
  const holds = !stoppedEarly && offered > 0 && sloHolds(clauses, { ...t.latency, errors, unanswered });
  return {
    rate,
    p50: t.latency.p50,
    p99: t.latency.p99,
    errors,
    holds,
    requests: t.requests,
    ...(stoppedEarly ? { stoppedEarly: true } : {}),
  };
}

export function simulatedMeasure(config: CapacityConfig, variant: CapacityVariant, shape: StepShape, clauses: readonly SloClause[], seed: number, signal?: AbortSignal): Measure {
  return async (rate) => {
    const { result } = await simulateAsync(stepSpec(config, variant, shape, rate, seed), { signal });
    if (result.status === 'cancelled') return undefined;
    if (result.status === 'failed') throw new Error(result.error ?? 'the simulation failed');
    return pointOf(result, rate, clauses);
  };
}

export function liveMeasure(config: CapacityConfig, variant: CapacityVariant, shape: StepShape, clauses: readonly SloClause[], seed: number, signal?: AbortSignal): Measure {
  const errorBudget = Math.min(Infinity, ...clauses.filter((c) => c.metric === 'errors').map((c) => c.value));
  const boundMs = largestBoundMs(clauses);
  // Requests past the largest bound break every latency clause; the tightest tail allows the fewest.
  const lateBudget = (1 - (tailQuantile(clauses) ?? 0)) * shape.requests;
  const quiet = new QuietWait(config.pool, shape.timeoutMs, config.baseDir);
  return async (rate) => {
    await quiet.wait(signal);
    if (signal?.aborted) return undefined;
    const step = new AbortController();
    const cancel = () => step.abort();
    signal?.addEventListener('abort', cancel, { once: true });
    const recent = (rate * boundMs) / 1000 + 1;
    let certain = false;
    const spec: LoadTestConfig = { ...stepSpec(config, variant, shape, rate, seed), ...(config.baseDir !== undefined ? { baseDir: config.baseDir } : {}) };
    try {
      const result = await runLoadTest(spec, {
        signal: step.signal,
        onProgress: (p) => {
          // Past the bound: a lower bound on requests that broke it, whichever way they end.
          const late = boundMs > 0 ? p.inFlight - recent : 0;
          // Not before the step has measured some answers (or could have), so its point has figures to draw.
          const measured = p.requests >= MIN_MEASURED || p.elapsedMs > spec.warmupMs! + shape.timeoutMs;
          if (measured && (p.errors > errorBudget * shape.requests || (boundMs > 0 && late > lateBudget))) {
            certain = true;
            step.abort();
          }
        },
      });
      if (signal?.aborted) return undefined;
      if (result.status === 'failed') throw new Error(result.error ?? 'the load test failed');
      return pointOf(result, rate, clauses, certain);
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  };
}
