/** A comparison of strategies or variants (CLI `compare`, `compareStrategies`, the Compare panel) and its rows. */
import type { RunResult, RunStatus, SchemaVersion } from './types';

/** One row of a strategy comparison (CLI `compare`, `compareStrategies`, the Compare panel). */
export interface ComparisonRow {
  strategy: string;
  /** The variant's name, which labels the row (the strategy's when strategies were compared); absent in older files. */
  name?: string;
  throughput: number;
  p50: number;
  p99: number;
  p999: number;
  errors: number;
  /** The callers' view: requests that finally failed / requests (under a client policy, after its retries). */
  errorRate: number;
  /** Attempts / requests (1 without a client policy); absent in older files. */
  amplification?: number;
  /** The servers' view: attempts that failed / attempts; absent in older files. */
  attemptErrorRate?: number;
  /** Fails more requests than another completed variant by more than half a percentage point: never best (compare/rank.ts). */
  failsMore?: boolean;
  /** Largest share any endpoint took relative to its fair share (1 = perfectly fair). */
  maxShareRatio: number;
  /** Where the scenario slows or fails an endpoint: ms until its share fell below half its fair share; null if it never did. */
  reactionMs?: number | null;
  best?: boolean;
  /** Present when the run did not complete: its figures are partial and it is never ranked best. */
  status?: 'cancelled' | 'failed';
}

export interface Comparison {
  kind: 'comparison';
  schemaVersion: SchemaVersion;
  mode: 'simulated' | 'live';
  /**
   * `cancelled` when stopped before every variant ran to its end, `failed` when a variant failed;
   * absent in files written before it was recorded.
   */
  status?: RunStatus;
  /** Ranked by p99, best first; rows of runs that did not complete come last. */
  rows: ComparisonRow[];
  results: RunResult[];
}
