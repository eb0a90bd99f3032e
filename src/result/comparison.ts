/**
 * A comparison of strategies or variants (CLI `compare`, `compareStrategies`, the Compare panel)
 * and its rows, with the words every view uses for a row and for the best rule (compare/rank.ts
 * applies it), so the CLI, the panel and the report say the same.
 */
import type { RunResult, RunStatus, SchemaVersion } from './types';

/** Half a percentage point, as a fraction: "best" never fails more requests than another variant by more. */
export const BEST_ERROR_MARGIN = 0.005;

export const BEST_RULE = 'best: the lowest p99 among the variants whose caller error rate is within 0.5 percentage points of the lowest; a variant that fails more is never best';

/** The row's label: its variant's name, and the strategy when the name does not say it. */
export function rowLabel(r: ComparisonRow): string {
  const name = r.name ?? r.strategy;
  return name === r.strategy ? name : `${name} (${r.strategy})`;
}

/** Amplification as a ratio; older files without it read as one attempt per request. */
export const amplificationOf = (r: ComparisonRow): number => r.amplification ?? 1;

/** Whether any row's servers saw a different error rate than its callers (a policy retried or hedged). */
export function showsAttemptErrors(c: Comparison): boolean {
  return c.rows.some((r) => r.attemptErrorRate !== undefined && Math.abs(r.attemptErrorRate - r.errorRate) > 1e-12);
}

/** What follows a label: best, partial, or never best for its errors. */
export function rowMark(r: ComparisonRow): string {
  return r.best ? ' (best)' : r.status ? ` (${r.status}, partial)` : r.failsMore ? ' (fails more)' : '';
}

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
