/**
 * Draws the live dashboard and redraws it in place: the skeleton (header, Cancel button, two
 * charts, the recent-events list) is built once, then every frame updates attributes and d3 joins
 * keyed by endpoint id, so a frame adds no node unless an endpoint or an event is new. Axes use a
 * fixed number of ticks for the same reason.
 */
import { axisBottom, axisLeft, line, scaleBand, scaleLinear, select, type Selection } from 'd3';
import { formatCount, formatMsSpaced, formatPercent, formatRate, formatSeconds } from '../../result/format';
import type { RunEvent } from '../../result/types';
import { eventLabel, evenTicks, stableTop, liveBars, liveTimeline, liveTimelineEnd, type LiveBar, type LiveModel, type LiveSample, type LiveSeries } from '../model/live';
import { section, svg, widthOf, type Svg } from './dom';
import { eventColor, seriesColor } from './theme';
import { hideTooltip, showTooltip } from './tooltip';

type G = Selection<SVGGElement, unknown, null, undefined>;

const BARS = { height: 220, margin: { top: 12, right: 12, bottom: 24, left: 52 } };
const TIME = { panel: 140, gap: 24, margin: { top: 20, right: 16, bottom: 28, left: 60 } };
/** The recent-events list under the timeline; the timeline's markers keep every event. */
const RECENT_EVENTS = 6;

export class LiveView {
  readonly root: HTMLElement;
  private readonly width: number;
  private readonly title;
  private readonly summary;
  private readonly cancel;
  private readonly canCancel: boolean;
  private readonly bars: G;
  private readonly fair;
  private readonly shareAxis: G;
  private readonly tAxis: G;
  private readonly pAxis: G;
  private readonly xAxis: G;
  private readonly tLines: G;
  private readonly pLines: G;
  private readonly markers: G;
  private readonly recent;
  private drawnVersion = -1;
  private drawnXMax = -1;
  private drawnEvents = -1;
  private shareTop = 0;
  /** The endpoints the bars were placed for: x and width change only with them. */
  private placedFor = '';
  private throughputTop = 0;
  private p99Top = 0;

  constructor(root: HTMLElement, onCancel: (() => void) | undefined) {
    this.root = root;
    this.width = widthOf(root);
    this.canCancel = onCancel !== undefined;
    const header = select(root).append('header').attr('class', 'rb-header rb-live');
    this.title = header.append('h1');
    header.append('span').attr('class', 'rb-status-running').text('running');
    this.cancel = header.append('button').attr('type', 'button').attr('class', 'rb-cancel').text('Cancel').property('hidden', !onCancel);
    if (onCancel) {
      this.cancel.on('click', () => {
        this.cancel.property('disabled', true).text('Cancelling…');
        onCancel();
      });
    }
    this.summary = header.append('p').attr('class', 'rb-summary');

    const share = svg(section(root, 'Load per endpoint', 'rb-section-distribution'), this.width, BARS.height, 'Share of requests per endpoint, beside each fair share, so far');
    share.classed('rb-distribution rb-live-chart', true);
    this.shareAxis = share.append('g').attr('class', 'rb-axis').attr('transform', `translate(${BARS.margin.left},0)`);
    this.bars = share.append('g').attr('class', 'rb-bars');
    this.fair = share.append('path').attr('class', 'rb-fair');

    const m = TIME.margin;
    const height = m.top + 2 * TIME.panel + TIME.gap + m.bottom;
    const time = svg(section(root, 'Over time', 'rb-section-timeline'), this.width, height, 'Throughput and p99 per endpoint so far');
    time.classed('rb-timeline rb-live-chart', true);
    this.tAxis = axisGroup(time, m.left, 'requests/s', m.top);
    this.pAxis = axisGroup(time, m.left, 'p99', m.top + TIME.panel + TIME.gap);
    this.xAxis = time.append('g').attr('class', 'rb-axis rb-axis-time').attr('transform', `translate(0,${height - m.bottom})`);
    this.tLines = time.append('g').attr('class', 'rb-lines rb-throughput');
    this.pLines = time.append('g').attr('class', 'rb-lines rb-p99');
    this.markers = time.append('g').attr('class', 'rb-markers');
    this.recent = select(root).select('.rb-section-timeline .rb-body').append('ul').attr('class', 'rb-live-events');
  }

  draw(model: LiveModel): void {
    const l = model.latest;
    if (!l) return;
    this.title.text(`Live: ${l.label}`);
    const of = l.totalMs ? ` of ${formatSeconds(l.totalMs)}` : '';
    this.summary.text(`${formatSeconds(l.elapsedMs)}${of}: ${formatCount(l.requests)} requests, ${formatCount(l.errors)} errors, ${formatRate(l.throughput)}, p99 ${formatMsSpaced(l.p99)}`);
    this.cancel.property('hidden', !(l.cancellable && this.canCancel));
    this.drawBars(model);
    // Three ticks in four close no interval: the timeline is then as it was.
    const xMax = liveTimelineEnd(model);
    if (model.intervalsVersion !== this.drawnVersion || xMax !== this.drawnXMax || model.events.length !== this.drawnEvents) {
      this.drawTimeline(model);
      this.drawnVersion = model.intervalsVersion;
      this.drawnXMax = xMax;
      this.drawnEvents = model.events.length;
    }
  }

  private drawBars(model: LiveModel): void {
    const { bars, maxShare } = liveBars(model);
    const m = BARS.margin;
    const right = Math.min(this.width - m.right, m.left + bars.length * 90 + 20);
    const x = scaleBand<string>().domain(bars.map((b) => b.id)).range([m.left, right]).paddingInner(bars.length > 200 ? 0 : 0.2).paddingOuter(0.1);
    this.shareTop = Math.min(1, stableTop(this.shareTop, maxShare));
    const y = scaleLinear().domain([0, this.shareTop]).range([BARS.height - m.bottom, m.top]);
    const bw = Math.max(0.5, x.bandwidth());
    this.shareAxis.call(axisLeft(y).tickValues(evenTicks(this.shareTop, 5)).tickFormat((d) => formatPercent(Number(d))));
    const placedFor = `${bars.length}:${bars.at(-1)?.id ?? ''}`;
    const place = placedFor !== this.placedFor;
    this.placedFor = placedFor;
    const rects = this.bars
      .selectAll<SVGRectElement, unknown>('rect')
      .data(bars, (b) => (b as { id: string }).id)
      .join((enter) =>
        enter
          .append('rect')
          .attr('class', 'rb-bar')
          .attr('data-id', (b) => b.id)
          .style('fill', (b) => seriesColor(b.colorIndex))
          // The text is made on hover, from the datum the last frame bound: formatting 100 tooltips a frame would cost more than the drawing.
          .on('mousemove', (event: MouseEvent, b: LiveBar) =>
            showTooltip(event, [b.id, `share ${formatPercent(b.share)} (fair ${formatPercent(b.fairShare)})`, `requests ${formatCount(b.requests)}, errors ${formatCount(b.errors)}`, `p99 ${formatMsSpaced(b.p99)} (last interval)`]),
          )
          .on('mouseleave', hideTooltip),
      )
      .attr('y', (b) => y(b.share))
      .attr('height', (b) => Math.max(0, y(0) - y(b.share)));
    if (place) rects.attr('x', (b) => x(b.id) ?? 0).attr('width', bw);
    // One path for every fair-share tick, as in the result's chart.
    this.fair.attr('d', bars.map((b) => `M${((x(b.id) ?? 0) - 2).toFixed(1)},${y(b.fairShare).toFixed(1)}h${(bw + 4).toFixed(1)}`).join(''));
  }

  private drawTimeline(model: LiveModel): void {
    const tl = liveTimeline(model);
    const m = TIME.margin;
    const x = scaleLinear().domain([0, tl.xMax]).range([m.left, this.width - m.right]);
    const top = m.top;
    const bottom = m.top + TIME.panel + TIME.gap;
    this.throughputTop = stableTop(this.throughputTop, tl.throughputMax);
    this.p99Top = stableTop(this.p99Top, tl.p99Max);
    const yT = scaleLinear().domain([0, this.throughputTop]).range([top + TIME.panel, top]);
    const yP = scaleLinear().domain([0, this.p99Top]).range([bottom + TIME.panel, bottom]);
    this.tAxis.call(axisLeft(yT).tickValues(evenTicks(this.throughputTop, 5)).tickFormat((d) => formatRate(Number(d))));
    this.pAxis.call(axisLeft(yP).tickValues(evenTicks(this.p99Top, 5)).tickFormat((d) => formatMsSpaced(Number(d))));
    this.xAxis.call(axisBottom(x).tickValues(evenTicks(tl.xMax, 7)).tickFormat((d) => formatSeconds(Number(d))));
    drawLines(this.tLines, tl.series, x, yT, 'throughput');
    drawLines(this.pLines, tl.series, x, yP, 'p99');

    this.markers
      .selectAll<SVGLineElement, RunEvent>('line')
      .data(model.events)
      .join((enter) => enter.append('line').attr('class', 'rb-marker').call((l) => l.append('title')))
      .attr('data-type', (e) => e.type)
      .attr('x1', (e) => x(e.at))
      .attr('x2', (e) => x(e.at))
      .attr('y1', top)
      .attr('y2', bottom + TIME.panel)
      .style('stroke', (e) => eventColor(e.type))
      .select('title')
      .text((e) => `${formatSeconds(e.at)}: ${eventLabel(e)}`);
    this.recent
      .selectAll('li')
      .data(model.events.slice(-RECENT_EVENTS))
      .join('li')
      .text((e) => `${formatSeconds(e.at)}: ${eventLabel(e)}`);
  }
}

function axisGroup(chart: Svg, left: number, title: string, top: number): G {
  const g = chart.append('g').attr('class', 'rb-axis').attr('transform', `translate(${left},0)`);
  chart.append('text').attr('class', 'rb-axis-title').attr('x', left + 6).attr('y', top + 2).attr('dominant-baseline', 'hanging').text(title);
  return g;
}

function drawLines(g: G, series: LiveSeries[], x: (v: number) => number, y: (v: number) => number, field: 'throughput' | 'p99'): void {
  const path = line<LiveSample>()
    .digits(1)
    .defined((d) => Number.isFinite(d[field]))
    .x((d) => x(d.t))
    .y((d) => y(d[field]));
  g.selectAll<SVGPathElement, LiveSeries>('path')
    .data(series, (s) => s.id)
    .join((enter) => enter.append('path').attr('data-id', (s) => s.id).attr('class', (s) => (s.colorIndex < 0 ? 'rb-line rb-total' : 'rb-line')).style('stroke', (s) => seriesColor(s.colorIndex)))
    .attr('d', (s) => path(s.samples) ?? '');
}
