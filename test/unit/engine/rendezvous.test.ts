import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import { assertMinimalMove, hashBalancer, idSet, keys, owners, pool, shares, shuffled } from './hash-fixtures';
import { rendezvousOwnerRef } from './hash-reference';

const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9', 'user-42', '', 'é'];
const WEIGHTED = pool({ a: 1, b: 1, c: 2 });

describe('rendezvous', () => {
  describe('exact assignments', () => {
    it('pins the owners of 13 keys (weights 1, 1, 2), equal to a BigInt reference of weighted HRW', () => {
      const b = hashBalancer('rendezvous', WEIGHTED);
      assert.equal(owners(b, KEYS).join(''), 'bccbcccacccaa');
      assert.deepEqual(owners(b, KEYS), KEYS.map((k) => rendezvousOwnerRef(WEIGHTED, k)));
    });

    it('equals the reference with equal weights too (the logarithm-free path)', () => {
      const eps = pool({ x: 3, y: 3, z: 3, w: 3 });
      const b = hashBalancer('rendezvous', eps);
      assert.deepEqual(owners(b, keys(300)), keys(300).map((k) => rendezvousOwnerRef(eps, k)));
    });

    it('does not depend on endpoint order', () => {
      fc.assert(
        fc.property(idSet.chain((ids) => fc.tuple(fc.constant(ids), shuffled(ids))), ([ids, order]) => {
          const w = (id: string) => 1 + (id.length % 3);
          const a = hashBalancer('rendezvous', pool(Object.fromEntries(ids.map((id) => [id, w(id)]))));
          const b = hashBalancer('rendezvous', pool(Object.fromEntries(order.map((id) => [id, w(id)]))));
          assert.deepEqual(owners(a, keys(300)), owners(b, keys(300)));
        }),
        { numRuns: 30, seed: 10 },
      );
    });

    it('lays out as hrw with the endpoint ids', () => {
      assert.deepEqual(hashBalancer('rendezvous', WEIGHTED).layout(), { kind: 'hrw', endpointIds: ['a', 'b', 'c'] });
    });
  });

  describe('distribution (seeded)', () => {
    it('gives shares within 0.01 of w / W (weights 1, 2, 3, 4; 40,000 keys)', () => {
      const s = shares(owners(hashBalancer('rendezvous', pool({ a: 1, b: 2, c: 3, d: 4 })), keys(40_000)));
      for (const [id, w] of [['a', 1], ['b', 2], ['c', 3], ['d', 4]] as const) {
        assert.ok(Math.abs(s.get(id)! - w / 10) < 0.01, `${id}: ${s.get(id)}`);
      }
    });

    it('spreads keyless picks from a seeded random by weight (20,000 picks, within 0.02)', () => {
      const b = hashBalancer('rendezvous', pool({ a: 1, b: 3 }), { random: createSeededRandom(5) });
      let a = 0;
      for (let i = 0; i < 20_000; i++) if (b.pick()!.endpoint.id === 'a') a++;
      assert.ok(Math.abs(a / 20_000 - 0.25) < 0.02, String(a));
    });
  });

  describe('properties (fast-check, fixed seed)', () => {
    const ks = keys(2000, 'r-');

    it('removing one of n endpoints moves only its keys, about 1/n of them', () => {
      fc.assert(
        fc.property(idSet, fc.nat(), (ids, r) => {
          const eps = pool(Object.fromEntries(ids.map((id) => [id, 1])));
          const b = hashBalancer('rendezvous', eps);
          const before = owners(b, ks);
          const gone = ids[r % ids.length];
          b.setEndpoints(eps.filter((e) => e.id !== gone));
          assertMinimalMove(before, owners(b, ks), gone, ids.length, 1.5);
        }),
        { numRuns: 40, seed: 11 },
      );
    });

    it('adding an endpoint moves keys only to it, also with unequal weights', () => {
      fc.assert(
        fc.property(idSet, fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 12, maxLength: 12 }), (ids, ws) => {
          const weights = Object.fromEntries(ids.map((id, i) => [id, ws[i]]));
          const [added, ...rest] = ids;
          const b = hashBalancer('rendezvous', pool(Object.fromEntries(rest.map((id) => [id, weights[id]]))));
          const before = owners(b, ks);
          b.setEndpoints(pool(weights));
          const total = ids.reduce((s, id) => s + weights[id], 0);
          // "about its share": at most 1.5 x w / W of the keys, expressed through n = W / w.
          assertMinimalMove(owners(b, ks), before, added, total / weights[added], 1.5);
        }),
        { numRuns: 40, seed: 12 },
      );
    });

    it('gives shares that follow weights (within 0.03 of w / W, 5,000 keys)', () => {
      fc.assert(
        fc.property(idSet, fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 12, maxLength: 12 }), (ids, ws) => {
          const weights = Object.fromEntries(ids.map((id, i) => [id, ws[i]]));
          const total = ids.reduce((s, id) => s + weights[id], 0);
          const s = shares(owners(hashBalancer('rendezvous', pool(weights)), keys(5000, 'w-')));
          for (const id of ids) assert.ok(Math.abs((s.get(id) ?? 0) - weights[id] / total) < 0.03, id);
        }),
        { numRuns: 20, seed: 13 },
      );
    });
  });

  describe('contract and options', () => {
    it('returns undefined with no endpoints', () => {
      const b = hashBalancer('rendezvous', []);
      assert.equal(b.pick({ key: 'x' }), undefined);
      assert.equal(b.ownerOf('x'), undefined);
    });

    it('takes no options and rejects any', () => {
      assert.throws(() => hashBalancer('rendezvous', WEIGHTED, { seed: 1 }), /^ConfigError: rendezvous: unknown option "seed" \(it takes no options\)$/);
    });
  });
});
