/**
 * `--fail-on "p99>200ms,errors>1%"`: thresholds a CI job sets on a run. Each clause is
 * `metric op value`; the run fails (exit 1) when any clause holds.
 *
 * Metrics: p50, p90, p99, p999, max, mean (latency, `ms` or `s`), errors (`%` of requests, or a
 * count without unit), throughput (requests per second, `rps` or no unit).
 */
import { ConfigError, show } from '../engine/errors';
import type { RunResult } from '../result/types';

export type Metric = 'p50' | 'p90' | 'p99' | 'p999' | 'max' | 'mean' | 'errors' | 'throughput';
type Op = '>' | '>=' | '<' | '<=';

export interface Threshold {
  text: string;
  metric: Metric;
  op: Op;
  value: number;
  /** errors only: a share of requests (value in 0..1) rather than a count. */
  percent: boolean;
}

export interface Breach {
  threshold: Threshold;
  actual: number;
}

const LATENCY = new Set<Metric>(['p50', 'p90', 'p99', 'p999', 'max', 'mean']);
const CLAUSE = /^\s*(p50|p90|p99|p999|p99\.9|max|mean|errors|throughput)\s*(>=|<=|>|<)\s*([0-9]*\.?[0-9]+)\s*(ms|s|%|rps)?\s*$/;

export function parseFailOn(text: string): Threshold[] {
  const clauses = text.split(',').filter((c) => c.trim() !== '');
  if (clauses.length === 0) throw new ConfigError('--fail-on', `expected clauses like "p99>200ms,errors>1%", got ${show(text)}`);
  return clauses.map((clause) => {
    const m = CLAUSE.exec(clause);
    if (!m) {
      throw new ConfigError(
        '--fail-on',
        `cannot read ${show(clause.trim())}: expected METRIC OP VALUE with METRIC one of p50, p90, p99, p999, max, mean, errors, throughput (e.g. "p99>200ms", "errors>1%")`,
      );
    }
    const metric = (m[1] === 'p99.9' ? 'p999' : m[1]) as Metric;
    const op = m[2] as Op;
    const unit = m[4];
    let value = Number(m[3]);
    if (LATENCY.has(metric)) {
      if (unit !== 'ms' && unit !== 's') throw new ConfigError('--fail-on', `${show(clause.trim())}: latency needs a unit, ms or s`);
      if (unit === 's') value *= 1000;
    } else if (metric === 'errors') {
      if (unit && unit !== '%') throw new ConfigError('--fail-on', `${show(clause.trim())}: errors take % or a count`);
      if (unit === '%') value /= 100;
    } else if (unit && unit !== 'rps') {
      throw new ConfigError('--fail-on', `${show(clause.trim())}: throughput takes rps or no unit`);
    }
    return { text: clause.trim(), metric, op, value, percent: metric === 'errors' && unit === '%' };
  });
}

/** The measured value a clause is judged on (a share 0..1 for `errors` in %). */
export function actualOf(result: RunResult, t: Threshold): number {
  const totals = result.totals;
  if (t.metric === 'errors') return t.percent ? (totals.requests ? totals.errors / totals.requests : 0) : totals.errors;
  if (t.metric === 'throughput') return totals.throughput;
  return totals.latency[t.metric];
}

function holds(actual: number, op: Op, value: number): boolean {
  switch (op) {
    case '>': return actual > value;
    case '>=': return actual >= value;
    case '<': return actual < value;
    case '<=': return actual <= value;
  }
}

/** The clauses that hold for this result (empty: the run passes). */
export function checkThresholds(result: RunResult, thresholds: readonly Threshold[]): Breach[] {
  const breaches: Breach[] = [];
  for (const t of thresholds) {
    const actual = actualOf(result, t);
    if (holds(actual, t.op, t.value)) breaches.push({ threshold: t, actual });
  }
  return breaches;
}

export function describeBreach(b: Breach): string {
  const t = b.threshold;
  const actual = t.percent ? `${(b.actual * 100).toFixed(2)}%` : LATENCY.has(t.metric) ? `${b.actual.toFixed(2)}ms` : b.actual.toFixed(2);
  return `--fail-on ${t.text}: ${t.metric} was ${actual}`;
}
