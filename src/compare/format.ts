/** `formatComparison(c)`: the comparison as the CLI prints it, one row per variant, best first. */
import { formatAmplification, formatCount, formatMs, formatPercent, formatRatio } from '../result/format';
import { formatTable } from '../result/summary';
import type { Comparison } from '../result/types';
import { amplificationOf, BEST_RULE, rowLabel, rowMark, showsAttemptErrors } from '../result/comparison';

export function formatComparison(c: Comparison): string {
  const withReaction = c.rows.some((r) => r.reactionMs !== undefined);
  const withAttempts = showsAttemptErrors(c);
  const headers = ['#', 'variant', 'req/s', 'p50', 'p99', 'p99.9', 'errors', 'caller error rate'];
  if (withAttempts) headers.push('attempt error rate');
  headers.push('amplification', 'max share/fair');
  if (withReaction) headers.push('reaction');
  const rows = c.rows.map((r, i) => {
    const row = [
      String(i + 1),
      rowLabel(r) + rowMark(r),
      formatCount(Math.round(r.throughput)),
      formatMs(r.p50),
      formatMs(r.p99),
      formatMs(r.p999),
      formatCount(r.errors),
      formatPercent(r.errorRate, 2),
    ];
    if (withAttempts) row.push(r.attemptErrorRate === undefined ? '' : formatPercent(r.attemptErrorRate, 2));
    row.push(formatAmplification(amplificationOf(r)), formatRatio(r.maxShareRatio));
    if (withReaction) row.push(r.reactionMs === undefined ? '' : r.reactionMs === null ? 'never' : formatMs(r.reactionMs));
    return row;
  });
  const seed = c.results[0]?.config.seed;
  const title = `${c.mode === 'live' ? 'Live' : 'Simulated'} comparison of ${c.rows.length} variant${c.rows.length === 1 ? '' : 's'}` +
    `${c.mode === 'simulated' && seed !== undefined ? `, seed ${seed}` : ''}, ranked by p99 (lowest first) among those that do not fail more`;
  const notes = [
    `${BEST_RULE}; rows marked "fails more" follow the others.`,
    'caller error rate: requests that finally failed, after any retries; amplification: attempts sent per request (1.000x: no retries or hedges).',
  ];
  if (withAttempts) notes.push('attempt error rate: attempts the servers failed, retried ones included.');
  notes.push('max share/fair: the largest share any endpoint took over its share by weight (1.00x = as the weights ask).');
  if (c.status === 'cancelled') notes.unshift(`cancelled: ${c.results.length} of the variants ran; rows marked partial stopped part-way and are not ranked best.`);
  else if (c.rows.some((r) => r.status)) notes.unshift('rows marked partial did not complete and are not ranked best.');
  if (withReaction) {
    notes.push('reaction: time from the first fault until the faulty endpoint\'s share of sends fell below half its pre-fault share, held 500 ms.');
  }
  return [title, '', formatTable(headers, rows), '', ...notes, ...runNotes(c)].join('\n');
}

/** What a run's plan noted (a policy a live run does not apply yet, a coarser timeline), once per note with the variants it concerns. */
function runNotes(c: Comparison): string[] {
  const by = new Map<string, string[]>();
  c.results.forEach((r, i) => {
    const label = c.rows[i] ? rowLabel(c.rows[i]) : r.config.strategy;
    for (const note of r.config.notes ?? []) by.set(note, [...(by.get(note) ?? []), label]);
  });
  return [...by].map(([note, labels]) => `note (${labels.join(', ')}): ${note}`);
}
