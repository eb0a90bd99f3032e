/**
 * The one description of a run that live load tests and simulations share: what a caller gives
 * (`RunSpec`, extended by `LoadTestConfig` and `SimulationConfig`) and what `planRun` makes of it.
 */
import type { OutlierOptions, StrategyName } from '../engine/types';
import type { BalancingSpec } from '../pools/parse-balancing';
import type { ClientPolicy } from '../pools/policy-types';
import type { KeySpec, Pool, RequestDataSpec, ScenarioStep } from '../pools/types';
import type { LoadModel, RunKind } from '../result/types';
import type { Shard } from './shard';
import type { RequestData } from './request-data';

/** Priorities, localities, panic and slow start: given here, they override the pool's field by field. */
export interface RunSpec extends BalancingSpec {
  /** A pool that passed `parsePool`. */
  pool: Pool;
  /** Default: the pool's strategy, else `round-robin`. */
  strategy?: StrategyName;
  /**
   * Options of `strategy`. Default: the pool's `strategyOptions` when `strategy` is the pool's own
   * strategy (they were written for it), else the strategy's defaults.
   */
  strategyOptions?: Record<string, unknown>;
  /** Default: the pool's. */
  outlierDetection?: OutlierOptions | boolean;
  /**
   * Deadline, retries, hedging, budget, throttling, circuit breaker, as a pool file writes them
   * (`{"retry": {"maxAttempts": 3, "initialBackoff": "25ms"}}`); replaces the pool's policy whole.
   * Default: the pool's.
   */
  policy?: Record<string, unknown>;
  /**
   * The callers: closed (`concurrency` callers, each sending its next request `thinkTimeMs` after
   * the last answer) or open (`rate` per second whatever the answers; latency from the intended
   * send time; `maxInFlight` caps what is outstanding, the rest counted as dropped).
   */
  load: LoadModel;
  /** Bounds: sending stops after `requests` sends or `durationMs`, whichever comes first. */
  durationMs?: number;
  requests?: number;
  /** Excluded from every figure. Default 0. */
  warmupMs?: number;
  /** Per request; a timed-out request is an error of kind `timeout`. Default 10,000 ms. */
  timeoutMs?: number;
  /** Hash keys of the requests. Default: the pool's `key`. */
  key?: KeySpec;
  /**
   * Rows that fill the requests' `{column}` placeholders and the key's column (`key: { field }`).
   * Default: the pool's `requests`. Named `requestData` here because `requests` is the bound on sends.
   */
  requestData?: RequestDataSpec;
  /** A relative `requestData.file` resolves against it. Default: the current directory. */
  baseDir?: string;
  /** Faults on the run's timeline (ms since the start). */
  scenario?: ScenarioStep[];
  /** Seeds every random draw. Default: random for a load test, 1 for a simulation. */
  seed?: number;
  /** Timeline interval, default 1000 ms. */
  intervalMs?: number;
}

/** A RunSpec checked, with every default filled in. Plain data: it travels to worker threads. */
export interface RunPlan {
  kind: RunKind;
  pool: Pool;
  strategy: StrategyName;
  strategyOptions: Record<string, unknown>;
  outlierDetection?: OutlierOptions | boolean;
  /** The run's policy, else the pool's, parsed (durations in ms); absent: one attempt per request. */
  policy?: ClientPolicy;
  /** The pool's balancing settings with the run's on top; absent when neither gives any. */
  balancing?: BalancingSpec;
  load: LoadModel;
  /** Absent: only `requests` bounds the run. */
  durationMs?: number;
  /** Absent: only `durationMs` bounds the run. */
  requests?: number;
  warmupMs: number;
  timeoutMs: number;
  intervalMs: number;
  key?: KeySpec;
  /** Loaded and checked; its table's buffers are shared with worker threads, not copied. */
  requestData?: RequestData;
  /** Sorted by time; same-time steps keep their order. */
  scenario: ScenarioStep[];
  seed: number;
  /** What the plan changed on the caller's behalf (a coarser timeline, ...), for the result. */
  notes: string[];
  /** `run --shard`: the share of the run this process runs (`load`, `requests` are already its share). */
  shard?: Shard;
  /** `--start-at`, epoch ms: the run starts then (all shards together). */
  startAt?: number;
}
