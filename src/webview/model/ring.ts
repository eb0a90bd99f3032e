/**
 * The hash ring view: each endpoint's share of the hash space in its colour, where a sample of
 * keys lands, and, when an endpoint is removed or added, which arcs and keys move.
 *
 * Nothing here re-implements a strategy: the balancer is built by the engine's `createBalancer`
 * from the view's strategy, options and endpoints, the drawing comes from its `layout()`, and
 * every key's owner from its `ownerOf()`. "What moves" builds a second balancer without (or with)
 * the endpoint and compares `ownerOf` key by key.
 */
import { createBalancer } from '../../engine/registry';
import type { Endpoint, HashBalancer, HashLayout, StrategyName } from '../../engine/types';
import { isHashBalancer } from '../../engine/types';
import type { RingView } from '../../protocol/webview';
import { formatCount, formatPercent } from '../../result/format';
import { keyPosition } from './key-position';
import { changedArcs, downsample, downsampleArcs, lengthOf, ringSegments, spaceByOwner, tableSegments, type Arcs, type Segments } from './ring-segments';
import { table, type TableModel } from './table';

/** Arcs drawn at most: 160,000 ring points become at most this many paths. */
export const MAX_ARCS = 4096;

export interface RingEndpoint {
  id: string;
  address: string;
  weight: number;
  colorIndex: number;
  state: 'kept' | 'removed' | 'added';
  /** Ring points or table cells it owns (0 for rendezvous). */
  points: number;
  /** Fraction of the hash space it owns; for rendezvous, of the sample keys. */
  space: number;
  /** Sample keys it owns now. */
  keys: number;
}

export interface RingKey {
  key: string;
  /** Where the key hashes, in [0, 1). */
  position: number;
  /** Endpoint index now, and before the change (same when nothing changed); -1 for nobody. */
  owner: number;
  before: number;
  moved: boolean;
}

export interface RingChange {
  removed?: string;
  added?: string;
  /** Sample keys whose owner changed: the engine's own answer. */
  moved: number;
  sampled: number;
  /** Fraction of the hash space that changed owner; null for rendezvous (no positions). */
  movedSpace: number | null;
  /** The changed pieces, downsampled, owned by their new owner. */
  arcs: Arcs;
}

export interface RingModel {
  strategy: string;
  kind: HashLayout['kind'];
  endpoints: RingEndpoint[];
  /** Ownership now, downsampled; for rendezvous, sectors by share of the sample keys. */
  arcs: Arcs;
  /** Ring points or table cells in the layout (0 for rendezvous). */
  points: number;
  keys: RingKey[];
  change?: RingChange;
  table: TableModel;
}

/** A built balancer and what every later change compares against (built once per view). */
export interface RingBase {
  view: RingView;
  balancer: HashBalancer;
  layout: HashLayout;
  segments: Segments | null;
  owners: Int32Array;
  positions: Float64Array;
}

export type RingEdit = { remove: string } | { add: { id: string; address: string; weight: number } };

export function buildHashBalancer(view: RingView, endpoints: readonly Endpoint[]): HashBalancer {
  const b = createBalancer(view.strategy as StrategyName, endpoints, { ...view.options });
  if (!isHashBalancer(b)) throw new Error(`${view.strategy} is not a hash strategy: it has no ring to draw`);
  return b;
}

export function prepareRing(view: RingView): RingBase {
  const balancer = buildHashBalancer(view, view.endpoints);
  const layout = balancer.layout();
  const index = new Map(view.endpoints.map((ep, i) => [ep.id, i]));
  const segments = segmentsOf(layout, index);
  const positions = Float64Array.from(view.sampleKeys, (k) => keyPosition(layout, k));
  const owners = ownersOf(balancer, view.sampleKeys, index);
  return { view, balancer, layout, segments, owners, positions };
}

export function ringModel(base: RingBase, edit?: RingEdit, maxArcs = MAX_ARCS): RingModel {
  const { view } = base;
  const all: { id: string; address: string; weight: number }[] = [...view.endpoints];
  if (edit && 'add' in edit) all.push(edit.add);
  const index = new Map(all.map((ep, i) => [ep.id, i]));

  let layout = base.layout;
  let segments = base.segments;
  let owners = base.owners;
  let change: RingChange | undefined;
  if (edit) {
    const after = 'remove' in edit ? view.endpoints.filter((ep) => ep.id !== edit.remove) : all;
    const b = buildHashBalancer(view, after);
    layout = b.layout();
    segments = segmentsOf(layout, index);
    owners = ownersOf(b, view.sampleKeys, index);
    let moved = 0;
    for (let i = 0; i < owners.length; i++) if (owners[i] !== base.owners[i]) moved++;
    const changed = segments && base.segments ? changedArcs(base.segments, segments) : null;
    change = {
      ...('remove' in edit ? { removed: edit.remove } : { added: edit.add.id }),
      moved,
      sampled: owners.length,
      movedSpace: changed ? lengthOf(changed) : null,
      arcs: changed ? downsampleArcs(changed, maxArcs) : empty(),
    };
  }

  const keyCounts = new Float64Array(all.length);
  for (const o of owners) if (o >= 0) keyCounts[o]++;
  const space = segments ? spaceByOwner(segments, all.length) : keyCounts.map((c) => (owners.length ? c / owners.length : 0));
  const points = pointsByOwner(layout, index, all.length);
  const removed = edit && 'remove' in edit ? edit.remove : undefined;
  const added = edit && 'add' in edit ? edit.add.id : undefined;
  const endpoints: RingEndpoint[] = all.map((ep, i) => ({
    id: ep.id,
    address: ep.address,
    weight: ep.weight,
    colorIndex: i,
    state: ep.id === removed ? 'removed' : ep.id === added ? 'added' : 'kept',
    points: points[i],
    space: space[i],
    keys: keyCounts[i],
  }));
  const keys: RingKey[] = view.sampleKeys.map((key, i) => ({
    key,
    position: base.positions[i],
    owner: owners[i],
    before: base.owners[i],
    moved: owners[i] !== base.owners[i],
  }));
  const arcs = segments ? downsample(segments, maxArcs) : keySectors(keyCounts);

  return {
    strategy: view.strategy,
    kind: layout.kind,
    endpoints,
    arcs,
    points: layout.kind === 'hrw' ? 0 : layout.owners.length,
    keys,
    change,
    table: table(
      `Endpoints on the ${view.strategy} ${layout.kind === 'table' ? 'table' : layout.kind === 'ring' ? 'ring' : 'pool (highest random weight: no ring)'}`,
      ['Endpoint', 'Weight', layout.kind === 'table' ? 'Cells' : 'Points', layout.kind === 'hrw' ? 'Share of keys' : 'Share of hash space', 'Sample keys', 'State'],
      endpoints.map((ep) => [ep.id, String(ep.weight), layout.kind === 'hrw' ? '-' : formatCount(ep.points), formatPercent(ep.space, 2), formatCount(ep.keys), ep.state]),
    ),
  };
}

function segmentsOf(layout: HashLayout, index: Map<string, number>): Segments | null {
  if (layout.kind === 'hrw') return null;
  const toIndex = (o: number) => index.get(layout.endpointIds[o]) ?? -1;
  return layout.kind === 'ring' ? ringSegments(layout.positions, layout.owners, toIndex) : tableSegments(layout.owners, toIndex);
}

function ownersOf(b: HashBalancer, keys: readonly string[], index: Map<string, number>): Int32Array {
  return Int32Array.from(keys, (k) => {
    const id = b.ownerOf(k);
    return id === undefined ? -1 : (index.get(id) ?? -1);
  });
}

function pointsByOwner(layout: HashLayout, index: Map<string, number>, n: number): Float64Array {
  const out = new Float64Array(n);
  if (layout.kind === 'hrw') return out;
  const map = Int32Array.from(layout.endpointIds, (id) => index.get(id) ?? -1);
  for (const o of layout.owners) {
    const i = map[o];
    if (i >= 0) out[i]++;
  }
  return out;
}

/** Rendezvous has no ring: sectors sized by each endpoint's share of the sample keys. */
function keySectors(counts: Float64Array): Arcs {
  const total = counts.reduce((a, b) => a + b, 0);
  const starts: number[] = [];
  const ends: number[] = [];
  const who: number[] = [];
  let at = 0;
  counts.forEach((c, i) => {
    if (c === 0 || total === 0) return;
    starts.push(at);
    at += c / total;
    ends.push(at);
    who.push(i);
  });
  return { starts: Float64Array.from(starts), ends: Float64Array.from(ends), owners: Int32Array.from(who) };
}

function empty(): Arcs {
  return { starts: new Float64Array(0), ends: new Float64Array(0), owners: new Int32Array(0) };
}
