import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { MAX_RING_POINTS, pointCounts } from '../../../src/engine/hashing/ketama-ring';
import { ConfigError } from '../../../src/engine/errors';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import { assertMinimalMove, hashBalancer, idSet, keys, owners, pool, shares, shuffled } from './hash-fixtures';
import { ringOwnerRef } from './hash-reference';

const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9', 'user-42', '', 'é'];
const TINY = pool({ a: 1, b: 1, c: 2 });

describe('consistent-hash', () => {
  describe('exact assignments on a tiny pool', () => {
    it('pins the owners of 13 keys (4 points per weight), the same as a BigInt linear scan', () => {
      const b = hashBalancer('consistent-hash', TINY, { pointsPerWeight: 4 });
      assert.equal(owners(b, KEYS).join(''), 'babbbccbcccbc');
      const points = new Map([['a', 4], ['b', 4], ['c', 8]]);
      assert.deepEqual(owners(b, KEYS), KEYS.map((k) => ringOwnerRef(points, k)));
    });

    it('pins the owners at the default 160 points per weight', () => {
      assert.equal(owners(hashBalancer('consistent-hash', TINY), KEYS).join(''), 'bbbbaaccbacac');
    });

    it('gives the same owners and the same ring whatever the endpoint order', () => {
      const ref = hashBalancer('consistent-hash', TINY);
      for (const order of [[2, 1, 0], [1, 2, 0], [0, 2, 1]]) {
        const b = hashBalancer('consistent-hash', order.map((i) => TINY[i]));
        assert.deepEqual(owners(b, KEYS), owners(ref, KEYS));
        const l = b.layout();
        const r = ref.layout();
        assert.ok(l.kind === 'ring' && r.kind === 'ring');
        assert.deepEqual([...l.positions], [...r.positions]);
        assert.deepEqual([...l.owners].map((o) => l.endpointIds[o]), [...r.owners].map((o) => r.endpointIds[o]));
      }
    });

    it('picks with a key land where ownerOf says, and use no randomness', () => {
      let draws = 0;
      const b = hashBalancer('consistent-hash', TINY, { random: () => (draws++, 0.5) });
      for (const k of KEYS) assert.equal(b.pick({ key: k })!.endpoint.id, b.ownerOf(k));
      assert.equal(draws, 0);
    });
  });

  describe('ring layout', () => {
    it('puts round(pointsPerWeight x weight) points per endpoint, halves up, at least one', () => {
      const eps = pool({ a: 1, b: 0.25, c: 0.3, d: 0.01 });
      assert.deepEqual(pointCounts(eps, 10), [10, 3, 3, 1]);
      const l = hashBalancer('consistent-hash', eps, { pointsPerWeight: 10 }).layout();
      assert.ok(l.kind === 'ring');
      assert.equal(l.positions.length, 17);
      for (let i = 1; i < l.positions.length; i++) assert.ok(l.positions[i - 1] <= l.positions[i]);
    });

    it('scales every count down when the ring would exceed MAX_RING_POINTS', () => {
      const counts = pointCounts(pool({ a: 1e9, b: 5e8, c: 1e-9 }), 160);
      assert.ok(counts.reduce((s, c) => s + c, 0) <= MAX_RING_POINTS + 3);
      assert.equal(Math.round(counts[0] / counts[1]), 2);
      assert.equal(counts[2], 1);
    });
  });

  describe('distribution (seeded)', () => {
    it('spreads 100,000 keys over 10 equal endpoints within 20 % of the mean', () => {
      const eps = pool(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`10.0.0.${i}:8080`, 1])));
      const s = shares(owners(hashBalancer('consistent-hash', eps), keys(100_000)));
      for (const share of s.values()) assert.ok(Math.abs(share - 0.1) < 0.02, `share ${share}`);
    });

    it('spreads keyless picks from a seeded random by weight (50,000 picks, within 0.03)', () => {
      const b = hashBalancer('consistent-hash', pool({ a: 1, b: 2, c: 5 }), { random: createSeededRandom(11) });
      const counts = new Map<string, number>();
      for (let i = 0; i < 50_000; i++) {
        const id = b.pick()!.endpoint.id;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const expected: Record<string, number> = { a: 1 / 8, b: 2 / 8, c: 5 / 8 };
      for (const [id, c] of counts) assert.ok(Math.abs(c / 50_000 - expected[id]) < 0.03, `${id}: ${c}`);
    });

    it('replays keyless picks exactly from the same seed', () => {
      const run = () => {
        const b = hashBalancer('consistent-hash', TINY, { random: createSeededRandom(3) });
        return Array.from({ length: 20 }, () => b.pick()!.endpoint.id).join('');
      };
      assert.equal(run(), run());
    });
  });

  describe('properties (fast-check, fixed seed)', () => {
    const ks = keys(2000, 'p-');

    it('removing one of n endpoints moves only its keys, about 1/n of them', () => {
      fc.assert(
        fc.property(idSet, fc.nat(), (ids, r) => {
          const eps = pool(Object.fromEntries(ids.map((id) => [id, 1])));
          const b = hashBalancer('consistent-hash', eps);
          const before = owners(b, ks);
          const gone = ids[r % ids.length];
          b.setEndpoints(eps.filter((e) => e.id !== gone));
          assertMinimalMove(before, owners(b, ks), gone, ids.length, 1.6);
        }),
        { numRuns: 40, seed: 1 },
      );
    });

    it('adding an endpoint moves keys only to it', () => {
      fc.assert(
        fc.property(idSet, (ids) => {
          const [added, ...rest] = ids;
          const b = hashBalancer('consistent-hash', pool(Object.fromEntries(rest.map((id) => [id, 1]))));
          const before = owners(b, ks);
          b.setEndpoints(pool(Object.fromEntries(ids.map((id) => [id, 1]))));
          assertMinimalMove(owners(b, ks), before, added, ids.length, 1.6);
        }),
        { numRuns: 40, seed: 2 },
      );
    });

    it('does not depend on endpoint order', () => {
      fc.assert(
        fc.property(idSet.chain((ids) => fc.tuple(fc.constant(ids), shuffled(ids))), ([ids, order]) => {
          const a = hashBalancer('consistent-hash', pool(Object.fromEntries(ids.map((id) => [id, 1]))));
          const b = hashBalancer('consistent-hash', pool(Object.fromEntries(order.map((id) => [id, 1]))));
          assert.deepEqual(owners(a, ks.slice(0, 300)), owners(b, ks.slice(0, 300)));
        }),
        { numRuns: 30, seed: 3 },
      );
    });

    it('gives shares that follow weights (within 30 % of w/W, 10,000 keys)', () => {
      fc.assert(
        fc.property(idSet, fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 12, maxLength: 12 }), (ids, ws) => {
          const weights = Object.fromEntries(ids.map((id, i) => [id, ws[i]]));
          const total = ids.reduce((s, id) => s + weights[id], 0);
          const s = shares(owners(hashBalancer('consistent-hash', pool(weights)), keys(10_000, 'w-')));
          for (const id of ids) {
            const expected = weights[id] / total;
            assert.ok(Math.abs((s.get(id) ?? 0) - expected) <= 0.3 * expected, `${id}: ${s.get(id)} vs ${expected}`);
          }
        }),
        { numRuns: 25, seed: 4 },
      );
    });
  });

  describe('contract', () => {
    it('returns undefined with no endpoints, and recovers when endpoints return', () => {
      const b = hashBalancer('consistent-hash', []);
      assert.equal(b.pick({ key: 'x' }), undefined);
      assert.equal(b.pick(), undefined);
      assert.equal(b.ownerOf('x'), undefined);
      const l = b.layout();
      assert.ok(l.kind === 'ring' && l.positions.length === 0);
      b.setEndpoints(TINY);
      assert.equal(b.pick({ key: 'k0' })!.endpoint.id, 'b');
    });

    it('accepts done any number of times, also after the endpoint left', () => {
      const b = hashBalancer('consistent-hash', TINY);
      const p = b.pick({ key: 'k0' })!;
      b.setEndpoints([TINY[0]]);
      p.done({ latencyMs: 1, ok: true });
      p.done({ latencyMs: 1, ok: false });
      assert.deepEqual(b.endpoints().map((e) => e.id), ['a']);
    });

    it('rejects bad endpoints in setEndpoints with a ConfigError naming the strategy', () => {
      const b = hashBalancer('consistent-hash', TINY);
      assert.throws(() => b.setEndpoints([TINY[0], TINY[0]]), (e: unknown) => e instanceof ConfigError && /^consistent-hash: endpoints\[1\]\.id: duplicate id "a"/.test(e.message));
    });
  });

  describe('options', () => {
    it('rejects pointsPerWeight below 1', () => {
      assert.throws(() => hashBalancer('consistent-hash', TINY, { pointsPerWeight: 0 }), /^ConfigError: consistent-hash: pointsPerWeight must be at least 1, got 0$/);
    });
    it('rejects a fractional pointsPerWeight', () => {
      assert.throws(() => hashBalancer('consistent-hash', TINY, { pointsPerWeight: 1.5 }), /consistent-hash: pointsPerWeight must be a whole number, got 1.5/);
    });
    it('rejects a pointsPerWeight that is not a number', () => {
      assert.throws(() => hashBalancer('consistent-hash', TINY, { pointsPerWeight: '160' }), /consistent-hash: pointsPerWeight must be a finite number, got "160"/);
    });
    it('rejects an unknown option', () => {
      assert.throws(() => hashBalancer('consistent-hash', TINY, { replicas: 4 }), /consistent-hash: unknown option "replicas" \(valid: pointsPerWeight, balanceFactor\)/);
    });
  });
});
