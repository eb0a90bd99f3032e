/** A comparison: the ranking table and its rule, then each variant's panels side by side on shared scales. */
import { select } from 'd3';
import type { Comparison } from '../../result/types';
import { comparisonModel } from '../model/comparison';
import { renderTable, section, widthOf, type Div } from '../render/dom';
import { renderDistribution } from '../render/distribution';
import { renderLatency } from '../render/latency';
import { renderTimeline } from '../render/timeline';
import type { ViewHooks } from './result';

export function renderComparison(root: HTMLElement, comparison: Comparison, hooks: ViewHooks = {}): void {
  const model = comparisonModel(comparison);
  const header = select(root).append('header').attr('class', 'rb-header');
  header.append('h1').text(`Compare strategies (${model.mode})`);
  if (hooks.onExport) {
    const onExport = hooks.onExport;
    header.append('button').attr('type', 'button').attr('class', 'rb-export').text('Export as JSON').on('click', () => onExport());
  }
  const ranking = section(root, 'Ranking', 'rb-section-ranking');
  renderTable(ranking, model.table, 100);
  for (const note of model.notes) ranking.append('p').attr('class', 'rb-note').text(note);

  const s = model.scales;
  const panels: [string, string, (cell: Div, i: number, width: number) => void][] = [
    ['Load per endpoint', 'distribution', (cell, i, width) => renderDistribution(cell, model.columns[i].distribution, { maxShare: s.maxShare, width })],
    ['Latency by percentile', 'latency', (cell, i, width) => renderLatency(cell, model.columns[i].latency, { xMax: s.latencyXMax, msMax: s.latencyMsMax, width })],
    ['Over time', 'timeline', (cell, i, width) => renderTimeline(cell, model.columns[i].timeline, { xMax: s.timelineXMax, throughputMax: s.throughputMax, p99Max: s.p99Max, width })],
  ];
  let width = 0;
  for (const [title, cls, draw] of panels) {
    const grid = section(root, title, `rb-section-compare-${cls}`).append('div').attr('class', 'rb-compare-grid') as unknown as Div;
    const cells = model.columns.map((col) => {
      const cell = grid.append('div').attr('class', 'rb-compare-cell').attr('data-strategy', col.strategy) as unknown as Div;
      cell.append('h3').classed('rb-best', col.best).text(col.best ? `${col.label} (best)` : col.label);
      return cell;
    });
    // Every cell draws at the same width, so equal scales also mean equal sizes on screen.
    // Measured once, in the first grid before anything is drawn (see views/result.ts).
    if (width === 0) width = Math.max(340, widthOf(cells[0]?.node() ?? null, 420));
    cells.forEach((cell, i) => draw(cell, i, width));
  }
}
