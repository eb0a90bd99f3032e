/**
 * Strategies side by side. Every panel of one kind shares its scales (share axis, latency axes,
 * timeline axes), so a taller bar or a higher curve means more, not a different axis.
 */
import type { Comparison, RunResult } from '../../result/types';
import { distributionModel, type DistributionModel } from './distribution';
import { formatMsSpaced, formatPercent, formatRate, formatRatio } from '../../result/format';
import { latencyModel, type LatencyModel } from './latency';
import { table, type TableModel } from './table';
import { timelineModel, type TimelineModel } from './timeline';

export interface ComparisonColumn {
  strategy: string;
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
}

export function comparisonModel(c: Comparison): ComparisonModel {
  const best = new Set(c.rows.filter((r) => r.best).map((r) => r.strategy));
  // Columns in the ranking's order (best p99 first); results without a row keep their order at the end.
  const rank = new Map(c.rows.map((r, i) => [r.strategy, i]));
  const results = [...c.results].sort((a, b) => (rank.get(a.config.strategy) ?? 1e9) - (rank.get(b.config.strategy) ?? 1e9));
  const columns = results.map((r: RunResult) => ({
    strategy: r.config.strategy,
    best: best.has(r.config.strategy),
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
  const rows = c.rows.map((r) => [
    r.best ? `${r.strategy} (best)` : r.strategy,
    formatRate(r.throughput),
    formatMsSpaced(r.p50),
    formatMsSpaced(r.p99),
    formatMsSpaced(r.p999),
    formatPercent(r.errorRate, 2),
    formatRatio(r.maxShareRatio),
    r.reactionMs === undefined ? '' : r.reactionMs === null ? 'never' : formatMsSpaced(r.reactionMs),
  ]);
  return {
    mode: c.mode,
    columns,
    scales,
    table: table(
      `Strategies (${c.mode}), ranked by p99`,
      ['Strategy', 'Throughput', 'p50', 'p99', 'p99.9', 'Errors', 'Max share / fair', 'Reaction'],
      rows,
    ),
  };
}
