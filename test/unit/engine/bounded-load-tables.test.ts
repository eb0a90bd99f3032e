import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { BoundedLoadBalancer } from '../../../src/engine/hashing/bounded-load';
import { buildKetamaRing } from '../../../src/engine/hashing/ketama-ring';
import { buildMaglevTable } from '../../../src/engine/hashing/maglev-table';
import { RendezvousTable } from '../../../src/engine/hashing/rendezvous-table';
import { hash64, mod64 } from '../../../src/engine/hash';
import { strategies } from '../../../src/engine/registry';
import type { Pick } from '../../../src/engine/types';
import { hashBalancer, keys, pool } from './hash-fixtures';

const OK = { latencyMs: 1, ok: true };
const ABC = pool({ a: 1, b: 1, c: 1 });

describe('bounded load over any hash table (balanceFactor on consistent-hash and maglev)', () => {
  describe('chooseHost(hash, attempt): the table walk, one attempt at a time', () => {
    it('maglev, 7 cells of a, b, c (cbbaaac): "hot" is in cell 5, then cells 6, 0, 1 give c, then b', () => {
      const t = buildMaglevTable(ABC, 7);
      assert.deepEqual([...t.owners], [2, 1, 1, 0, 0, 0, 2]);
      const h = hash64('hot');
      assert.equal(mod64(h.hi, h.lo, 7), 5);
      assert.deepEqual([0, 1, 2, 3].map((a) => t.chooseHost(h.hi, h.lo, a)), [0, 2, 1, -1]);
    });

    it('ring and rendezvous: attempt 0 is the owner, then every endpoint once, then -1', () => {
      const ring = buildKetamaRing(ABC, 4);
      const hrw = new RendezvousTable(ABC);
      for (const k of keys(50)) {
        const h = hash64(k);
        for (const t of [ring, hrw]) {
          const order = [0, 1, 2, 3].map((a) => t.chooseHost(h.hi, h.lo, a));
          assert.equal(order[0], t.chooseHost(h.hi, h.lo));
          assert.deepEqual([...order.slice(0, 3)].sort(), [0, 1, 2]);
          assert.equal(order[3], -1);
          const walked: number[] = [];
          t.walk(h.hi, h.lo, (e) => (walked.push(e), false));
          assert.deepEqual(walked, order.slice(0, 3));
        }
      }
    });
  });

  describe('exact assignments on a tiny table', () => {
    it('maglev, 7 cells, c = 1.25: one hot key held in flight goes a c a c a c b', () => {
      const b = hashBalancer('maglev', ABC, { tableSize: 7, balanceFactor: 1.25 });
      const picks = Array.from({ length: 7 }, () => b.pick({ key: 'hot' })!);
      assert.deepEqual(picks.map((p) => p.endpoint.id), ['a', 'c', 'a', 'c', 'a', 'c', 'b']);
    });

    it('maglev, 7 cells, c = 1.5: a c a c a c (c always has room first)', () => {
      const b = hashBalancer('maglev', ABC, { tableSize: 7, balanceFactor: 1.5 });
      const ids = Array.from({ length: 6 }, () => b.pick({ key: 'hot' })!.endpoint.id);
      assert.deepEqual(ids, ['a', 'c', 'a', 'c', 'a', 'c']);
    });

    it('the same after shuffling the endpoints (tables are built in id order)', () => {
      const b = hashBalancer('maglev', [ABC[2], ABC[0], ABC[1]], { tableSize: 7, balanceFactor: 1.25 });
      const ids = Array.from({ length: 7 }, () => b.pick({ key: 'hot' })!.endpoint.id);
      assert.deepEqual(ids, ['a', 'c', 'a', 'c', 'a', 'c', 'b']);
    });

    it('consistent-hash with balanceFactor 1.25 picks exactly what bounded-load-hash picks', () => {
      const eps = pool({ a: 1, b: 2, c: 1, d: 3 });
      const ch = hashBalancer('consistent-hash', eps, { balanceFactor: 1.25, pointsPerWeight: 40 });
      const blh = hashBalancer('bounded-load-hash', eps, { pointsPerWeight: 40 });
      const open: [Pick, Pick][] = [];
      for (const [i, k] of keys(400).entries()) {
        const p = ch.pick({ key: `k${i % 7}` })!;
        const q = blh.pick({ key: `k${i % 7}` })!;
        assert.equal(p.endpoint.id, q.endpoint.id, k);
        open.push([p, q]);
        if (i % 3 === 2) for (const x of open.shift()!) x.done(OK);
      }
    });

    it('without load (pick + done), maglev with a bound picks the table owner', () => {
      const b = hashBalancer('maglev', ABC, { tableSize: 101, balanceFactor: 1.1 });
      const plain = hashBalancer('maglev', ABC, { tableSize: 101 });
      for (const k of keys(300)) {
        const p = b.pick({ key: k })!;
        assert.equal(p.endpoint.id, plain.ownerOf(k));
        p.done(OK);
      }
    });
  });

  describe('no endpoint over the bound', () => {
    for (const [name, options] of [['maglev', { tableSize: 251 }], ['consistent-hash', { pointsPerWeight: 20 }]] as const) {
      it(`${name}: after every pick, the endpoint holds at most ceil(c x (m + 1) x w / W) (fast-check)`, () => {
        fc.assert(
          fc.property(
            fc.constantFrom(1.1, 1.25, 2),
            fc.array(fc.oneof(fc.constantFrom('hot', 'warm'), fc.string({ maxLength: 4 }), fc.constant(null)), { minLength: 1, maxLength: 120 }),
            (c, ops) => {
              const eps = pool({ a: 1, b: 2, c: 1, d: 1 });
              const total = 5;
              const b = hashBalancer(name, eps, { ...options, balanceFactor: c }) as BoundedLoadBalancer;
              const open: Pick[] = [];
              for (const op of ops) {
                if (op === null) {
                  open.shift()?.done(OK);
                  continue;
                }
                const m = open.length;
                const p = b.pick({ key: op })!;
                open.push(p);
                const w = eps.find((e) => e.id === p.endpoint.id)!.weight;
                const load = b.inFlight().get(p.endpoint.id)!;
                assert.ok(load <= Math.ceil((c * (m + 1) * w) / total), `${p.endpoint.id}: ${load} in flight, m = ${m}`);
              }
            },
          ),
          { numRuns: 150, seed: 116 },
        );
      });
    }
  });

  describe('the option', () => {
    it('is listed, with default 0 (no bound), for consistent-hash and maglev', () => {
      for (const name of ['consistent-hash', 'maglev']) {
        const o = strategies.find((s) => s.name === name)!.options.find((x) => x.name === 'balanceFactor');
        assert.ok(o, name);
        assert.equal(o.default, 0);
        assert.equal(o.type, 'number');
        assert.match(o.description, /ceil\(c x \(in-flight \+ 1\) \/ n\)/);
      }
    });

    it('rejects a factor in (0, 1], a negative one, one above 100 and a non-number', () => {
      assert.throws(() => hashBalancer('maglev', ABC, { balanceFactor: 1 }), /maglev: balanceFactor must be 0 \(no bound\) or greater than 1, got 1/);
      assert.throws(() => hashBalancer('consistent-hash', ABC, { balanceFactor: 0.5 }), /consistent-hash: balanceFactor must be 0 \(no bound\) or greater than 1, got 0.5/);
      assert.throws(() => hashBalancer('maglev', ABC, { balanceFactor: -2 }), /maglev: balanceFactor must be at least 0, got -2/);
      assert.throws(() => hashBalancer('maglev', ABC, { balanceFactor: 101 }), /maglev: balanceFactor must be at most 100, got 101/);
      assert.throws(() => hashBalancer('consistent-hash', ABC, { balanceFactor: '1.5' }), /consistent-hash: balanceFactor must be a finite number, got "1.5"/);
    });
  });
});
