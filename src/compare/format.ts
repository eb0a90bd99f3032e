/** `formatComparison(c)`: the comparison as the CLI prints it, one row per strategy, best first. */
import { formatCount, formatMs, formatPercent, formatRatio } from '../result/format';
import { formatTable } from '../result/summary';
import type { Comparison } from '../result/types';

export function formatComparison(c: Comparison): string {
  const withReaction = c.rows.some((r) => r.reactionMs !== undefined);
  const headers = ['#', 'strategy', 'req/s', 'p50', 'p99', 'p99.9', 'errors', 'error rate', 'max share/fair'];
  if (withReaction) headers.push('reaction');
  const rows = c.rows.map((r, i) => {
    const row = [
      String(i + 1),
      r.best ? `${r.strategy} (best)` : r.status ? `${r.strategy} (${r.status}, partial)` : r.strategy,
      formatCount(Math.round(r.throughput)),
      formatMs(r.p50),
      formatMs(r.p99),
      formatMs(r.p999),
      formatCount(r.errors),
      formatPercent(r.errorRate),
      formatRatio(r.maxShareRatio),
    ];
    if (withReaction) row.push(r.reactionMs === undefined ? '' : r.reactionMs === null ? 'never' : formatMs(r.reactionMs));
    return row;
  });
  const seed = c.results[0]?.config.seed;
  const title = `${c.mode === 'live' ? 'Live' : 'Simulated'} comparison of ${c.rows.length} strateg${c.rows.length === 1 ? 'y' : 'ies'}` +
    `${c.mode === 'simulated' && seed !== undefined ? `, seed ${seed}` : ''}, ranked by p99 (lowest first)`;
  const notes = [
    'max share/fair: the largest share any endpoint took over its share by weight (1.00x = as the weights ask).',
  ];
  if (c.status === 'cancelled') notes.unshift(`cancelled: ${c.results.length} of the strategies ran; rows marked partial stopped part-way and are not ranked best.`);
  else if (c.rows.some((r) => r.status)) notes.unshift('rows marked partial did not complete and are not ranked best.');
  if (withReaction) {
    notes.push('reaction: time from the first fault until the faulty endpoint\'s share of sends fell below half its pre-fault share, held 500 ms.');
  }
  return [title, '', formatTable(headers, rows), '', ...notes].join('\n');
}
