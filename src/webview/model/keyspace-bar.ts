/**
 * The ring's share-of-keyspace bars: a ring of 1,760 slivers shows who owns the circle but not by
 * how much, so beside it each endpoint gets a bar of its share of the hash space (of the sample
 * keys for rendezvous) with a mark at its fair share, its weight over the weights on the ring. The
 * largest shares come first; past MAX_BARS the rest are one row, so a 1,000-endpoint pool stays a
 * short list.
 */
import { formatPercent, formatRatio } from '../../result/format';
import type { RingEndpoint, RingModel } from './ring';

export const MAX_BARS = 24;

export interface KeyspaceBar {
  /** Endpoint id; undefined for the row of the rest. */
  id?: string;
  label: string;
  colorIndex: number;
  state: RingEndpoint['state'] | 'rest';
  share: number;
  fairShare: number;
  /** share / fair share; NaN when the fair share is 0 (a removed endpoint). */
  ratio: number;
  /** What a screen reader says and the tooltip shows. */
  text: string;
}

export interface KeyspaceBarModel {
  title: string;
  /** The axis' end: bars are drawn as a fraction of it, so the largest share or fair share fills the row. */
  scale: number;
  bars: KeyspaceBar[];
}

export function keyspaceBars(model: RingModel, max = MAX_BARS): KeyspaceBarModel {
  const onRing = model.endpoints.filter((ep) => ep.state !== 'removed');
  const totalWeight = onRing.reduce((s, ep) => s + ep.weight, 0);
  const what = model.kind === 'hrw' ? 'sample keys' : 'hash space';
  const bar = (ep: RingEndpoint): KeyspaceBar => {
    const fairShare = ep.state === 'removed' || totalWeight === 0 ? 0 : ep.weight / totalWeight;
    const ratio = fairShare > 0 ? ep.space / fairShare : NaN;
    const state = ep.state === 'kept' ? '' : ` (${ep.state})`;
    return {
      id: ep.id,
      label: `${ep.id}${state}`,
      colorIndex: ep.colorIndex,
      state: ep.state,
      share: ep.space,
      fairShare,
      ratio,
      text: `${ep.id}${state}: ${formatPercent(ep.space, 2)} of the ${what}, fair share ${formatPercent(fairShare, 2)}${Number.isNaN(ratio) ? '' : ` (${formatRatio(ratio)})`}`,
    };
  };
  // Largest first, ties in pool order, so the endpoint that owns too much is on top.
  const sorted = model.endpoints.map(bar).sort((a, b) => b.share - a.share || a.colorIndex - b.colorIndex);
  let bars = sorted;
  if (sorted.length > max) {
    const rest = sorted.slice(max - 1);
    const share = rest.reduce((s, b) => s + b.share, 0);
    const fairShare = rest.reduce((s, b) => s + b.fairShare, 0);
    const ratio = fairShare > 0 ? share / fairShare : NaN;
    bars = [
      ...sorted.slice(0, max - 1),
      {
        label: `${rest.length} others`,
        colorIndex: -1,
        state: 'rest',
        share,
        fairShare,
        ratio,
        text: `${rest.length} other endpoints: ${formatPercent(share, 2)} of the ${what} together, fair share ${formatPercent(fairShare, 2)}`,
      },
    ];
  }
  const scale = Math.max(1e-9, ...bars.map((b) => Math.max(b.share, b.fairShare)));
  return { title: `Share of the ${what} per endpoint (the mark: fair share by weight)`, scale, bars };
}
