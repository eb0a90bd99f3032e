/**
 * One row per run and the ranking: by p99 (lowest first), ties broken by error rate, then
 * throughput, then name; the first row is marked best.
 *
 * Fair share. `maxShareRatio` is the largest share / fair share over the endpoints, with the fair
 * share taken from the pool's weights (weight / sum of weights) for every strategy, weighted or not:
 * it measures how far a run strayed from what the pool asks for, so a strategy that ignores the
 * weights shows it. With equal weights it is the share relative to 1/n.
 *
 * Note that p99 covers every answer, errors included: a strategy that sends traffic to a server
 * failing fast can rank well on p99; read the error rate beside it.
 */
import type { ScenarioStep } from '../pools/types';
import type { ComparisonRow, RunResult } from '../result/types';
import { reactionMs } from './reaction';

export function rowOf(result: RunResult, scenario: readonly ScenarioStep[] | undefined): ComparisonRow {
  const t = result.totals;
  let maxShareRatio = 0;
  for (const ep of result.endpoints) {
    if (ep.fairShare > 0) maxShareRatio = Math.max(maxShareRatio, ep.share / ep.fairShare);
  }
  const row: ComparisonRow = {
    strategy: result.config.strategy,
    throughput: t.throughput,
    p50: t.latency.p50,
    p99: t.latency.p99,
    p999: t.latency.p999,
    errors: t.errors,
    errorRate: t.requests > 0 ? t.errors / t.requests : 0,
    maxShareRatio,
  };
  const reaction = reactionMs(result, scenario);
  if (reaction !== undefined) row.reactionMs = reaction;
  if (result.status !== 'completed') row.status = result.status;
  return row;
}

/**
 * Sorts rows (and their results alike) best first and marks the best. Rows of runs that did not
 * complete come after the others and are never best: their figures cover only part of the run.
 */
export function rank(rows: ComparisonRow[], results: RunResult[]): { rows: ComparisonRow[]; results: RunResult[] } {
  const order = rows.map((_, i) => i).sort((a, b) => compareRows(rows[a], rows[b]));
  const ranked = order.map((i, n) => (n === 0 && rows[i].status === undefined ? { ...rows[i], best: true } : { ...rows[i] }));
  return { rows: ranked, results: order.map((i) => results[i]) };
}

function compareRows(a: ComparisonRow, b: ComparisonRow): number {
  return Number(a.status !== undefined) - Number(b.status !== undefined) || a.p99 - b.p99 || a.errorRate - b.errorRate || b.throughput - a.throughput || (a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : 0);
}
