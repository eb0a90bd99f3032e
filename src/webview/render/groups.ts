/**
 * Group headers over the distribution's bars: a bracket per priority level (top row) and per
 * locality (the row under it), each with its name and share of requests, and a divider between
 * levels. Text that does not fit its bracket is cut; the tooltip and the group table say it all.
 */
import type { ScaleBand } from 'd3';
import { formatCount, formatPercent } from '../../result/format';
import type { EndpointGroup } from '../model/endpoint-groups';
import type { Svg } from './dom';
import { hideTooltip, showTooltip } from './tooltip';

/** Height of one row of headers, px. */
export const GROUP_ROW = 18;

/** Rows of headers the groups need: 0, 1 (levels or zones) or 2 (both). */
export function groupRows(groups: readonly EndpointGroup[]): number {
  return new Set(groups.map((g) => g.kind)).size;
}

export function renderGroups(chart: Svg, groups: readonly EndpointGroup[], ids: readonly string[], x: ScaleBand<string>, top: number, plotBottom: number): void {
  if (groups.length === 0) return;
  const rows = groupRows(groups);
  const rowOf = (g: EndpointGroup) => (rows === 2 && g.kind === 'locality' ? 1 : 0);
  const bw = Math.max(0.5, x.bandwidth());
  const step = x.step();
  const left = (g: EndpointGroup) => (x(ids[g.first]) ?? 0) - (step - bw) / 2 + 1;
  const right = (g: EndpointGroup) => (x(ids[g.last]) ?? 0) + bw + (step - bw) / 2 - 1;

  const layer = chart.append('g').attr('class', 'rb-groups');
  // Dividers between levels (or between zones when there is one level) across the plot.
  const outer = groups.filter((g) => rowOf(g) === 0);
  layer
    .selectAll('line.rb-group-divider')
    .data(outer.slice(1))
    .join('line')
    .attr('class', 'rb-group-divider')
    .attr('x1', (g) => left(g) - 1)
    .attr('x2', (g) => left(g) - 1)
    .attr('y1', top)
    .attr('y2', plotBottom);

  const g = layer
    .selectAll('g.rb-group')
    .data(groups)
    .join('g')
    .attr('class', (d) => `rb-group rb-group-${d.kind}`)
    .attr('data-kind', (d) => d.kind)
    .attr('data-name', (d) => d.name)
    .attr('data-priority', (d) => d.priority)
    .attr('data-first', (d) => d.first)
    .attr('data-last', (d) => d.last)
    .attr('transform', (d) => `translate(0,${top + rowOf(d) * GROUP_ROW})`);
  g.append('path')
    .attr('class', 'rb-group-bracket')
    .attr('d', (d) => `M${left(d).toFixed(2)},${GROUP_ROW - 2}V${GROUP_ROW - 6}H${right(d).toFixed(2)}V${GROUP_ROW - 2}`);
  g.append('text')
    .attr('class', 'rb-group-label')
    .attr('x', (d) => (left(d) + right(d)) / 2)
    .attr('y', GROUP_ROW - 9)
    .attr('text-anchor', 'middle')
    .attr('aria-label', (d) => `${d.kind === 'priority' ? 'priority level' : 'zone'} ${d.name}: ${formatPercent(d.share)} of requests, ${d.endpoints} endpoints`)
    .text((d) => fit(d.label, right(d) - left(d)));
  g.append('rect')
    .attr('class', 'rb-hit')
    .attr('x', left)
    .attr('width', (d) => Math.max(1, right(d) - left(d)))
    .attr('height', GROUP_ROW)
    .on('mousemove', (event: MouseEvent, d: EndpointGroup) =>
      showTooltip(event, [
        d.kind === 'priority' ? `priority level ${d.name}` : `P${d.priority}, zone ${d.name}`,
        `share ${formatPercent(d.share)}, requests ${formatCount(d.requests)}`,
        `${formatCount(d.endpoints)} endpoints`,
      ]),
    )
    .on('mouseleave', hideTooltip);
}

/** The label cut to what fits in `width` px at about 6.5 px a character (11 px text). */
function fit(label: string, width: number): string {
  const chars = Math.floor(width / 6.5);
  if (label.length <= chars) return label;
  if (chars < 3) return '';
  return `${label.slice(0, chars - 1)}…`;
}
