/** A capacity result: the ranking of variants by capacity at the SLO, then their curves. */
import { select } from 'd3';
import type { CapacityResult } from '../../result/capacity';
import { capacityModel } from '../model/capacity';
import { renderCapacity } from '../render/capacity';
import { section, widthOf } from '../render/dom';
import type { ViewHooks } from './result';

export function renderCapacityView(root: HTMLElement, result: CapacityResult, hooks: ViewHooks = {}): void {
  const model = capacityModel(result);
  const header = select(root).append('header').attr('class', 'rb-header');
  header.append('h1').text(model.title);
  if (result.status !== 'ok') header.append('span').attr('class', `rb-status-${result.status === 'partial' ? 'cancelled' : result.status}`).text(result.status);
  if (hooks.onExport) {
    const onExport = hooks.onExport;
    header.append('button').attr('type', 'button').attr('class', 'rb-export').text('Export as JSON').on('click', () => onExport());
  }
  header.append('p').attr('class', 'rb-summary').text(model.summary);
  const width = widthOf(root);
  renderCapacity(section(root, 'Latency against offered load', 'rb-section-capacity'), model, { width });
}
