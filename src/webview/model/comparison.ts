/**
 * Strategies or variants side by side, with the ranking table (caller errors, amplification and
 * the best rule's words as the CLI prints them). Every panel of one kind shares its scales (share axis, latency axes,
 * timeline axes), so a taller bar or a higher curve means more, not a different axis.
 */
import { amplificationOf, BEST_RULE, rowLabel, rowMark, showsAttemptErrors } from '../../result/comparison';
import type { Comparison, ComparisonRow, RunResult } from '../../result/types';
import { distributionModel, type DistributionModel } from './distribution';
import { formatAmplification, formatMsSpaced, formatPercent, formatRate, formatRatio } from '../../result/format';
import { latencyModel, type LatencyModel } from './latency';
import { table, type TableModel } from './table';
import { timelineModel, type TimelineModel } from './timeline';

export interface ComparisonColumn {
  strategy: string;
  /** The variant's name and, when it does not say it, the strategy. */
  label: string;
  best: boolean;
  distribution: DistributionModel;
  latency: LatencyModel;
  timeline: TimelineModel;
}

export interface SharedScales {
  maxShare: number;
  latencyXMax: number;
  latencyMsMax: number;
  timelineXMax: number;
  throughputMax: number;
  p99Max: number;
}

export interface ComparisonModel {
  mode: Comparison['mode'];
  columns: ComparisonColumn[];
  scales: SharedScales;
  table: TableModel;
  /** Under the table: how "best" is chosen, and what the figures mean. */
  notes: string[];
}

export function comparisonModel(c: Comparison): ComparisonModel {
  const columns = pairs(c).map(([row, r]) => ({
    strategy: r.config.strategy,
    label: row ? rowLabel(row) : r.config.strategy,
    best: row?.best === true,
    distribution: distributionModel(r),
    latency: latencyModel(r),
    timeline: timelineModel(r),
  }));
  const max = (f: (col: ComparisonColumn) => number) => columns.reduce((m, col) => Math.max(m, f(col)), 0) || 1;
  const scales: SharedScales = {
    maxShare: max((col) => col.distribution.maxShare),
    latencyXMax: max((col) => col.latency.xMax),
    latencyMsMax: max((col) => col.latency.msMax),
    timelineXMax: max((col) => col.timeline.xMax),
    throughputMax: max((col) => col.timeline.throughputMax),
    p99Max: max((col) => col.timeline.p99Max),
  };
  const attempts = showsAttemptErrors(c);
  const rows = c.rows.map((r) => [
    rowLabel(r) + rowMark(r),
    formatRate(r.throughput),
    formatMsSpaced(r.p50),
    formatMsSpaced(r.p99),
    formatMsSpaced(r.p999),
    formatPercent(r.errorRate, 2),
    ...(attempts ? [r.attemptErrorRate === undefined ? '' : formatPercent(r.attemptErrorRate, 2)] : []),
    formatAmplification(amplificationOf(r)),
    formatRatio(r.maxShareRatio),
    r.reactionMs === undefined ? '' : r.reactionMs === null ? 'never' : formatMsSpaced(r.reactionMs),
  ]);
  const notes = [
    `${BEST_RULE.charAt(0).toUpperCase()}${BEST_RULE.slice(1)}.`,
    'Caller errors: requests that finally failed, after any retries. Amplification: attempts sent per request (1.000x: no retries or hedges).',
  ];
  if (attempts) notes.push('Attempt errors: attempts the servers failed, retried ones included.');
  return {
    mode: c.mode,
    columns,
    scales,
    table: table(
      `Variants (${c.mode}), ranked by p99 among those that do not fail more`,
      ['Variant', 'Throughput', 'p50', 'p99', 'p99.9', 'Caller errors', ...(attempts ? ['Attempt errors'] : []), 'Amplification', 'Max share / fair', 'Reaction'],
      rows,
    ),
    notes,
  };
}

/**
 * Each result with its row, in the ranking's order. compareStrategies keeps rows and results in
 * the same order; a file where they differ in number pairs by strategy, results without a row last.
 */
function pairs(c: Comparison): [ComparisonRow | undefined, RunResult][] {
  if (c.rows.length === c.results.length) return c.results.map((r, i) => [c.rows[i], r]);
  const rank = new Map(c.rows.map((r, i) => [r.strategy, i]));
  const results = [...c.results].sort((a, b) => (rank.get(a.config.strategy) ?? 1e9) - (rank.get(b.config.strategy) ?? 1e9));
  return results.map((r) => [c.rows.find((row) => row.strategy === r.config.strategy), r]);
}
