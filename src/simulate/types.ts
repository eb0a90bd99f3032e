/** What `simulate(config)` takes and, beside the RunResult, reports. */
import type { OutlierOptions, StrategyName } from '../engine/types';
import type { PoolConfig, ScenarioStep } from '../pools/types';
import type { LoadModel } from '../result/types';
import type { KeySpace } from './keys';

export type { KeySpace } from './keys';

export interface SimulationConfig {
  /** The pool; each endpoint's `sim` (over `pool.simulation.defaults`) describes its virtual server. */
  pool: PoolConfig;
  /** Default: pool.strategy, else `round-robin`. */
  strategy?: StrategyName;
  /** Default: pool.strategyOptions. */
  strategyOptions?: Record<string, unknown>;
  /** Default: pool.outlierDetection. */
  outlierDetection?: OutlierOptions | boolean;
  /**
   * The callers, the same shape as a load test's `load`: open (Poisson arrivals at `rate` per
   * second, optional `maxInFlight` cap whose overflow is counted as `dropped`) or closed
   * (`concurrency` callers, each sending its next request `thinkTimeMs` after the last answer).
   */
  clients: LoadModel;
  /**
   * Bounds: the run stops sending after `requests` sends or at `durationMs` of virtual time,
   * whichever comes first, then waits for every answer (at most `timeoutMs` more). Neither
   * given: 100,000 requests.
   * Warmup requests count towards `requests`.
   */
  requests?: number;
  durationMs?: number;
  /** Answers that arrive before this virtual time are excluded from every figure. Default 0. */
  warmupMs?: number;
  /**
   * A request unanswered after this long is answered `timeout` (latency = the timeout), as in a
   * live run; the server still works on it. Default 10,000 ms, the load runner's default.
   */
  timeoutMs?: number;
  /** Hash keys for every request. Absent: no key (hash strategies then pick a random key). */
  keys?: KeySpace;
  /** Faults on the virtual timeline (ms since the start). */
  scenario?: ScenarioStep[];
  /** Seeds every random draw (arrivals, service times, errors, keys, the strategy). */
  seed: number;
  /** Timeline interval in ms, default 1000. */
  intervalMs?: number;
}

/** Figures of the run that a RunResult has no field for (queueing checks, diagnostics). */
export interface SimulationStats {
  /**
   * Time-averaged number of requests in the system (sent, not yet answered) over the measured
   * window [warmupMs, end], integrated exactly at every send and answer, counting the requests the
   * Recorder counts (sent at or after warmupMs). Little's law (L = lambda W): equals throughput x
   * mean latency, up to the histogram's 3-digit precision (J. D. C. Little, "A proof for the
   * queuing formula L = lambda W", Operations Research 9(3), 1961; over a finite window that every
   * counted request enters and leaves, the identity is exact).
   */
  meanInSystem: number;
  /** The measured window in ms of virtual time (from warmupMs to the last answer). */
  measuredMs: number;
  /** Virtual time of the last answer, ms. */
  endMs: number;
  /** Events taken off the event list. */
  events: number;
  /** Requests sent (including warmup), requests dropped by `maxInFlight`. */
  sent: number;
  dropped: number;
}
