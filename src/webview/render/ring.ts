/**
 * Draws the hash ring: a band of arcs in each endpoint's colour, an outer band marking what
 * changed owner after a click, and the sample keys as dots inside (moved keys ringed).
 * One path per endpoint, so 1,000 endpoints are 1,000 elements however many arcs they own.
 */
import { select } from 'd3';
import { formatCount, formatPercent } from '../../result/format';
import { keyspaceBars } from '../model/keyspace-bar';
import type { RingEndpoint, RingModel } from '../model/ring';
import type { Arcs } from '../model/ring-segments';
import { renderTable, svg, type Div } from './dom';
import { renderKeyspaceBar } from './keyspace-bar';
import { seriesColor } from './theme';
import { hideTooltip, showTooltip } from './tooltip';

export interface RingActions {
  /** Clicked an endpoint that is on the ring: show what moves without it. */
  remove(id: string): void;
  /** Undo the current change. */
  reset(): void;
  /** Add a new endpoint and show what moves to it. */
  add(): void;
}

const TAU = Math.PI * 2;

/** Annulus sector from fraction a to b of the circle (0 at 12 o'clock, clockwise). */
function sector(cx: number, cy: number, r0: number, r1: number, a: number, b: number): string {
  if (b - a >= 1 - 1e-9) {
    // A full circle cannot be one SVG arc: draw it as two halves.
    return sector(cx, cy, r0, r1, 0, 0.5) + sector(cx, cy, r0, r1, 0.5, 1);
  }
  const t0 = a * TAU - Math.PI / 2;
  const t1 = b * TAU - Math.PI / 2;
  const large = b - a > 0.5 ? 1 : 0;
  const p = (r: number, t: number) => `${(cx + r * Math.cos(t)).toFixed(2)},${(cy + r * Math.sin(t)).toFixed(2)}`;
  return `M${p(r1, t0)}A${r1},${r1} 0 ${large} 1 ${p(r1, t1)}L${p(r0, t1)}A${r0},${r0} 0 ${large} 0 ${p(r0, t0)}Z`;
}

/** One path string per owner. */
function pathsByOwner(arcs: Arcs, cx: number, cy: number, r0: number, r1: number): Map<number, string> {
  const parts = new Map<number, string[]>();
  for (let i = 0; i < arcs.starts.length; i++) {
    const o = arcs.owners[i];
    let list = parts.get(o);
    if (!list) parts.set(o, (list = []));
    list.push(sector(cx, cy, r0, r1, arcs.starts[i], arcs.ends[i]));
  }
  return new Map([...parts].map(([o, l]) => [o, l.join('')]));
}

export function renderRing(body: Div, model: RingModel, availableWidth: number, actions: RingActions): void {
  const width = Math.min(availableWidth, 640);
  const height = width;
  const cx = width / 2;
  const cy = height / 2;
  const outer = width / 2 - 14;
  const band = Math.max(14, outer * 0.14);
  const r1 = outer - 12;
  const r0 = r1 - band;
  const rk = r0 - 10;
  const byIndex = model.endpoints;

  status(body, model);
  const controls = body.append('div').attr('class', 'rb-ring-controls');
  controls.append('button').attr('type', 'button').attr('class', 'rb-add').text('Add an endpoint').on('click', () => actions.add());
  if (model.change) controls.append('button').attr('type', 'button').attr('class', 'rb-reset').text('Undo').on('click', () => actions.reset());

  // The circle and its share bars side by side; they wrap below it in a narrow panel.
  const row = body.append('div').attr('class', 'rb-ring-row') as unknown as Div;
  const chart = svg(row, width, height, `${model.strategy}: ${model.endpoints.length} endpoints, ${model.points} points, ${model.keys.length} sample keys`);
  // Thousands of thin arcs: outlines between them would paint the ring in the background colour.
  chart.classed('rb-ring', true).classed('rb-dense', model.arcs.starts.length > 400).attr('data-kind', model.kind);

  const tipFor = (ep: RingEndpoint) => [
    ep.id,
    ep.address,
    `weight ${ep.weight}, ${model.kind === 'table' ? 'cells' : 'points'} ${formatCount(ep.points)}`,
    `${model.kind === 'hrw' ? 'keys' : 'hash space'} ${formatPercent(ep.space, 2)}, sample keys ${formatCount(ep.keys)}`,
    ep.state === 'removed' ? 'removed (click Undo to restore)' : 'click to remove it and see what moves',
  ];

  const arcPaths = [...pathsByOwner(model.arcs, cx, cy, r0, r1)].filter(([o]) => o >= 0);
  chart
    .append('g')
    .attr('class', 'rb-arcs')
    .selectAll('path')
    .data(arcPaths)
    .join('path')
    .attr('class', 'rb-arc')
    .attr('data-id', ([o]) => byIndex[o].id)
    .attr('d', ([, d]) => d)
    .style('fill', ([o]) => seriesColor(byIndex[o].colorIndex))
    .on('mousemove', (event: MouseEvent, [o]) => showTooltip(event, tipFor(byIndex[o])))
    .on('mouseleave', hideTooltip)
    .on('click', (_event: MouseEvent, [o]) => {
      hideTooltip();
      actions.remove(byIndex[o].id);
    });

  if (model.change && model.change.arcs.starts.length > 0) {
    // The outer band shows only what changed owner, in the colour of its new owner.
    chart.append('circle').attr('class', 'rb-moved-band').attr('cx', cx).attr('cy', cy).attr('r', r1 + 3);
    const moved = [...pathsByOwner(model.change.arcs, cx, cy, r1 + 4, outer)];
    chart
      .append('g')
      .attr('class', 'rb-moved-arcs')
      .selectAll('path')
      .data(moved)
      .join('path')
      .attr('class', 'rb-moved-arc')
      .attr('d', ([, d]) => d)
      .style('fill', ([o]) => (o >= 0 ? seriesColor(byIndex[o].colorIndex) : 'none'));
  }

  // Keys: one circle each (up to 1,000 sample keys), moved keys drawn last so they sit on top.
  const keys = [...model.keys].sort((a, b) => Number(a.moved) - Number(b.moved));
  chart
    .append('g')
    .attr('class', 'rb-keys')
    .selectAll('circle')
    .data(keys)
    .join('circle')
    .attr('class', (k) => (k.moved ? 'rb-key rb-key-moved' : 'rb-key'))
    .attr('cx', (k) => cx + rk * Math.cos(k.position * TAU - Math.PI / 2))
    .attr('cy', (k) => cy + rk * Math.sin(k.position * TAU - Math.PI / 2))
    .attr('r', (k) => (k.moved ? 4 : 2.5))
    .style('fill', (k) => (k.owner >= 0 ? seriesColor(byIndex[k.owner].colorIndex) : 'none'))
    .on('mousemove', (event: MouseEvent, k) =>
      showTooltip(event, [
        `key ${k.key}`,
        k.owner >= 0 ? `on ${byIndex[k.owner].id}` : 'no owner',
        ...(k.moved ? [`moved from ${k.before >= 0 ? byIndex[k.before].id : 'nobody'}`] : []),
      ]),
    )
    .on('mouseleave', hideTooltip);

  chart
    .append('text')
    .attr('class', 'rb-ring-center')
    .attr('x', cx)
    .attr('y', cy)
    .attr('text-anchor', 'middle')
    .attr('dominant-baseline', 'middle')
    .text(model.strategy);

  renderKeyspaceBar(row, keyspaceBars(model), { press: (id, state) => (state === 'kept' ? actions.remove(id) : actions.reset()) });
  legend(body, model, actions);
  renderTable(body, model.table);
}

function status(body: Div, model: RingModel): void {
  const p = body.append('p').attr('class', 'rb-ring-status').attr('role', 'status').attr('aria-live', 'polite');
  const c = model.change;
  if (!c) {
    p.text(`Click an endpoint's arc (or its button below) to see which keys move if it leaves; ${formatCount(model.keys.length)} sample keys.`);
    return;
  }
  p.attr('data-moved', c.moved).attr('data-sampled', c.sampled);
  const what = c.removed !== undefined ? `Removing ${c.removed}` : `Adding ${c.added ?? ''}`;
  const space = c.movedSpace === null ? '' : `; ${formatPercent(c.movedSpace, 2)} of the hash space changes owner`;
  p.text(`${what} moves ${formatCount(c.moved)} of ${formatCount(c.sampled)} sample keys (${formatPercent(c.sampled ? c.moved / c.sampled : 0, 1)})${space}.`);
}

function legend(body: Div, model: RingModel, actions: RingActions): void {
  const many = model.endpoints.length > 40;
  const host = many ? (body.append('details').attr('class', 'rb-legend-fold') as unknown as Div) : body;
  if (many) host.append('summary').text(`Endpoints (${model.endpoints.length})`);
  const list = host.append('ul').attr('class', 'rb-ring-legend');
  const fill = () => {
    const button = list
      .selectAll('li')
      .data(model.endpoints)
      .join('li')
      .append('button')
      .attr('type', 'button')
      .attr('class', (ep) => `rb-endpoint rb-${ep.state}`)
      .attr('data-id', (ep) => ep.id)
      .attr('aria-pressed', (ep) => String(ep.state === 'removed'))
      .on('click', (_event: MouseEvent, ep) => (ep.state === 'kept' ? actions.remove(ep.id) : actions.reset()));
    button
      .append('span')
      .attr('class', 'rb-swatch')
      .attr('aria-hidden', 'true')
      .each(function (ep) {
        select(this).style('background', seriesColor(ep.colorIndex));
      });
    button.append('span').text((ep) => (ep.state === 'kept' ? ep.id : `${ep.id} (${ep.state})`));
  };
  if (!many) fill();
  else {
    // A thousand buttons are made when the list is first opened, not on every redraw.
    host.on('toggle', function onFirstOpen(this: HTMLElement) {
      if (!(this as HTMLDetailsElement).open) return;
      host.on('toggle', null);
      fill();
    });
  }
}
