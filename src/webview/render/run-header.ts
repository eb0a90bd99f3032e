/** Draws what was run as a definition list under the view's title (model/run-header.ts). */
import type { Selection } from 'd3';
import type { HeaderItem } from '../model/run-header';

export function renderRunHeader(parent: Selection<HTMLElement, unknown, null, undefined>, items: readonly HeaderItem[]): void {
  const dl = parent.append('dl').attr('class', 'rb-run-header').attr('aria-label', 'What was run');
  const row = dl
    .selectAll('div')
    .data(items)
    .join('div')
    .attr('class', 'rb-run-header-item')
    .attr('data-key', (d) => d.key);
  row.append('dt').text((d) => d.label);
  row.append('dd').text((d) => d.value);
}
