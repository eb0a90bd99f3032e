/**
 * One row per run and the ranking.
 *
 * The best rule. A variant that retries can buy a low error rate with latency, and one that fails
 * fast can buy a low p99 with errors; p99 alone would crown the second. So "best" is never a
 * variant that fails more requests (the callers' error rate) than another by more than
 * `BEST_ERROR_MARGIN` (half a percentage point): of the completed rows whose error rate is within
 * that margin of the lowest, the lowest p99 is best (ties: error rate, then throughput, then
 * name). Those rows come first, by p99; completed rows that fail more follow, marked `failsMore`,
 * by p99; rows of runs that did not complete come last and are never best (their figures cover
 * only part of the run).
 *
 * Fair share. `maxShareRatio` is the largest share / fair share over the endpoints, with the fair
 * share taken from the pool's weights (weight / sum of weights) for every strategy, weighted or not:
 * it measures how far a run strayed from what the pool asks for, so a strategy that ignores the
 * weights shows it. With equal weights it is the share relative to 1/n.
 *
 * Amplification is attempts / requests (1 without a client policy: one attempt each); under a
 * policy the totals are the callers' view, so `errorRate` is what callers saw and
 * `attemptErrorRate` what the servers answered.
 */
import type { ScenarioStep } from '../pools/types';
import { BEST_ERROR_MARGIN } from '../result/comparison';
import type { ComparisonRow, RunResult } from '../result/types';
import { reactionMs } from './reaction';

/** Error rates are ratios of counts: 1.5 % − 1.0 % is 0.5 pp even where floating point says 0.5000000000000001. */
const EPSILON = 1e-9;

export function rowOf(result: RunResult, scenario: readonly ScenarioStep[] | undefined, name?: string): ComparisonRow {
  const t = result.totals;
  let maxShareRatio = 0;
  let attempts = 0;
  let attemptErrors = 0;
  for (const ep of result.endpoints) {
    if (ep.fairShare > 0) maxShareRatio = Math.max(maxShareRatio, ep.share / ep.fairShare);
    attempts += ep.requests;
    attemptErrors += ep.errors;
  }
  const row: ComparisonRow = {
    strategy: result.config.strategy,
    name: name ?? result.config.strategy,
    throughput: t.throughput,
    p50: t.latency.p50,
    p99: t.latency.p99,
    p999: t.latency.p999,
    errors: t.errors,
    errorRate: t.requests > 0 ? t.errors / t.requests : 0,
    amplification: t.attempts !== undefined && t.requests > 0 ? t.attempts / t.requests : 1,
    attemptErrorRate: t.attempts === undefined ? (t.requests > 0 ? t.errors / t.requests : 0) : attempts > 0 ? attemptErrors / attempts : 0,
    maxShareRatio,
  };
  const reaction = reactionMs(result, scenario);
  if (reaction !== undefined) row.reactionMs = reaction;
  if (result.status !== 'completed') row.status = result.status;
  return row;
}

/** Sorts rows (and their results alike) by the rule above and marks the best and those that fail more. */
export function rank(rows: ComparisonRow[], results: RunResult[]): { rows: ComparisonRow[]; results: RunResult[] } {
  const complete = rows.filter((r) => r.status === undefined);
  const lowest = Math.min(...complete.map((r) => r.errorRate));
  const failsMore = (r: ComparisonRow): boolean => r.status === undefined && r.errorRate - lowest > BEST_ERROR_MARGIN + EPSILON;
  const tier = (r: ComparisonRow): number => (r.status !== undefined ? 2 : failsMore(r) ? 1 : 0);
  const order = rows.map((_, i) => i).sort((a, b) => tier(rows[a]) - tier(rows[b]) || compareRows(rows[a], rows[b]));
  const ranked = order.map((i, n) => {
    const row: ComparisonRow = { ...rows[i] };
    delete row.best;
    delete row.failsMore;
    if (n === 0 && tier(row) === 0) row.best = true;
    if (failsMore(row)) row.failsMore = true;
    return row;
  });
  return { rows: ranked, results: order.map((i) => results[i]) };
}

function compareRows(a: ComparisonRow, b: ComparisonRow): number {
  const an = a.name ?? a.strategy;
  const bn = b.name ?? b.strategy;
  return a.p99 - b.p99 || a.errorRate - b.errorRate || b.throughput - a.throughput || (an < bn ? -1 : an > bn ? 1 : 0);
}
