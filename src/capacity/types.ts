/** What `findCapacity(config, { signal, onProgress })` takes and reports while it runs. */
import type { OutlierOptions, StrategyName } from '../engine/types';
import type { KeySpec, Pool } from '../pools/types';
import type { CapacityPoint } from '../result/capacity';

/** One thing to find the capacity of: a strategy with its options (the same pool for all). */
export interface CapacityVariant {
  /** Shown in the table and the JSON; default the strategy's name. Unique. */
  name?: string;
  strategy: StrategyName;
  strategyOptions?: Record<string, unknown>;
  /** Default the pool's. */
  outlierDetection?: OutlierOptions | boolean;
}

export interface CapacityConfig {
  /** A pool that passed `parsePool`; simulated, its endpoints' `sim` describe the virtual servers; live, its servers must be up. */
  pool: Pool;
  /** Strategies by name (each a variant with its defaults), or `variants`; one of the two. */
  strategies?: readonly StrategyName[];
  variants?: readonly CapacityVariant[];
  /** The `--fail-on` language read as what must hold: latency percentiles and errors, e.g. "p99<100ms,errors<1%". */
  slo: string;
  /** Relative width the bisection stops at: (hi − lo) / lo ≤ precision. Default 0.02. */
  precision?: number;
  /** Against the pool's real servers (each step a bounded load test); default simulated. */
  live?: boolean;
  /** Every step's seed (the same for every step and variant); default 1. */
  seed?: number;
  /** Bounds of the search, requests per second. Default 1 and 1,000,000. */
  minRate?: number;
  maxRate?: number;
  /** Where the bracketing starts; default the pool's weighted service rate when it has virtual servers, else 100/s. */
  startRate?: number;
  /**
   * Samples each step puts beyond the SLO's tightest tail (above the p99 for p99, the errors for
   * errors<1%): a step measures K / tail share requests. Default 500.
   */
  tailSamples?: number;
  /** Per request; default 5 x the SLO's largest latency bound, at least 1 s (10 s without a latency clause). */
  timeoutMs?: number;
  /** Hash keys of the requests; default the pool's. */
  key?: KeySpec;
  /** Live: directory the pool's relative paths resolve against. */
  baseDir?: string;
}

export interface CapacityProgress {
  variant: string;
  /** 0-based index of the variant, of `total`. */
  index: number;
  total: number;
  /** The step just measured. */
  step: CapacityPoint;
}

export interface CapacityOptions {
  /** Aborting stops the current step; the result holds what was measured (status cancelled or partial). */
  signal?: AbortSignal;
  onProgress?: (progress: CapacityProgress) => void;
}
