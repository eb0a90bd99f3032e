/**
 * One clause of the threshold language, `metric op value` (`p99<200ms`, `errors>=1%`), read the same
 * for `--fail-on` (run/thresholds.ts: the run fails when a clause holds) and for a pool's
 * `thresholds` (each must hold, as k6's thresholds do). Here, not in run/, so a pool file's clauses
 * are checked with their JSON path when the pool is loaded, before any traffic.
 */
import { show } from '../engine/errors';

export type Metric = 'p50' | 'p90' | 'p99' | 'p999' | 'max' | 'mean' | 'errors' | 'throughput';
export type Op = '>' | '>=' | '<' | '<=';

export interface Threshold {
  text: string;
  metric: Metric;
  op: Op;
  value: number;
  /** errors only: a share of requests (value in 0..1) rather than a count. */
  percent: boolean;
}

export const LATENCY_METRICS: ReadonlySet<Metric> = new Set<Metric>(['p50', 'p90', 'p99', 'p999', 'max', 'mean']);
const CLAUSE = /^\s*(p50|p90|p99|p999|p99\.9|max|mean|errors|throughput)\s*(>=|<=|>|<)\s*([0-9]*\.?[0-9]+)\s*(ms|s|%|rps)?\s*$/;
/** The clause's shape for the JSON Schema (editor squiggles); units per metric are readClause's. */
export const THRESHOLD_PATTERN = CLAUSE.source;

/** A clause, or the reason it cannot be read (`"p99>200": latency needs a unit, ms or s`). */
export function readClause(clause: string): Threshold | { problem: string } {
  const m = CLAUSE.exec(clause);
  if (!m) {
    return {
      problem: `cannot read ${show(clause.trim())}: expected METRIC OP VALUE with METRIC one of p50, p90, p99, p999, max, mean, errors, throughput (e.g. "p99>200ms", "errors>1%")`,
    };
  }
  const metric = (m[1] === 'p99.9' ? 'p999' : m[1]) as Metric;
  const op = m[2] as Op;
  const unit = m[4];
  let value = Number(m[3]);
  if (LATENCY_METRICS.has(metric)) {
    if (unit !== 'ms' && unit !== 's') return { problem: `${show(clause.trim())}: latency needs a unit, ms or s` };
    if (unit === 's') value *= 1000;
  } else if (metric === 'errors') {
    if (unit && unit !== '%') return { problem: `${show(clause.trim())}: errors take % or a count` };
    if (unit === '%') value /= 100;
  } else if (unit && unit !== 'rps') {
    return { problem: `${show(clause.trim())}: throughput takes rps or no unit` };
  }
  return { text: clause.trim(), metric, op, value, percent: metric === 'errors' && unit === '%' };
}
