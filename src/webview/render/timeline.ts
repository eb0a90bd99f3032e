/**
 * Draws the timeline: throughput (top) and p99 (bottom) per endpoint and in total, sharing the
 * time axis, with a marker for each run event across both.
 */
import { axisBottom, axisLeft, line, scaleLinear, type ScaleLinear } from 'd3';
import { formatMsSpaced, formatRate, formatSeconds } from '../../result/format';
import type { TimelineMarker, TimelineModel, TimelineSeries } from '../model/timeline';
import { note, renderTable, svg, widthOf, type Div } from './dom';
import { drawPolicyLines } from './policy-lines';
import { drawRamps, RAMP_LANE, rampLanes } from './slow-start';
import { drawStagedLoad } from './staged-load';
import { eventColor, seriesColor } from './theme';
import { hideTooltip, showTooltip } from './tooltip';

export interface TimelineScale {
  xMax?: number;
  throughputMax?: number;
  p99Max?: number;
  width?: number;
}

export function renderTimeline(body: Div, model: TimelineModel, scale: TimelineScale = {}): void {
  const width = scale.width ?? widthOf(body.node());
  const margin = { top: 56, right: 16, bottom: 32, left: 60 };
  const panel = 150;
  const gap = 26;
  // A staged closed model draws its callers in a third panel (requests/s share the first);
  // slow-start ramps get lanes under the time axis (render/slow-start.ts).
  const callers = model.load?.unit === 'callers' ? model.load : undefined;
  const lanes = rampLanes(model.ramps);
  const rampSpace = lanes > 0 ? lanes * RAMP_LANE.pitch + 8 : 0;
  const height = margin.top + panel * (callers ? 3 : 2) + gap * (callers ? 2 : 1) + margin.bottom + rampSpace;
  const chart = svg(body, width, height, `Throughput and p99 over time, ${model.markers.length} events`);
  chart.classed('rb-timeline', true);

  const x = scaleLinear().domain([0, scale.xMax ?? model.xMax]).range([margin.left, width - margin.right]);
  const top = margin.top;
  const bottom = margin.top + panel + gap;
  const yT = scaleLinear().domain([0, (scale.throughputMax ?? model.throughputMax) * 1.05]).nice().range([top + panel, top]);
  const yP = scaleLinear().domain([0, (scale.p99Max ?? model.p99Max) * 1.05]).nice().range([bottom + panel, bottom]);
  const third = bottom + panel + gap;
  const last = callers ? third + panel : bottom + panel;

  axis(chart, yT, margin.left, 'requests/s', (v) => formatRate(v));
  axis(chart, yP, margin.left, 'p99', (v) => formatMsSpaced(v));
  chart
    .append('g')
    .attr('class', 'rb-axis rb-axis-time')
    .attr('transform', `translate(0,${last})`)
    .call(axisBottom(x).ticks(8).tickFormat((d) => formatSeconds(Number(d))));

  drawRamps(chart, model.ramps, x, last + margin.bottom - 4, width);

  const series = [...model.endpoints, model.total];
  drawLines(chart, series, x, yT, 'throughput');
  drawLines(chart, series, x, yP, 'p99');
  if (model.policy) drawPolicyLines(chart, model.policy, x, yT);
  if (model.load && !callers) drawStagedLoad(chart, model.load, x, yT, { x: width - margin.right, y: top + 6 });
  if (callers) {
    const yC = scaleLinear().domain([0, callers.max * 1.05]).nice().range([third + panel, third]);
    axis(chart, yC, margin.left, 'callers', (v) => String(v));
    drawStagedLoad(chart, callers, x, yC, { x: width - margin.right, y: third + 6 });
  }

  // Behind the markers: the time each level spent in panic, across both panels.
  chart
    .append('g')
    .attr('class', 'rb-panics')
    .selectAll('rect')
    .data(model.panics)
    .join('rect')
    .attr('class', 'rb-panic-span')
    .attr('data-priority', (d) => d.priority)
    .attr('x', (d) => x(d.from))
    .attr('width', (d) => Math.max(1, x(d.to) - x(d.from)))
    .attr('y', top)
    .attr('height', last - top)
    .attr('aria-label', (d) => `P${d.priority} in panic from ${formatSeconds(d.from)} to ${formatSeconds(d.to)}`);

  const markers = chart.append('g').attr('class', 'rb-markers');
  const m = markers
    .selectAll('g')
    .data(model.markers)
    .join('g')
    .attr('class', 'rb-marker')
    .attr('data-type', (d) => d.type)
    .attr('transform', (d) => `translate(${x(d.at)},0)`);
  m.append('line')
    .attr('y1', top - 6)
    .attr('y2', last)
    .style('stroke', (d) => eventColor(d.type));
  m.append('path')
    .attr('d', `M-5,${top - 14}L5,${top - 14}L0,${top - 6}Z`)
    .attr('aria-label', (d) => `${formatSeconds(d.at)}: ${d.label}`)
    .style('fill', (d) => eventColor(d.type));
  // A wide invisible hit area so a 1px line is easy to hover.
  m.append('rect')
    .attr('class', 'rb-hit')
    .attr('x', -4)
    .attr('width', 8)
    .attr('y', top - 16)
    .attr('height', last - top + 16)
    .on('mousemove', (event: MouseEvent, d: TimelineMarker) => showTooltip(event, [d.label, `at ${formatSeconds(d.at)}`]))
    .on('mouseleave', hideTooltip);
  // Labels in up to three rows above the chart; one that fits in no row is left to the tooltip
  // and the events table rather than drawn over another. A level's panic is placed first: it
  // concerns every endpoint of the level, where the events around it concern one each.
  const rows: [number, number][][] = [[], [], []];
  const placed = new Map<TimelineMarker, { short: string; row: number }>();
  const levelWide = (d: TimelineMarker) => (d.type === 'panic' || d.type === 'panic-ended' ? 0 : 1);
  [...model.markers].sort((a, b) => levelWide(a) - levelWide(b)).forEach((d) => {
    const short = d.short.length > 28 ? `${d.short.slice(0, 27)}…` : d.short;
    const x0 = x(d.at) + 6;
    const x1 = x0 + short.length * 6 + 8;
    const row = rows.findIndex((taken) => taken.every(([a, b]) => x1 <= a || x0 >= b));
    if (row >= 0) rows[row].push([x0, x1]);
    placed.set(d, { short, row });
  });
  m.filter((d) => (placed.get(d)?.row ?? -1) >= 0)
    .append('text')
    .attr('class', 'rb-marker-label')
    .attr('x', 6)
    .attr('y', (d) => top - 16 - (placed.get(d)?.row ?? 0) * 12)
    .text((d) => placed.get(d)?.short ?? '');

  if (model.ramps.length > lanes) note(body, `Showing the first ${lanes} slow-start ramps; ${model.ramps.length - lanes} more joined (see the events).`);
  if (model.hiddenEndpoints > 0) {
    note(body, `Showing the ${model.endpoints.length} busiest endpoints and the total; ${model.hiddenEndpoints} more are in the distribution table.`);
  }
  if (model.markers.length > 0) renderTable(body, model.events, 40);
  else note(body, 'No events in this run.');
  renderTable(body, model.table, 0);
}

type Chart = ReturnType<typeof svg>;

function axis(chart: Chart, y: ScaleLinear<number, number>, left: number, title: string, fmt: (v: number) => string): void {
  const g = chart
    .append('g')
    .attr('class', 'rb-axis')
    .attr('transform', `translate(${left},0)`)
    .call(axisLeft(y).ticks(4).tickFormat((d) => fmt(Number(d))));
  // Inside the plot's top-left corner: the band above the plot belongs to the event labels.
  g.append('text')
    .attr('class', 'rb-axis-title')
    .attr('x', 6)
    .attr('y', y.range()[1] + 2)
    .attr('dominant-baseline', 'hanging')
    .attr('text-anchor', 'start')
    .text(title);
}

function drawLines(chart: Chart, series: TimelineSeries[], x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, field: 'throughput' | 'p99'): void {
  const path = line<{ t: number; throughput: number; p99: number }>()
    .defined((d) => Number.isFinite(d[field]))
    .x((d) => x(d.t))
    .y((d) => y(d[field]));
  chart
    .append('g')
    .attr('class', `rb-lines rb-${field}`)
    .selectAll('path')
    .data(series)
    .join('path')
    .attr('class', (s) => (s.colorIndex < 0 ? 'rb-line rb-total' : 'rb-line'))
    .attr('data-id', (s) => s.id)
    .attr('d', (s) => path(s.samples) ?? '')
    .style('stroke', (s) => seriesColor(s.colorIndex))
    .on('mousemove', (event: MouseEvent, s: TimelineSeries) => showTooltip(event, [s.label, field === 'throughput' ? 'throughput' : 'p99 latency']))
    .on('mouseleave', hideTooltip);
}
