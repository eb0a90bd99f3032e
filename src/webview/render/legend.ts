/**
 * Draws a line chart's legend right under its chart: a button per line (keyboard reachable,
 * `aria-pressed`), with a swatch in the line's colour and dash. Pressing one hides or shows that
 * line in this chart only, so a crowded chart can be read one endpoint at a time.
 */
import { select } from 'd3';
import type { LegendItem } from '../model/legend';
import type { Div } from './dom';
import { seriesColor } from './theme';

export function renderLegend(body: Div, items: readonly LegendItem[], title: string): void {
  const host = body.node();
  const chart = host?.querySelector('svg.rb-chart');
  if (!host || !chart) return;
  const list = host.ownerDocument.createElement('ul');
  chart.after(list);
  const ul = select(list).attr('class', 'rb-legend').attr('aria-label', `${title}: press to hide or show a line`);
  const buttons = ul
    .selectAll('li')
    .data(items)
    .join('li')
    .append('button')
    .attr('type', 'button')
    .attr('class', 'rb-legend-item')
    .attr('aria-pressed', 'true')
    .attr('data-match', (d) => `${d.match.attr}=${d.match.value}`);
  const swatch = buttons.append('svg').attr('class', 'rb-legend-swatch').attr('width', 22).attr('height', 10).attr('aria-hidden', 'true');
  swatch
    .append('line')
    .attr('class', (d) => `rb-legend-line rb-dash-${d.dash}`)
    .attr('x1', 1)
    .attr('x2', 21)
    .attr('y1', 5)
    .attr('y2', 5)
    .style('stroke', (d) => seriesColor(d.colorIndex));
  buttons.append('span').text((d) => d.label);
  buttons.on('click', function onToggle(_event: MouseEvent, d: LegendItem) {
    const shown = this.getAttribute('aria-pressed') !== 'true';
    this.setAttribute('aria-pressed', String(shown));
    chart.querySelectorAll('.rb-line').forEach((el) => {
      if (el.getAttribute(d.match.attr) === d.match.value && (d.match.attr === 'data-series' || !el.hasAttribute('data-series'))) {
        el.classList.toggle('rb-series-hidden', !shown);
      }
    });
  });
}
