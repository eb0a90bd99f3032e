/**
 * Draws a capacity result: p99 (solid) and p50 (dashed) against the offered rate for every
 * variant, the SLO's latency limits as horizontal lines, each variant's capacity as a tick with
 * its figure, the steps that broke the SLO hollow; the error share in a small chart below on the
 * same x. Each step is a focusable point (Tab reaches it, its label and tooltip give its figures),
 * and the legend's buttons show or hide a variant in both charts.
 */
import { axisBottom, axisLeft, line, scaleLinear, select, type ScaleLinear } from 'd3';
import type { CapacityPoint } from '../../result/capacity';
import { formatMsSpaced, formatPercent, formatRate } from '../../result/format';
import { pointLines, type CapacityModel, type CapacitySeries } from '../model/capacity';
import { note, renderTable, svg, widthOf, type Div, type Svg } from './dom';
import { seriesColor } from './theme';
import { hideTooltip, showTooltip } from './tooltip';

const MARGIN = { top: 18, right: 24, bottom: 42, left: 68 };

type Scale = ScaleLinear<number, number>;

export function renderCapacity(body: Div, model: CapacityModel, opts: { width?: number } = {}): void {
  const width = opts.width ?? widthOf(body.node());
  legend(body, model);
  const x = scaleLinear().domain([0, model.rateMax]).range([MARGIN.left, width - MARGIN.right]);
  latencyChart(body, model, x, width);
  errorsChart(body, model, x, width);
  for (const n of model.notes) note(body, n);
  note(body, 'Hollow points broke the SLO; a point at the top edge is off the chart (its tooltip has the value).');
  renderTable(body, model.ranking, 100);
  renderTable(body, model.steps, 60);
}

function legend(body: Div, model: CapacityModel): void {
  const items = body.append('ul').attr('class', 'rb-capacity-legend').attr('aria-label', 'Variants (a button shows or hides one)');
  for (const s of model.series) {
    const button = items
      .append('li')
      .append('button')
      .attr('type', 'button')
      .attr('class', 'rb-legend-item')
      .attr('data-variant', s.name)
      .attr('aria-pressed', 'true');
    button.append('span').attr('class', 'rb-swatch').style('background', seriesColor(s.colorIndex));
    button.append('span').text(`${s.name}: ${formatRate(s.capacity, ' req/s')}${s.best ? ' (best)' : ''}${s.status === 'ok' ? '' : ` (${s.status})`}`);
    button.on('click', () => {
      const shown = button.attr('aria-pressed') !== 'true';
      button.attr('aria-pressed', String(shown));
      const root = body.node();
      root?.querySelectorAll(`g.rb-variant[data-index="${s.colorIndex}"]`).forEach((g) => g.classList.toggle('rb-hidden', !shown));
    });
  }
}

function axes(chart: Svg, x: Scale, y: Scale, height: number, width: number, yTitle: string, yFormat: (v: number) => string): void {
  chart
    .append('g')
    .attr('class', 'rb-axis rb-axis-x')
    .attr('transform', `translate(0,${height - MARGIN.bottom})`)
    .call(axisBottom(x).ticks(8).tickFormat((d) => formatRate(Number(d), '')))
    .append('text')
    .attr('class', 'rb-axis-title')
    .attr('x', width - MARGIN.right)
    .attr('y', 34)
    .attr('text-anchor', 'end')
    .text('offered rate, req/s');
  chart
    .append('g')
    .attr('class', 'rb-axis rb-axis-y')
    .attr('transform', `translate(${MARGIN.left},0)`)
    .call(axisLeft(y).ticks(5).tickFormat((d) => yFormat(Number(d))))
    .append('text')
    .attr('class', 'rb-axis-title')
    .attr('x', 4)
    .attr('y', MARGIN.top - 6)
    .attr('text-anchor', 'start')
    .text(yTitle);
}

/** Points above the domain sit on the top edge, marked, rather than off the chart. */
function clampedY(y: Scale): (v: number) => number {
  const [, top] = y.domain();
  return (v) => y(Math.min(v, top));
}

function latencyChart(body: Div, model: CapacityModel, x: Scale, width: number): void {
  const height = 330;
  const chart = svg(body, width, height, `p99 and p50 latency against offered rate for ${model.series.length} variants, with the SLO`);
  chart.classed('rb-capacity', true);
  const y = scaleLinear().domain([0, model.msMax]).nice().range([height - MARGIN.bottom, MARGIN.top]);
  const yc = clampedY(y);
  axes(chart, x, y, height, width, 'latency (p99 solid, p50 dashed)', formatMsSpaced);
  const top = y.domain()[1];

  const slo = chart.append('g').attr('class', 'rb-slo');
  for (const l of model.slo.latency) {
    const g = slo.append('g').attr('class', 'rb-slo-latency').attr('data-metric', l.metric).attr('data-ms', l.ms);
    g.append('line').attr('class', 'rb-slo-line').attr('x1', MARGIN.left).attr('x2', width - MARGIN.right).attr('y1', yc(l.ms)).attr('y2', yc(l.ms));
    g.append('text').attr('class', 'rb-slo-label').attr('x', width - MARGIN.right).attr('y', yc(l.ms) - 4).attr('text-anchor', 'end').text(`SLO ${l.text}`);
  }

  const p99 = line<CapacityPoint>().x((p) => x(p.rate)).y((p) => yc(p.p99));
  const p50 = line<CapacityPoint>().x((p) => x(p.rate)).y((p) => yc(p.p50));
  const sloMs = model.slo.latency.length ? Math.max(...model.slo.latency.map((l) => l.ms)) : top;
  model.series.forEach((s, i) => {
    const g = variantGroup(chart, s);
    const colour = seriesColor(s.colorIndex);
    g.append('path').attr('class', 'rb-line rb-p99').attr('d', p99(s.points) ?? '').style('stroke', colour);
    g.append('path').attr('class', 'rb-line rb-p50').attr('d', p50(s.points) ?? '').style('stroke', colour);
    points(g, s, x, yc, (p) => p.p99, top);
    // The capacity: a tick from the x axis up to the SLO line, its figure staggered per variant so labels do not overlap.
    if (s.capacity > 0) {
      const mark = g.append('g').attr('class', 'rb-capacity-mark').attr('data-capacity', s.capacity);
      const cx = x(s.capacity);
      mark.append('line').attr('class', 'rb-capacity-tick').attr('x1', cx).attr('x2', cx).attr('y1', y(0)).attr('y2', yc(sloMs)).style('stroke', colour);
      mark
        .append('text')
        .attr('class', 'rb-capacity-label')
        .attr('x', cx - 4)
        .attr('y', y(0) - 8 - i * 14)
        .attr('text-anchor', 'end')
        .style('fill', colour)
        .text(`${s.name} ${formatRate(s.capacity, ' req/s')}`);
    }
  });
}

function errorsChart(body: Div, model: CapacityModel, x: Scale, width: number): void {
  const height = 170;
  const chart = svg(body, width, height, `Error share against offered rate for ${model.series.length} variants`);
  chart.classed('rb-capacity-errors', true);
  const y = scaleLinear().domain([0, model.errorsMax]).nice().range([height - MARGIN.bottom, MARGIN.top]);
  axes(chart, x, y, height, width, 'errors', (v) => formatPercent(v));
  if (model.slo.errors !== undefined) {
    const g = chart.append('g').attr('class', 'rb-slo rb-slo-errors').attr('data-share', model.slo.errors);
    g.append('line').attr('class', 'rb-slo-line').attr('x1', MARGIN.left).attr('x2', width - MARGIN.right).attr('y1', y(model.slo.errors)).attr('y2', y(model.slo.errors));
    g.append('text').attr('class', 'rb-slo-label').attr('x', width - MARGIN.right).attr('y', y(model.slo.errors) - 4).attr('text-anchor', 'end').text(`SLO errors < ${formatPercent(model.slo.errors)}`);
  }
  const path = line<CapacityPoint>().x((p) => x(p.rate)).y((p) => y(p.errors));
  for (const s of model.series) {
    const g = variantGroup(chart, s);
    g.append('path').attr('class', 'rb-line rb-errors-line').attr('d', path(s.points) ?? '').style('stroke', seriesColor(s.colorIndex));
    // Reached by Tab in the latency chart already: these repeat the same steps for the eye only.
    points(g, s, x, y, (p) => p.errors, Infinity, false);
  }
}

function variantGroup(chart: Svg, s: CapacitySeries) {
  return chart.append('g').attr('class', 'rb-variant').attr('data-variant', s.name).attr('data-index', s.colorIndex);
}

function points(
  g: ReturnType<typeof variantGroup>,
  s: CapacitySeries,
  x: Scale,
  y: (v: number) => number,
  value: (p: CapacityPoint) => number,
  top: number,
  focusable = true,
): void {
  const colour = seriesColor(s.colorIndex);
  const dots = g
    .selectAll('circle')
    .data(s.points)
    .join('circle')
    .attr('class', (p) => `rb-point ${p.holds ? 'rb-holds' : 'rb-broken'}${value(p) > top ? ' rb-clipped' : ''}`)
    .attr('data-rate', (p) => p.rate)
    .attr('cx', (p) => x(p.rate))
    .attr('cy', (p) => y(value(p)))
    .attr('r', 4)
    .style('stroke', colour)
    // Hollow (the page's background inside) where the step broke the SLO.
    .style('fill', (p) => (p.holds ? colour : 'var(--rb-bg)'))
    .on('mousemove', (event: MouseEvent, p) => showTooltip(event, pointLines(s, p)))
    .on('mouseleave', hideTooltip);
  if (!focusable) {
    dots.attr('aria-hidden', 'true');
    return;
  }
  dots
    .attr('tabindex', 0)
    .attr('role', 'img')
    .attr('aria-label', (p) => pointLines(s, p).join(', '))
    .on('focus', function onFocus(_event: FocusEvent, p) {
      const r = (this as SVGCircleElement).getBoundingClientRect();
      showTooltip({ clientX: r.right, clientY: r.bottom } as MouseEvent, pointLines(s, p));
    })
    .on('blur', hideTooltip)
    .on('keydown', (event: KeyboardEvent) => {
      if (event.key === 'Escape') hideTooltip();
    });
  select(g.node()).attr('aria-label', `${s.name}: ${s.points.length} steps`);
}
