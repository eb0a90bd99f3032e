/**
 * The documented upper bounds of every input, one set for the CLI, the library, VS Code settings and
 * the simulator. Each is checked with the field's path before anything is sent, so a typo of 1e9 is
 * a clear error instead of a machine that runs out of memory or a timer that overflows.
 *
 * Why each number:
 * - `durationMs`: Node's timers hold at most 2^31 - 1 ms (24.8 days); a longer timer fires at once.
 * - `rate`: one process sends ~100,000 requests/s at best; ten times that is already a typo.
 * - `concurrency`: every live caller holds a connection (file descriptors, sockets).
 * - `endpoints`, `weight`: results keep a row per endpoint; weights must sum to a finite number and
 *   hash rings get points per unit of weight.
 * - `timelineCells`: intervals x endpoints of the timeline, what a result must hold in memory and
 *   in its JSON.
 */
export const LIMITS = Object.freeze({
  endpoints: 10_000,
  weight: 1_000_000,
  /** Open model, requests per second. */
  rate: 1_000_000,
  /** Closed model, callers. */
  concurrency: 10_000,
  /** Open model, requests in flight. */
  maxInFlight: 1_000_000,
  workers: 64,
  /** `load.stages`: a schedule people write by hand; the caller schedule grows with it. */
  stages: 1000,
  requests: 1_000_000_000,
  durationMs: 2 ** 31 - 1,
  /** The shortest timeline interval of a live run (timers are not finer); simulations go to 1 ms. */
  liveIntervalMs: 10,
  simulatedIntervalMs: 1,
  timelineCells: 2_000_000,
  /** Keys of a key space (`{ "space": n }`), and of `rpc-balancer ring --keys`. */
  keySpace: 1_000_000_000,
  zipf: 10,
  /** `maxReplyBytes`: what one reply may make a caller hold in memory. */
  maxReplyBytes: 1024 * 1024 * 1024,
  /**
   * A request data file: read whole into one string (V8 strings hold at most ~512 M UTF-16
   * units) and kept in memory for the run; rows and cells bound the offsets table (4 bytes a cell).
   */
  requestDataBytes: 256 * 1024 * 1024,
  requestDataRows: 10_000_000,
  requestDataCells: 50_000_000,
});
