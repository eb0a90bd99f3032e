import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { BoundedLoadBalancer } from '../../../src/engine/hashing/bounded-load';
import { hash64, toUnit } from '../../../src/engine/hash';
import type { Pick } from '../../../src/engine/types';
import { hashBalancer, keys, owners, pool } from './hash-fixtures';

const OK = { latencyMs: 1, ok: true };
const EQUAL = pool({ a: 1, b: 1, c: 1 });

/** Distinct endpoint ids clockwise from `key`'s ring position, read off the layout (not the walk). */
function clockwise(b: ReturnType<typeof hashBalancer>, key: string): string[] {
  const l = b.layout();
  assert.ok(l.kind === 'ring');
  const h = hash64(key);
  const at = toUnit(h.hi, h.lo);
  let start = l.positions.findIndex((p) => p >= at);
  if (start < 0) start = 0;
  const order: string[] = [];
  for (let s = 0; s < l.positions.length; s++) {
    const id = l.endpointIds[l.owners[(start + s) % l.positions.length]];
    if (!order.includes(id)) order.push(id);
  }
  assert.equal(order[0], b.ownerOf(key));
  return order;
}

describe('bounded-load-hash', () => {
  describe('exact sequences', () => {
    it('picks the ring owner when nothing is in flight (sequential pick + done), as consistent-hash does', () => {
      const b = hashBalancer('bounded-load-hash', pool({ a: 1, b: 1, c: 2 }));
      const ring = hashBalancer('consistent-hash', pool({ a: 1, b: 1, c: 2 }));
      for (const k of keys(500)) {
        const p = b.pick({ key: k })!;
        assert.equal(p.endpoint.id, ring.ownerOf(k));
        p.done(OK);
      }
    });

    it('sends the overflow of one hot key to the next distinct endpoints clockwise (c = 1.25, n = 3)', () => {
      const b = hashBalancer('bounded-load-hash', EQUAL);
      const [first, second, third] = clockwise(b, 'hot');
      // m in flight before the pick -> capacity ceil(1.25 (m + 1) / 3): 1,1,2,2,3,3,3,4,4
      const got = Array.from({ length: 9 }, () => b.pick({ key: 'hot' })!.endpoint.id);
      assert.deepEqual(got, [first, second, first, second, first, second, third, first, second]);
    });

    it('sends a key back to its owner once its picks are done', () => {
      const b = hashBalancer('bounded-load-hash', EQUAL);
      const owner = b.ownerOf('hot');
      const p1 = b.pick({ key: 'hot' })!;
      const p2 = b.pick({ key: 'hot' })!;
      assert.equal(p1.endpoint.id, owner);
      assert.notEqual(p2.endpoint.id, owner);
      p1.done(OK);
      p2.done(OK);
      assert.equal(b.pick({ key: 'hot' })!.endpoint.id, owner);
    });

    it('counts done once however often it is called', () => {
      const b = hashBalancer('bounded-load-hash', EQUAL) as BoundedLoadBalancer;
      const p = b.pick({ key: 'hot' })!;
      b.pick({ key: 'hot' });
      p.done(OK);
      p.done(OK);
      p.done(OK);
      assert.deepEqual([...b.inFlight().values()].reduce((s, v) => s + v, 0), 1);
    });
  });

  describe('setEndpoints', () => {
    it('keeps the in-flight counts of endpoints that stay, and a late done of a removed one is harmless', () => {
      const b = hashBalancer('bounded-load-hash', EQUAL) as BoundedLoadBalancer;
      const picks: Pick[] = Array.from({ length: 6 }, () => b.pick({ key: 'hot' })!);
      const before = b.inFlight();
      const gone = picks[0].endpoint.id;
      b.setEndpoints([...EQUAL.filter((e) => e.id !== gone), ...pool({ d: 1 })]);
      const after = b.inFlight();
      for (const [id, n] of after) assert.equal(n, id === 'd' ? 0 : before.get(id));
      for (const p of picks) p.done(OK);
      assert.ok([...b.inFlight().values()].every((n) => n === 0));
      // The bound now counts only what is in flight on the current pool: the owner takes the key again.
      const owner = b.ownerOf('hot');
      assert.equal(b.pick({ key: 'hot' })!.endpoint.id, owner);
    });
  });

  describe('properties (fast-check, fixed seed)', () => {
    type Op = { pick: string } | { done: number };
    const ops = fc.array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('k1', 'k2', 'k3', 'hot', 'x').map((k): Op => ({ pick: k })) },
        { weight: 2, arbitrary: fc.nat().map((i): Op => ({ done: i })) },
      ),
      { maxLength: 120 },
    );

    for (const [label, weights] of [
      ['equal weights', { a: 1, b: 1, c: 1, d: 1 }],
      ['weights 1, 2, 5', { a: 1, b: 2, c: 5 }],
    ] as const) {
      it(`never lets an endpoint exceed ceil(c x (m + 1) x w / W) in flight, any picks and dones (${label})`, () => {
        fc.assert(
          fc.property(ops, fc.constantFrom(1.01, 1.25, 2), (seq, c) => {
            const eps = pool(weights);
            const total = eps.reduce((s, e) => s + e.weight, 0);
            const b = hashBalancer('bounded-load-hash', eps, { balanceFactor: c }) as BoundedLoadBalancer;
            const open: Pick[] = [];
            for (const op of seq) {
              if ('pick' in op) {
                const m = open.length;
                const p = b.pick({ key: op.pick })!;
                open.push(p);
                const load = b.inFlight().get(p.endpoint.id)!;
                assert.ok(load <= Math.ceil((c * (m + 1) * p.endpoint.weight) / total), `load ${load} with m = ${m}`);
              } else if (open.length) {
                open.splice(op.done % open.length, 1)[0].done(OK);
              }
              assert.equal([...b.inFlight().values()].reduce((s, v) => s + v, 0), open.length);
            }
          }),
          { numRuns: 150, seed: 5 },
        );
      });
    }

    it('without load, maps every key exactly as consistent-hash does', () => {
      const eps = pool({ a: 1, b: 3, c: 2, d: 1 });
      assert.deepEqual(owners(hashBalancer('bounded-load-hash', eps), keys(2000)), owners(hashBalancer('consistent-hash', eps), keys(2000)));
    });
  });

  describe('contract', () => {
    it('returns undefined with no endpoints and picks randomly without a key', () => {
      assert.equal(hashBalancer('bounded-load-hash', []).pick(), undefined);
      const draws = [0.1, 0.2, 0.9, 0.3];
      const b = hashBalancer('bounded-load-hash', EQUAL, { random: () => draws.shift() ?? 0.5 });
      b.pick();
      b.pick();
      assert.equal(draws.length, 0);
    });
  });

  describe('options', () => {
    it('rejects balanceFactor 1 (it must be greater than 1)', () => {
      assert.throws(() => hashBalancer('bounded-load-hash', EQUAL, { balanceFactor: 1 }), /^ConfigError: bounded-load-hash: balanceFactor must be greater than 1, got 1$/);
    });
    it('rejects a balanceFactor that is not a number', () => {
      assert.throws(() => hashBalancer('bounded-load-hash', EQUAL, { balanceFactor: '1.25' }), /bounded-load-hash: balanceFactor must be a finite number, got "1.25"/);
    });
    it('rejects pointsPerWeight 0', () => {
      assert.throws(() => hashBalancer('bounded-load-hash', EQUAL, { pointsPerWeight: 0 }), /bounded-load-hash: pointsPerWeight must be at least 1, got 0/);
    });
    it('rejects an unknown option (the factor is balanceFactor, not c)', () => {
      assert.throws(() => hashBalancer('bounded-load-hash', EQUAL, { c: 1.5 }), /bounded-load-hash: unknown option "c" \(valid: balanceFactor, pointsPerWeight\)/);
    });
  });
});
