import { strict as assert } from 'node:assert';
import { createBalancer } from '../../../src/engine/registry';
import { isHashBalancer, type HashBalancer, type StrategyName } from '../../../src/engine/types';
import { MAX_ARCS, prepareRing, ringModel, type RingModel } from '../../../src/webview/model/ring';
import type { RingView } from '../../../src/protocol/webview';
import { ringViewOf } from '../../../src/webview/views/result';
import { bigRingResult, hashResult } from './fixtures';

function engine(view: RingView, endpoints = view.endpoints): HashBalancer {
  const b = createBalancer(view.strategy as StrategyName, endpoints, view.options);
  assert.ok(isHashBalancer(b));
  return b;
}

/** What the engine says moves: owners of the sample keys before and after, compared directly. */
function engineMoved(view: RingView, after: RingView['endpoints']): number {
  const a = engine(view);
  const b = engine(view, after);
  return view.sampleKeys.filter((k) => a.ownerOf(k) !== b.ownerOf(k)).length;
}

/** The drawn arc under a position (exact drawing, no downsampling). */
function ownerAt(model: RingModel, position: number): number {
  const { starts, ends, owners } = model.arcs;
  for (let i = 0; i < starts.length; i++) if (starts[i] <= position && position < ends[i]) return owners[i];
  return -2;
}

const STRATEGIES: [StrategyName, Record<string, unknown>][] = [
  ['consistent-hash', {}],
  ['bounded-load-hash', {}],
  ['maglev', {}],
  ['rendezvous', {}],
];

describe('webview ring model', () => {
  for (const [strategy, options] of STRATEGIES) {
    describe(strategy, () => {
      const result = hashResult(strategy, 6, options);
      const view = ringViewOf(result)!;
      const base = prepareRing(view);

      it('is built from the run: the ring info, the endpoints and up to 1,000 sample keys', () => {
        assert.ok(view, 'a hash run carries ring info');
        assert.equal(view.strategy, strategy);
        assert.equal(view.endpoints.length, 6);
        assert.equal(view.sampleKeys.length, 1000);
      });

      it("gives every sample key the owner the engine's ownerOf names", () => {
        const b = engine(view);
        const model = ringModel(base);
        for (const k of model.keys) assert.equal(view.endpoints[k.owner].id, b.ownerOf(k.key));
        const counted = model.endpoints.reduce((s, e) => s + e.keys, 0);
        assert.equal(counted, view.sampleKeys.length);
        assert.equal(model.kind, b.layout().kind);
      });

      it('shares the whole hash space (or all keys) among the endpoints', () => {
        const model = ringModel(base);
        const total = model.endpoints.reduce((s, e) => s + e.space, 0);
        assert.ok(Math.abs(total - 1) < 1e-9, `${total}`);
        if (model.kind !== 'hrw') assert.equal(model.endpoints.reduce((s, e) => s + e.points, 0), model.points);
      });

      if (strategy !== 'rendezvous') {
        it('draws each key on an arc of the endpoint that owns it', () => {
          const exact = ringModel(base, undefined, Number.MAX_SAFE_INTEGER);
          const wrong = exact.keys.filter((k) => ownerAt(exact, k.position) !== k.owner);
          assert.equal(wrong.length, 0, `${wrong.length} keys drawn on another endpoint's arc, e.g. ${wrong[0]?.key}`);
        });
      }

      it('counts the keys that move when an endpoint is removed, as the engine does', () => {
        for (const victim of [view.endpoints[0].id, view.endpoints[3].id]) {
          const model = ringModel(base, { remove: victim });
          const expected = engineMoved(view, view.endpoints.filter((e) => e.id !== victim));
          assert.equal(model.change?.moved, expected, `removing ${victim}`);
          assert.equal(model.change?.removed, victim);
          assert.ok(expected > 0);
          const victimIndex = view.endpoints.findIndex((e) => e.id === victim);
          assert.equal(model.keys.filter((k) => k.owner === victimIndex).length, 0, 'no key stays on the removed endpoint');
          assert.equal(model.endpoints[victimIndex].state, 'removed');
          assert.equal(model.keys.filter((k) => k.moved).length, expected);
        }
      });

      it('counts the keys that move to an added endpoint, as the engine does', () => {
        const add = { id: 'new-endpoint-1', address: 'added:1', weight: 1 };
        const model = ringModel(base, { add });
        const expected = engineMoved(view, [...view.endpoints, add]);
        assert.equal(model.change?.moved, expected);
        assert.equal(model.change?.added, add.id);
        assert.equal(model.endpoints.length, 7);
        assert.equal(model.endpoints[6].state, 'added');
        for (const k of model.keys.filter((x) => x.moved)) {
          if (strategy !== 'maglev') assert.equal(k.owner, 6, 'on a ring or with HRW, keys only move to the newcomer');
        }
      });

      if (strategy === 'consistent-hash') {
        it('moves exactly the hash space the removed endpoint held', () => {
          const before = ringModel(base);
          const model = ringModel(base, { remove: 's2' });
          const held = before.endpoints.find((e) => e.id === 's2')!.space;
          assert.ok(Math.abs((model.change?.movedSpace ?? -1) - held) < 1e-12);
        });
      }
    });
  }

  it('draws a ring of 160,000 points over 1,000 endpoints in at most a few thousand arcs', function () {
    this.timeout(60_000);
    const view = ringViewOf(bigRingResult())!;
    const base = prepareRing(view);
    const model = ringModel(base);
    assert.equal(model.points, 160_000);
    assert.ok(model.arcs.starts.length <= MAX_ARCS, `${model.arcs.starts.length} arcs`);
    assert.equal(model.endpoints.length, 1000);
    const changed = ringModel(base, { remove: view.endpoints[500].id });
    assert.equal(changed.change?.moved, engineMoved(view, view.endpoints.filter((_, i) => i !== 500)));
    assert.ok(changed.change!.arcs.starts.length <= MAX_ARCS);
  });

  it('refuses a strategy that has no ring', () => {
    assert.throws(() => prepareRing({ strategy: 'round-robin', options: {}, endpoints: [{ id: 'a', address: 'a', weight: 1 }], sampleKeys: [] }), /not a hash strategy/);
  });
});
