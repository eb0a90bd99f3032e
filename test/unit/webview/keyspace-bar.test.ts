import { strict as assert } from 'node:assert';
import { keyspaceBars, MAX_BARS } from '../../../src/webview/model/keyspace-bar';
import { prepareRing, ringModel } from '../../../src/webview/model/ring';
import { ringViewOf } from '../../../src/webview/views/result';
import type { RingView } from '../../../src/protocol/webview';
import { bigRingResult, hashResult } from './fixtures';

function weighted(strategy: string, weights: number[]): RingView {
  const view = ringViewOf(hashResult(strategy as never, weights.length))!;
  return { ...view, endpoints: view.endpoints.map((ep, i) => ({ ...ep, weight: weights[i] })) };
}

describe('webview ring: share-of-keyspace bars', () => {
  it('one bar per endpoint, the ring model\'s share of the hash space, fair share by weight, largest first', () => {
    const view = weighted('consistent-hash', [1, 2, 1, 4]);
    const model = ringModel(prepareRing(view));
    const bars = keyspaceBars(model);
    assert.equal(bars.bars.length, 4);
    const byId = new Map(bars.bars.map((b) => [b.id, b]));
    for (const ep of model.endpoints) {
      assert.equal(byId.get(ep.id)!.share, ep.space);
      assert.equal(byId.get(ep.id)!.fairShare, ep.weight / 8);
    }
    const shares = bars.bars.map((b) => b.share);
    assert.deepEqual(shares, [...shares].sort((a, b) => b - a));
    assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-9, 'the shares cover the hash space');
    // Ketama points per weight: the weight-4 endpoint owns the most, near its fair half.
    assert.equal(bars.bars[0].fairShare, 0.5);
    assert.ok(bars.bars[0].ratio > 0.8 && bars.bars[0].ratio < 1.2, `ratio ${bars.bars[0].ratio}`);
    assert.equal(bars.scale, Math.max(...bars.bars.map((b) => Math.max(b.share, b.fairShare))));
    assert.match(bars.bars[0].text, /^\S+: \d+\.\d\d% of the hash space, fair share 50\.00% \(\d\.\d\dx\)$/);
  });

  it('a removed endpoint keeps its row with no fair share; the others\' fair shares grow', () => {
    const view = weighted('maglev', [1, 1, 1, 1]);
    const removed = view.endpoints[1].id;
    const bars = keyspaceBars(ringModel(prepareRing(view), { remove: removed }));
    const row = bars.bars.find((b) => b.id === removed)!;
    assert.equal(row.state, 'removed');
    assert.equal(row.share, 0);
    assert.equal(row.fairShare, 0);
    assert.ok(Number.isNaN(row.ratio));
    assert.match(row.text, /\(removed\): 0% of the hash space, fair share 0%$/);
    for (const b of bars.bars.filter((x) => x.id !== removed)) assert.ok(Math.abs(b.fairShare - 1 / 3) < 1e-12);
    assert.equal(bars.bars[bars.bars.length - 1].id, removed, 'nothing owned, so last');
  });

  it('rendezvous has no ring: its bars are shares of the sample keys', () => {
    const bars = keyspaceBars(ringModel(prepareRing(ringViewOf(hashResult('rendezvous', 5))!)));
    assert.match(bars.title, /sample keys/);
    assert.match(bars.bars[0].text, /of the sample keys/);
  });

  it(`a large pool shows ${MAX_BARS - 1} endpoints and one row for the rest, shares adding up`, () => {
    const model = ringModel(prepareRing(ringViewOf(bigRingResult())!));
    assert.ok(model.endpoints.length > MAX_BARS, `${model.endpoints.length} endpoints`);
    const bars = keyspaceBars(model);
    assert.equal(bars.bars.length, MAX_BARS);
    const rest = bars.bars[MAX_BARS - 1];
    assert.equal(rest.state, 'rest');
    assert.equal(rest.id, undefined);
    assert.equal(rest.label, `${model.endpoints.length - (MAX_BARS - 1)} others`);
    const total = bars.bars.reduce((s, b) => s + b.share, 0);
    assert.ok(Math.abs(total - 1) < 1e-9, `total ${total}`);
    const shown = new Set(bars.bars.slice(0, -1).map((b) => b.id));
    const smallestShown = Math.min(...bars.bars.slice(0, -1).map((b) => b.share));
    for (const ep of model.endpoints) if (!shown.has(ep.id)) assert.ok(ep.space <= smallestShown, `${ep.id} belongs among the shown`);
  });
});
