/** What `runLoadTest(config, { signal, onProgress })` takes and reports. */
import type { RecorderProgress } from '../result/live-progress';
import type { RunEvent } from '../result/types';
import type { Shard } from '../run/shard';
import type { RunSpec } from '../run/types';

/** A run (src/run/types.ts: pool, strategy, load, bounds, keys, scenario, seed) against the pool's real servers. */
export interface LoadTestConfig extends RunSpec {
  /** Worker threads; default 1 (the load runs on the calling thread). */
  workers?: number;
  /** Directory that relative paths in the pool (grpc proto) are resolved against. */
  baseDir?: string;
  /** Largest reply body accepted, bytes; a bigger one is an error of kind `too_large`. Default 16 MiB (DEFAULT_MAX_REPLY_BYTES). */
  maxReplyBytes?: number;
  /**
   * Run only shard `index` (0-based) of `count` of this run (src/run/shard.ts): the rate, the
   * callers and `requests` divided, keys disjoint, a seed stream of its own. Merge the shards'
   * results with `mergeResults`.
   */
  shard?: Shard;
  /**
   * Start at this instant (ISO 8601 or epoch ms), so shards on several machines start together;
   * rejected when already more than the timeline interval in the past.
   */
  startAt?: string | number;
}

/** The recorder's progress (ms since the start, counts, the last interval's throughput and p99, the live dashboard's changes) and the run's expected length. */
export interface RunProgress extends RecorderProgress {
  /** Expected total ms when bounded by duration. */
  totalMs?: number;
}

export interface RunOptions {
  /** Aborting resolves the run with what was gathered so far and `status: "cancelled"`. */
  signal?: AbortSignal;
  /** About every 250 ms. */
  onProgress?: (progress: RunProgress) => void;
  /** Each event as it is recorded (ejections, faults, membership changes). */
  onEvent?: (event: RunEvent) => void;
}
