/**
 * Small DOM helpers every renderer uses. Strings from data only ever go in through d3's
 * `.text()` (textContent), never `.html()`, so a hostile endpoint name shows as text.
 */
import { select, type Selection } from 'd3';
import type { TableModel } from '../model/table';

export type Div = Selection<HTMLDivElement, unknown, null, undefined>;
export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

/** A section with a heading, a place for the chart and the accessible table below. */
export function section(parent: HTMLElement, title: string, className: string): Div {
  const s = select(parent).append('section').attr('class', `rb-section ${className}`);
  s.append('h2').text(title);
  return s.append('div').attr('class', 'rb-body') as unknown as Div;
}

export function svg(parent: Div, width: number, height: number, label: string): Svg {
  return parent
    .append('svg')
    .attr('class', 'rb-chart')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', width)
    .attr('height', height)
    .attr('role', 'img')
    .attr('aria-label', label) as unknown as Svg;
}

/** Width to draw at: the container's, within bounds, so the viewBox scales without blurring text. */
export function widthOf(el: Element | null, fallback = 720): number {
  const w = el?.clientWidth ?? 0;
  return Math.max(320, Math.min(1400, w > 0 ? w : fallback));
}

/**
 * The table under a chart; open when short, folded when long. A folded table gets its rows when
 * first opened: 1,000-row tables cost nothing until someone reads them.
 */
export function renderTable(parent: Div, model: TableModel, openBelow = 25): void {
  const details = parent.append('details').attr('class', 'rb-table');
  details.append('summary').text(`${model.caption} (${model.rows.length} rows)`);
  const t = details.append('table');
  // The summary shows the caption; the caption stays for screen readers.
  t.append('caption').attr('class', 'rb-sr-only').text(model.caption);
  t.append('thead')
    .append('tr')
    .selectAll('th')
    .data(model.columns)
    .join('th')
    .attr('scope', 'col')
    .classed('num', (_, i) => model.numeric[i])
    .text((d) => d);
  const body = t.append('tbody');
  const fill = () => {
    body
      .selectAll('tr')
      .data(model.rows)
      .join('tr')
      .selectAll('td')
      .data((r) => r)
      .join('td')
      .classed('num', (_, i) => model.numeric[i])
      .text((d) => d);
  };
  if (model.rows.length <= openBelow) {
    details.attr('open', '');
    fill();
  } else {
    details.on('toggle', function onFirstOpen() {
      if (!(this as HTMLDetailsElement).open) return;
      details.on('toggle', null);
      fill();
    });
  }
}

export function note(parent: Div, text: string): void {
  parent.append('p').attr('class', 'rb-note').text(text);
}
