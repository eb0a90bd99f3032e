/**
 * Compare Two Runs: what each run was, the headline figures side by side with their change, share
 * per endpoint against fair share, and both distributions on one scale. The better cell of each
 * row carries `rb-better` and says so in text too, so the mark does not depend on colour.
 */
import { select } from 'd3';
import type { RunDiffView } from '../../protocol/webview';
import { distributionModel } from '../model/distribution';
import { runDiffModel, type Better, type RunSide } from '../model/run-diff';
import { renderDistribution } from '../render/distribution';
import { section, widthOf, type Div } from '../render/dom';

function describe(s: RunSide): string {
  // A simulation runs on a virtual clock from 0: its start is no date worth showing.
  const when = s.kind === 'simulation' ? 'seeded simulation' : `load test started ${s.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`;
  return `${s.label} on ${s.pool}: ${when}${s.status === 'completed' ? '' : ` (${s.status})`}`;
}

function diffTable(parent: Div, caption: string, head: string[], rows: { cells: string[]; better: Better }[], sideColumns: { a: number; b: number }): void {
  const t = parent.append('table').attr('class', 'rb-diff-table');
  t.append('caption').text(caption);
  t.append('thead').append('tr').selectAll('th').data(head).join('th').attr('scope', 'col').text((d) => d);
  const body = t.append('tbody');
  for (const row of rows) {
    const tr = body.append('tr').attr('data-better', row.better);
    row.cells.forEach((text, i) => {
      const side = i === sideColumns.a ? 'a' : i === sideColumns.b ? 'b' : undefined;
      const td = i === 0 ? tr.append('th').attr('scope', 'row') : tr.append('td').attr('class', 'num');
      const better = side !== undefined && row.better === side;
      td.classed('rb-better', better).text(better ? `${text} ✓` : text);
      if (better) td.attr('title', 'better');
    });
  }
}

export function renderRunDiff(root: HTMLElement, view: RunDiffView): void {
  const model = runDiffModel(view.a, view.b, view.labels);
  const header = select(root).append('header').attr('class', 'rb-header');
  header.append('h1').text('Compare two runs');
  const runs = select(root).append('div').attr('class', 'rb-diff-runs');
  runs.append('p').attr('class', 'rb-summary').text(describe(model.a));
  runs.append('p').attr('class', 'rb-summary').text(describe(model.b));
  runs.append('p').attr('class', `rb-verdict rb-verdict-${model.overall}`).text(model.verdict);

  const { a, b } = view.labels;
  const totals = section(root, 'Figures', 'rb-section-diff');
  diffTable(
    totals,
    `${a} against ${b}; ✓ marks the better`,
    ['Figure', a, b, `Change (${b} − ${a})`, 'Relative'],
    model.rows.map((r) => ({ cells: [r.metric, r.a, r.b, r.delta, r.relative ?? ''], better: r.better })),
    { a: 1, b: 2 },
  );
  const shares = section(root, 'Share per endpoint', 'rb-section-diff-shares');
  diffTable(
    shares,
    'Share of requests per endpoint; ✓ marks the one closer to fair share',
    ['Endpoint', 'Fair share', a, b, `Change (${b} − ${a})`],
    model.shares.map((s) => ({ cells: [s.endpoint, s.fairShare, s.a, s.b, s.delta], better: s.better })),
    { a: 2, b: 3 },
  );

  const charts = section(root, 'Load per endpoint', 'rb-section-diff-distribution').append('div').attr('class', 'rb-compare-grid') as unknown as Div;
  const da = distributionModel(view.a);
  const db = distributionModel(view.b);
  const maxShare = Math.max(da.maxShare, db.maxShare) || 1;
  const cells = [a, b].map((label) => {
    const cell = charts.append('div').attr('class', 'rb-compare-cell') as unknown as Div;
    cell.append('h3').text(label);
    return cell;
  });
  const width = Math.max(340, widthOf(cells[0].node(), 420));
  renderDistribution(cells[0], da, { maxShare, width });
  renderDistribution(cells[1], db, { maxShare, width });
}
