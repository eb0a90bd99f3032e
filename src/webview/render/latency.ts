/** Draws the percentile plot: one curve per endpoint and the total, log x axis of 1/(1-p). */
import { axisBottom, axisLeft, line, scaleLinear, scaleLog } from 'd3';
import { formatCount, formatMsSpaced, formatPercentile } from '../../result/format';
import type { LatencyCurve, LatencyModel, LatencyPoint } from '../model/latency';
import { note, renderTable, svg, widthOf, type Div } from './dom';
import { seriesColor } from './theme';
import { hideTooltip, showTooltip } from './tooltip';

export interface LatencyScale {
  xMax?: number;
  msMax?: number;
  width?: number;
}

export function renderLatency(body: Div, model: LatencyModel, scale: LatencyScale = {}): void {
  const width = scale.width ?? widthOf(body.node());
  const margin = { top: 14, right: 20, bottom: 40, left: 64 };
  const height = 300;
  const curves = [...model.endpoints, model.total];
  const chart = svg(body, width, height, `Latency by percentile for ${model.endpoints.length} endpoints and the total`);
  chart.classed('rb-latency', true);

  const xMax = scale.xMax ?? model.xMax;
  const x = scaleLog().domain([1, xMax]).range([margin.left, width - margin.right]);
  const y = scaleLinear().domain([0, (scale.msMax ?? model.msMax) * 1.05]).nice().range([height - margin.bottom, margin.top]);

  // 0%, 50%, then a tick per nine: 90%, 99%, 99.9%, ... and the max.
  const decades: number[] = [1, 2];
  for (let v = 10; v <= xMax; v *= 10) decades.push(v);
  chart
    .append('g')
    .attr('class', 'rb-axis')
    .attr('transform', `translate(0,${height - margin.bottom})`)
    .call(
      axisBottom(x)
        .tickValues(decades)
        .tickFormat((d) => (Number(d) >= xMax ? 'max' : formatPercentile(1 - 1 / Number(d)))),
    )
    .append('text')
    .attr('class', 'rb-axis-title')
    .attr('x', width - margin.right)
    .attr('y', 32)
    .attr('text-anchor', 'end')
    .text('percentile');
  chart
    .append('g')
    .attr('class', 'rb-axis')
    .attr('transform', `translate(${margin.left},0)`)
    .call(axisLeft(y).ticks(5).tickFormat((d) => formatMsSpaced(Number(d))));

  const path = line<LatencyPoint>()
    .x((d) => x(d.x))
    .y((d) => y(d.ms));
  chart
    .append('g')
    .attr('class', 'rb-lines')
    .selectAll('path')
    .data(curves)
    .join('path')
    .attr('class', (c) => (c.colorIndex < 0 ? 'rb-line rb-curve rb-total' : 'rb-line rb-curve'))
    .attr('data-id', (c) => c.id)
    .attr('data-points', (c) => c.points.length)
    .attr('d', (c) => path(c.points) ?? '')
    .style('stroke', (c) => seriesColor(c.colorIndex))
    .on('mousemove', (event: MouseEvent, c: LatencyCurve) => showTooltip(event, tipLines(event, c, x.invert.bind(x), chart.node())))
    .on('mouseleave', hideTooltip);

  if (model.hiddenEndpoints > 0) {
    note(body, `Curves for the ${model.endpoints.length} busiest endpoints and the total; the table lists all ${model.endpoints.length + model.hiddenEndpoints}.`);
  }
  for (const p of model.problems) note(body, `Could not read a histogram: ${p}`);
  renderTable(body, model.table);
}

/** The curve's name and its value at the percentile under the pointer. */
function tipLines(event: MouseEvent, c: LatencyCurve, invert: (px: number) => number, svgEl: SVGSVGElement | null): string[] {
  const lines = [c.label, `${formatCount(c.count)} samples`];
  if (!svgEl || c.points.length === 0) return lines;
  const box = svgEl.getBoundingClientRect();
  const vb = svgEl.viewBox.baseVal;
  const px = ((event.clientX - box.left) / box.width) * vb.width;
  const xv = invert(px);
  let best = c.points[0];
  for (const pt of c.points) if (Math.abs(Math.log(pt.x) - Math.log(xv)) < Math.abs(Math.log(best.x) - Math.log(xv))) best = pt;
  lines.push(`${best.p >= 1 ? 'max' : formatPercentile(best.p)}: ${formatMsSpaced(best.ms)}`);
  return lines;
}
