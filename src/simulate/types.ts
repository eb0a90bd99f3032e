/** What `simulate(config)` takes and, beside the RunResult, reports. */
import type { RunSpec } from '../run/types';

/**
 * A run (src/run/types.ts: pool, strategy, load, bounds, keys, scenario, seed) against a virtual
 * pool: each endpoint's `sim` (over `pool.simulation.defaults`) describes its virtual server.
 *
 * Beyond RunSpec: the open model's arrivals are Poisson at `rate`; the run stops sending after
 * `requests` sends or `warmupMs + durationMs` of virtual time, then waits for every answer (at
 * most `timeoutMs` more); neither bound given: 100,000 requests (warmup requests count towards
 * them). A request unanswered after `timeoutMs` is answered `timeout` (latency = the timeout), as
 * in a live run; the server still works on it. The seed defaults to 1.
 *
 * Semantics, beyond what the types say:
 * - A request enters its server when sent (see virtual-server.ts on the half round trip).
 * - Failures (error rate, `fail`) and refusals are answered at once, after one round trip, without
 *   taking a slot: fast failures, which is what makes latency-seeking strategies walk into them.
 * - `stall`: no service starts or ends until the stall is over; work due during it ends when it ends.
 * - `leave`: requests queued or in service are reset (answered half a round trip later); new ones
 *   are refused until `join`, which brings the server back empty and without faults.
 * - Timeout (`timeoutMs`, as in live runs): a request unanswered that long is answered `timeout`
 *   with its timeout as latency; the server still works on it (it cannot know), so a slow server
 *   stays busy with work nobody waits for, as real ones do.
 * - The run ends when sending has stopped and every request has its answer (abandoned work is dropped).
 * - Closed model: a caller whose pick found no endpoint tries again after max(thinkTimeMs, 1) ms.
 *   Staged: a caller step adds callers at once; callers over the count leave at their next answer.
 */
export type SimulationConfig = RunSpec;

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
