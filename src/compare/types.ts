/** What `compareStrategies(config)` takes and reports while it runs. */
import type { OutlierOptions, StrategyName } from '../engine/types';
import type { RunProgress } from '../loadtest/types';
import type { BalancingSpec } from '../pools/parse-balancing';
import type { VariantInput } from '../pools/parse-variants';

export type { VariantInput };
import type { KeySpec, Pool, ScenarioStep } from '../pools/types';
import type { LoadModel } from '../result/types';

export type CompareMode = 'simulated' | 'live';

/** Priorities, localities, panic and slow start (BalancingSpec) apply to every variant, over the pool's. */
export interface CompareConfig extends BalancingSpec {
  /** A pool that passed `parsePool`; for `live`, its servers must be up. */
  pool: Pool;
  /** The strategies to compare, each once, or `all` (every strategy in the registry); or give `variants`. */
  strategies?: readonly StrategyName[] | 'all';
  /**
   * Instead of `strategies`: variants as a variants file lists them (`[{name, strategy,
   * strategyOptions, outlierDetection, policy}]`, durations as strings), checked by the one
   * variants parser (pools/parse-variants.ts) with paths under `variants`. A variant's name labels
   * its row; its fields replace the comparison's (`outlierDetection`) and the pool's, absent ones
   * keep them (a variant without `policy` runs the pool's; `policy: {}` runs none).
   */
  variants?: readonly VariantInput[];
  /** Default `simulated`. `live` runs real load tests against the pool's servers, one strategy after another. */
  mode?: CompareMode;
  /** The same faults for every strategy (parsed, times in ms). */
  scenario?: ScenarioStep[];
  /** Seeds every run (the same for each strategy); default 1. */
  seed?: number;
  /**
   * Callers. Default: simulated, open model at 60 % of what the virtual pool serves when traffic
   * follows its weights (each server's slots / mean service time, against its share of the
   * weight); live, 2 closed callers per endpoint.
   */
  load?: LoadModel;
  /**
   * Bounds of each run. Neither given: 10 s simulated (5 s live), or 5 s (3 s live) past the
   * scenario's last step when that is later.
   */
  durationMs?: number;
  requests?: number;
  warmupMs?: number;
  /** Timeline interval of each run; default 100 ms simulated, 250 ms live (the reaction time's resolution). */
  intervalMs?: number;
  /** Options per strategy; default the pool's `strategyOptions` for the pool's own strategy, else the strategy's defaults. */
  strategyOptions?: Partial<Record<StrategyName, Record<string, unknown>>>;
  /** Default the pool's. */
  outlierDetection?: OutlierOptions | boolean;
  /** Hash keys of the requests (a template, list, field or key space); default the pool's. */
  key?: KeySpec;
  /** Per-request timeout, live and simulated; default 10 s. */
  timeoutMs?: number;
  /** Live: directory the pool's relative paths resolve against. */
  baseDir?: string;
  /** Aborting stops after the current run; the comparison holds the runs finished by then. */
  signal?: AbortSignal;
  onProgress?: (progress: CompareProgress) => void;
}

export interface CompareProgress {
  /** The variant's name (with `strategies`, the strategy's). */
  name: string;
  strategy: StrategyName;
  /** 0-based index of the variant being run, of `total`. */
  index: number;
  total: number;
  /** Live runs: the load runner's progress (about every 250 ms). Simulated runs report once each, after the run. */
  run?: RunProgress;
}
