/** Draws the distribution: a bar per endpoint (its share) and a tick at its fair share. */
import { axisLeft, scaleBand, scaleLinear } from 'd3';
import type { DistributionBar, DistributionModel } from '../model/distribution';
import { formatCount, formatMsSpaced, formatPercent } from '../../result/format';
import { renderTable, svg, widthOf, type Div } from './dom';
import { GROUP_ROW, groupRows, renderGroups } from './groups';
import { seriesColor } from './theme';
import { hideTooltip, showTooltip } from './tooltip';

export interface DistributionScale {
  /** Shared top of the share axis (comparison views pass the largest over all strategies). */
  maxShare?: number;
  width?: number;
}

/** Endpoint names fit under the bars up to this many; beyond, the table and tooltips name them. */
const MAX_LABELS = 32;

export function renderDistribution(body: Div, model: DistributionModel, scale: DistributionScale = {}): void {
  const width = scale.width ?? widthOf(body.node());
  const n = model.bars.length;
  const labelled = n <= MAX_LABELS;
  const headers = groupRows(model.groups) * GROUP_ROW;
  const margin = { top: 12 + headers, right: 12, bottom: labelled ? 84 : 24, left: 52 };
  const height = 260 + headers + margin.bottom;
  // Above the chart: an endpoint tested over another protocol than the one asked for changes what its figures mean.
  if (model.protocolNote) body.append('p').attr('class', 'rb-note rb-protocol-note').attr('role', 'note').text(model.protocolNote);
  const chart = svg(body, width, height, `Share of requests for ${n} endpoints, beside each fair share`);
  chart.classed('rb-distribution', true);

  // Bars at most 72 px wide: a pool of three should not look like three walls.
  const plotRight = Math.min(width - margin.right, margin.left + n * 72 * 1.25 + 20);
  const x = scaleBand<string>()
    .domain(model.bars.map((b) => b.id))
    .range([margin.left, plotRight])
    .paddingInner(n > 200 ? 0 : 0.2)
    .paddingOuter(0.1);
  const y = scaleLinear()
    .domain([0, (scale.maxShare ?? model.maxShare) * 1.08])
    .nice()
    .range([height - margin.bottom, margin.top]);

  chart
    .append('g')
    .attr('class', 'rb-axis')
    .attr('transform', `translate(${margin.left},0)`)
    .call(axisLeft(y).ticks(5, '%'));
  chart
    .append('line')
    .attr('class', 'rb-baseline')
    .attr('x1', margin.left)
    .attr('x2', plotRight)
    .attr('y1', y(0))
    .attr('y2', y(0));

  const bw = Math.max(0.5, x.bandwidth());
  const tip = (event: MouseEvent, b: DistributionBar) =>
    showTooltip(event, [
      b.id,
      b.protocol ? `${b.address} (${b.protocol})` : b.address,
      `share ${formatPercent(b.share)} (fair ${formatPercent(b.fairShare)})`,
      `requests ${formatCount(b.requests)}, errors ${formatCount(b.errors)}`,
      `p50 ${formatMsSpaced(b.p50)}, p99 ${formatMsSpaced(b.p99)}`,
    ]);

  const bars = chart.append('g').attr('class', 'rb-bars');
  bars
    .selectAll('rect')
    .data(model.bars)
    .join('rect')
    .attr('class', 'rb-bar')
    .attr('data-id', (b) => b.id)
    .attr('x', (b) => x(b.id) ?? 0)
    .attr('width', bw)
    .attr('y', (b) => y(b.share))
    .attr('height', (b) => Math.max(0, y(0) - y(b.share)))
    .attr('aria-label', (b) => `${b.id}: ${formatPercent(b.share)} of requests, fair share ${formatPercent(b.fairShare)}`)
    .style('fill', (b) => seriesColor(b.colorIndex))
    .on('mousemove', tip)
    .on('mouseleave', hideTooltip);

  // One path for all fair-share ticks: 1,000 endpoints stay one element.
  const ticks = model.bars
    .map((b) => {
      const x0 = x(b.id) ?? 0;
      const inset = Math.min(2, bw / 4);
      return `M${(x0 - inset).toFixed(2)},${y(b.fairShare).toFixed(2)}H${(x0 + bw + inset).toFixed(2)}`;
    })
    .join('');
  chart.append('path').attr('class', 'rb-fair').attr('d', ticks);

  if (labelled) {
    chart
      .append('g')
      .attr('class', 'rb-labels')
      .selectAll('text')
      .data(model.bars)
      .join('text')
      .attr('transform', (b) => `translate(${(x(b.id) ?? 0) + bw / 2},${y(0) + 8}) rotate(-40)`)
      .attr('text-anchor', 'end')
      .attr('dominant-baseline', 'middle')
      .text((b) => (b.id.length > 18 ? `${b.id.slice(0, 17)}…` : b.id));
  }

  renderGroups(
    chart,
    model.groups,
    model.bars.map((b) => b.id),
    x,
    12,
    y(0),
  );

  const legend = chart.append('g').attr('class', 'rb-legend').attr('transform', `translate(${plotRight - 150},${margin.top + 4})`);
  legend.append('path').attr('class', 'rb-fair').attr('d', 'M0,0H16');
  legend.append('text').attr('x', 22).attr('dominant-baseline', 'middle').text('fair share by weight');

  renderTable(body, model.table);
  if (model.groupTable) renderTable(body, model.groupTable);
}
