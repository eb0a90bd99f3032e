/**
 * Draws the caller view beside the server view: the policy's counters as a row of figures,
 * two bars (requests the callers sent, attempts the servers received, each split into ok and
 * errors) on one scale, so amplification reads as the second bar's length, then the table.
 */
import { scaleLinear } from 'd3';
import { formatCount, formatPercent } from '../../result/format';
import type { CallerViewModel, ViewFigures } from '../model/caller-view';
import { note, renderTable, svg, widthOf, type Div } from './dom';
import { hideTooltip, showTooltip } from './tooltip';

export function renderCallerView(body: Div, model: CallerViewModel, opts: { width?: number } = {}): void {
  const figures = body.append('dl').attr('class', 'rb-policy-counters');
  for (const c of model.counters) {
    const item = figures.append('div').attr('class', 'rb-policy-counter').attr('data-key', c.key).attr('title', c.title);
    item.append('dt').text(c.label);
    item.append('dd').text(c.text);
  }

  const width = opts.width ?? widthOf(body.node());
  const margin = { top: 8, right: 16, bottom: 8, left: 150 };
  const barH = 22;
  const gap = 12;
  const height = margin.top + 2 * barH + gap + margin.bottom;
  const rows: { key: 'callers' | 'servers'; label: string; f: ViewFigures }[] = [
    { key: 'callers', label: 'callers: requests', f: model.callers },
    { key: 'servers', label: 'servers: attempts', f: model.servers },
  ];
  const chart = svg(
    body,
    width,
    height,
    `${formatCount(model.callers.count)} requests from callers, ${formatCount(model.servers.count)} attempts at the servers`,
  );
  chart.classed('rb-amplification', true);
  const x = scaleLinear()
    .domain([0, Math.max(model.callers.count, model.servers.count, 1)])
    .range([margin.left, width - margin.right]);
  const g = chart
    .selectAll('g.rb-view-bar')
    .data(rows)
    .join('g')
    .attr('class', 'rb-view-bar')
    .attr('data-view', (d) => d.key)
    .attr('transform', (_, i) => `translate(0,${margin.top + i * (barH + gap)})`);
  g.append('text')
    .attr('x', margin.left - 8)
    .attr('y', barH / 2)
    .attr('dominant-baseline', 'middle')
    .attr('text-anchor', 'end')
    .text((d) => d.label);
  g.append('rect')
    .attr('class', 'rb-view-ok')
    .attr('x', x(0))
    .attr('width', (d) => x(d.f.ok) - x(0))
    .attr('height', barH);
  g.append('rect')
    .attr('class', 'rb-view-errors')
    .attr('x', (d) => x(d.f.ok))
    .attr('width', (d) => x(d.f.count) - x(d.f.ok))
    .attr('height', barH);
  g.append('text')
    .attr('class', 'rb-view-count')
    .attr('x', (d) => x(d.f.count) - 6)
    .attr('y', barH / 2)
    .attr('dominant-baseline', 'middle')
    .attr('text-anchor', 'end')
    .text((d) => formatCount(d.f.count));
  g.append('rect')
    .attr('class', 'rb-hit')
    .attr('x', x(0))
    .attr('width', (d) => x(d.f.count) - x(0))
    .attr('height', barH)
    .on('mousemove', (event: MouseEvent, d) =>
      showTooltip(event, [d.label, `${formatCount(d.f.ok)} ok, ${formatCount(d.f.errors)} errors (${formatPercent(d.f.errorRate)})`]),
    )
    .on('mouseleave', hideTooltip);

  for (const p of model.problems) note(body, `Could not read a histogram: ${p}`);
  renderTable(body, model.table);
}
