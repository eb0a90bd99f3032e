/**
 * The SLO a capacity search holds each step to, in the `--fail-on` language (run/thresholds.ts)
 * read the other way round: `p99<100ms,errors<1%` lists what must stay true.
 *
 * Only clauses one steady-state step can measure to a stated error are taken: latency percentiles
 * (p50, p90, p99, p999), each an upper bound, and the error share (`errors<1%`). Throughput is
 * what the search sets, not what it measures; max and mean have no rank error to size a step by;
 * an error count depends on the step's length. Those are rejected, naming the clause.
 */
import { ConfigError, show } from '../engine/errors';
import { parseFailOn, type Threshold } from '../run/thresholds';

export type SloMetric = 'p50' | 'p90' | 'p99' | 'p999' | 'errors';

export interface SloClause {
  text: string;
  metric: SloMetric;
  /** Strict (`<`) or not (`<=`). */
  strict: boolean;
  /** ms for latency, a share 0..1 for errors. */
  value: number;
}

/** The quantile of each latency metric. */
export const QUANTILE: Readonly<Record<Exclude<SloMetric, 'errors'>, number>> = Object.freeze({ p50: 0.5, p90: 0.9, p99: 0.99, p999: 0.999 });

/** Parses an SLO; the error's path is `path` (`slo` in a config, `--slo` on the command line). */
export function parseSlo(text: unknown, path = 'slo'): SloClause[] {
  if (typeof text !== 'string' || text.trim() === '') throw new ConfigError(path, `expected clauses like "p99<100ms,errors<1%", got ${show(text)}`);
  let thresholds: Threshold[];
  try {
    thresholds = parseFailOn(text);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(path, e.problem);
    throw e;
  }
  return thresholds.map((t) => {
    if (t.metric === 'throughput') throw new ConfigError(path, `${show(t.text)}: throughput is what the search sets, not an SLO a step can hold; use latency percentiles (p50, p90, p99, p999) and errors`);
    if (t.metric === 'max' || t.metric === 'mean') throw new ConfigError(path, `${show(t.text)}: ${t.metric} cannot be measured to a stated error in one step; use a percentile (p50, p90, p99, p999)`);
    if (t.op !== '<' && t.op !== '<=') throw new ConfigError(path, `${show(t.text)}: an SLO is an upper bound, write ${t.metric}<${t.metric === 'errors' ? '1%' : '100ms'}`);
    if (t.metric === 'errors' && !t.percent) throw new ConfigError(path, `${show(t.text)}: errors need a share (e.g. errors<1%), a count depends on how long a step runs`);
    if (t.metric !== 'errors' && t.value <= 0) throw new ConfigError(path, `${show(t.text)}: a latency bound must be above 0`);
    return { text: t.text, metric: t.metric as SloMetric, strict: t.op === '<', value: t.value };
  });
}

/** What a step measured, as the clauses read it. */
export interface StepFigures {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  /** Failed share of the offered requests (errors, timeouts and drops), 0..1. */
  errors: number;
  /** Share of the offered requests never answered within the step (drops), 0..1. */
  unanswered: number;
}

/**
 * Whether every clause holds. A request never sent (dropped) or never answered has no latency;
 * it counts above every bound, so a latency clause at quantile q breaks once more than 1 - q of
 * the requests went unanswered, whatever the answered ones show.
 */
export function sloHolds(clauses: readonly SloClause[], f: StepFigures): boolean {
  return clauses.every((c) => {
    const actual = f[c.metric];
    if (c.metric !== 'errors' && f.unanswered > 1 - QUANTILE[c.metric]) return false;
    return c.strict ? actual < c.value : actual <= c.value;
  });
}

/** The highest quantile among the latency clauses (it sizes the step), or undefined with none. */
export function tailQuantile(clauses: readonly SloClause[]): number | undefined {
  let q: number | undefined;
  for (const c of clauses) if (c.metric !== 'errors') q = Math.max(q ?? 0, QUANTILE[c.metric]);
  return q;
}

/** The largest latency bound among the clauses, ms (0 with none). */
export function largestBoundMs(clauses: readonly SloClause[]): number {
  return Math.max(0, ...clauses.filter((c) => c.metric !== 'errors').map((c) => c.value));
}
