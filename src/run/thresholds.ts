/**
 * `--fail-on "p99>200ms,errors>1%"`: thresholds a CI job sets on a run. Each clause is
 * `metric op value`; the run fails (exit 1) when any clause holds.
 *
 * Metrics: p50, p90, p99, p999, max, mean (latency, `ms` or `s`), errors (`%` of requests, or a
 * count without unit), throughput (requests per second, `rps` or no unit).
 */
import { ConfigError, show } from '../engine/errors';
import type { RunResult } from '../result/types';
import { LATENCY_METRICS as LATENCY, readClause, type Op, type Threshold } from '../pools/threshold-clause';

export type { Metric, Threshold } from '../pools/threshold-clause';

export interface Breach {
  threshold: Threshold;
  actual: number;
}

export function parseFailOn(text: string): Threshold[] {
  const clauses = text.split(',').filter((c) => c.trim() !== '');
  if (clauses.length === 0) throw new ConfigError('--fail-on', `expected clauses like "p99>200ms,errors>1%", got ${show(text)}`);
  return clauses.map((clause) => {
    const t = readClause(clause);
    if ('problem' in t) throw new ConfigError('--fail-on', t.problem);
    return t;
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
