/**
 * Draws the share-of-keyspace bars beside the ring: one button per row (Tab reaches each, Enter
 * does what a click on that endpoint's arc does), the bar in the endpoint's theme colour and a mark
 * at its fair share. Plain HTML, so high-contrast themes and zoom treat it as text.
 */
import type { KeyspaceBarModel } from '../model/keyspace-bar';
import { formatPercent } from '../../result/format';
import type { Div } from './dom';
import { seriesColor } from './theme';

export interface KeyspaceBarActions {
  /** Pressed a row of an endpoint on the ring (`kept`) or of the current change (`removed`, `added`). */
  press(id: string, state: 'kept' | 'removed' | 'added'): void;
}

export function renderKeyspaceBar(parent: Div, model: KeyspaceBarModel, actions: KeyspaceBarActions): void {
  const box = parent.append('div').attr('class', 'rb-keyspace');
  const titleId = 'rb-keyspace-title';
  box.append('h3').attr('id', titleId).text(model.title);
  const rows = box
    .append('ul')
    .attr('class', 'rb-keyspace-bars')
    .attr('aria-labelledby', titleId)
    .selectAll('li')
    .data(model.bars)
    .join('li')
    .append('button')
    .attr('type', 'button')
    .attr('class', (b) => `rb-keyspace-row rb-${b.state}`)
    .attr('data-id', (b) => b.id ?? null)
    .attr('aria-label', (b) => b.text)
    .attr('title', (b) => b.text)
    .property('disabled', (b) => b.id === undefined)
    .on('click', (_event: MouseEvent, b) => {
      if (b.id !== undefined && b.state !== 'rest') actions.press(b.id, b.state);
    });
  rows.append('span').attr('class', 'rb-keyspace-label').text((b) => b.label);
  const track = rows.append('span').attr('class', 'rb-keyspace-track').attr('aria-hidden', 'true');
  track
    .append('span')
    .attr('class', 'rb-keyspace-fill')
    .style('width', (b) => `${((100 * b.share) / model.scale).toFixed(2)}%`)
    .style('background', (b) => (b.colorIndex >= 0 ? seriesColor(b.colorIndex) : 'var(--rb-muted)'));
  track
    .filter((b) => b.fairShare > 0)
    .append('span')
    .attr('class', 'rb-keyspace-fair')
    .style('left', (b) => `${((100 * b.fairShare) / model.scale).toFixed(2)}%`);
  rows.append('span').attr('class', 'rb-keyspace-value').attr('aria-hidden', 'true').text((b) => formatPercent(b.share, 1));
}
