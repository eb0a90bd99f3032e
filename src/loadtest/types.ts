/** What `runLoadTest(config, { signal, onProgress })` takes and reports. */
import type { OutlierOptions, StrategyName } from '../engine/types';
import type { KeySpec, PoolConfig, ScenarioStep } from '../pools/types';
import type { LoadModel, RunEvent } from '../result/types';

export interface LoadTestConfig {
  /** A pool that passed `parsePool` (nothing is sent before the whole pool is valid). */
  pool: PoolConfig;
  /** Default: pool.strategy, else `round-robin`. */
  strategy?: StrategyName;
  /** Default: pool.strategyOptions. */
  strategyOptions?: Record<string, unknown>;
  /** Default: pool.outlierDetection. */
  outlierDetection?: OutlierOptions | boolean;
  /** Closed model (`concurrency` callers) or open model (`rate` per second, latency from the intended send time). */
  load: LoadModel;
  /** At least one of durationMs and requests. */
  durationMs?: number;
  requests?: number;
  /** Excluded from every figure. Default 0. */
  warmupMs?: number;
  /** Per request; a timed-out request is an error of kind `timeout`. Default 10000. */
  timeoutMs?: number;
  /** Largest reply body accepted, bytes; a bigger one is an error of kind `too_large`. Default 16 MiB (DEFAULT_MAX_REPLY_BYTES). */
  maxReplyBytes?: number;
  /** Default pool.key. */
  key?: KeySpec;
  /** Faults on the run's timeline (applied through pool.control for the demo servers; remove/add on the balancer). */
  scenario?: ScenarioStep[];
  /** Worker threads; default 1 (the load runs on the calling thread). */
  workers?: number;
  /** Timeline interval, default 1000 ms. */
  intervalMs?: number;
  /** Seeds the key picks and the strategy's randomness, for repeatable runs. */
  seed?: number;
  /** Directory that relative paths in the pool (grpc proto) are resolved against. */
  baseDir?: string;
}

export interface RunProgress {
  /** ms since the run started. */
  elapsedMs: number;
  /** Expected total ms when bounded by duration. */
  totalMs?: number;
  requests: number;
  errors: number;
  /** Over the last interval, per second. */
  throughput: number;
  /** Over the last interval, ms. */
  p99: number;
  inFlight: number;
}

export interface RunOptions {
  /** Aborting resolves the run with what was gathered so far and `status: "cancelled"`. */
  signal?: AbortSignal;
  /** About every 250 ms. */
  onProgress?: (progress: RunProgress) => void;
  /** Each event as it is recorded (ejections, faults, membership changes). */
  onEvent?: (event: RunEvent) => void;
}
