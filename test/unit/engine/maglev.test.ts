import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { buildMaglevTable, isPrime } from '../../../src/engine/hashing/maglev-table';
import type { HashBalancer } from '../../../src/engine/types';
import { hashBalancer, idSet, keys, owners, pool, shuffled } from './hash-fixtures';
import { maglevTableRef } from './hash-reference';

const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9', 'user-42', '', 'é'];
const TINY = pool({ a: 1, b: 1, c: 1 });

function cells(b: HashBalancer): string[] {
  const l = b.layout();
  assert.ok(l.kind === 'table');
  return [...l.owners].map((o) => l.endpointIds[o]);
}

function cellCounts(table: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const id of table) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

describe('maglev', () => {
  describe('exact tables', () => {
    it('pins the 13-cell table of a, b, c, equal to Pseudocode 1 of the paper (BigInt reference)', () => {
      const table = cells(hashBalancer('maglev', TINY, { tableSize: 13 }));
      assert.equal(table.join(''), 'bcaaabbcaccba');
      assert.deepEqual(table, maglevTableRef(['a', 'b', 'c'], 13));
    });

    it('equals the reference at the default size 65537 for 5 endpoints', () => {
      const ids = ['10.0.0.1:443', '10.0.0.2:443', 'api-3', 'api-4', 'z'];
      const table = cells(hashBalancer('maglev', pool(Object.fromEntries(ids.map((id) => [id, 1])))));
      assert.equal(table.length, 65537);
      assert.deepEqual(table, maglevTableRef(ids, 65537));
    });

    it('pins the owners of 13 keys', () => {
      assert.equal(owners(hashBalancer('maglev', pool({ a: 1, b: 1, c: 2 }), { tableSize: 13 }), KEYS).join(''), 'cabbbbcaaacac');
      assert.equal(owners(hashBalancer('maglev', pool({ a: 1, b: 1, c: 2 })), KEYS).join(''), 'aacbbbccabccc');
    });

    it('builds the same table whatever the endpoint order', () => {
      fc.assert(
        fc.property(idSet.chain((ids) => fc.tuple(fc.constant(ids), shuffled(ids))), ([ids, order]) => {
          const a = cells(hashBalancer('maglev', pool(Object.fromEntries(ids.map((id) => [id, 1]))), { tableSize: 1009 }));
          const b = cells(hashBalancer('maglev', pool(Object.fromEntries(order.map((id) => [id, 1]))), { tableSize: 1009 }));
          assert.deepEqual(a, b);
        }),
        { numRuns: 40, seed: 8 },
      );
    });

    it('picks with a key land on table[h(key) mod M], as ownerOf says', () => {
      const b = hashBalancer('maglev', TINY);
      for (const k of KEYS) assert.equal(b.pick({ key: k })!.endpoint.id, b.ownerOf(k));
    });
  });

  describe('balance', () => {
    it('gives each of 100 equal endpoints floor or ceil of M / n cells', () => {
      const eps = pool(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`ep-${i}`, 1])));
      for (const n of cellCounts(cells(hashBalancer('maglev', eps))).values()) assert.ok(n === 655 || n === 656, String(n));
    });

    it('gives cells in proportion to weight (1 : 2 : 5, within one cell per round of turns)', () => {
      const counts = cellCounts(cells(hashBalancer('maglev', pool({ a: 1, b: 2, c: 5 }))));
      assert.ok(Math.abs(counts.get('a')! - 65537 / 8) <= 5, String(counts.get('a')));
      assert.ok(Math.abs(counts.get('b')! - (2 * 65537) / 8) <= 5, String(counts.get('b')));
      assert.ok(Math.abs(counts.get('c')! - (5 * 65537) / 8) <= 5, String(counts.get('c')));
    });
  });

  describe('disruption', () => {
    it('moves every cell of a removed endpoint and few others (10 endpoints: under 3 % of cells between the others)', () => {
      fc.assert(
        fc.property(idSet, fc.nat(), (ids, r) => {
          const eps = pool(Object.fromEntries(ids.map((id) => [id, 1])));
          const before = cells(hashBalancer('maglev', eps, { tableSize: 4099 }));
          const gone = ids[r % ids.length];
          const b = hashBalancer('maglev', eps, { tableSize: 4099 });
          b.setEndpoints(eps.filter((e) => e.id !== gone));
          const after = cells(b);
          let between = 0;
          for (let i = 0; i < before.length; i++) {
            if (before[i] === gone) assert.notEqual(after[i], gone);
            else if (after[i] !== before[i]) between++;
          }
          assert.ok(between / before.length < 0.03, `${between} cells moved between the others`);
        }),
        { numRuns: 30, seed: 9 },
      );
    });
  });

  describe('contract', () => {
    it('returns undefined with no endpoints; one endpoint owns every cell', () => {
      assert.equal(hashBalancer('maglev', []).pick(), undefined);
      assert.equal(buildMaglevTable([], 13).chooseHost(1, 2), -1);
      assert.ok(cells(hashBalancer('maglev', pool({ solo: 1 }), { tableSize: 13 })).every((id) => id === 'solo'));
    });

    it('spreads keyless picks by the injected random', () => {
      const draws: number[] = [];
      let x = 0.123;
      const b = hashBalancer('maglev', TINY, { random: () => (draws.push(x), (x = (x * 9301 + 0.49297) % 1)) });
      const seen = new Set(keys(300).map(() => b.pick()!.endpoint.id));
      assert.equal(seen.size, 3);
      assert.equal(draws.length, 600);
    });

    it('isPrime knows small primes and composites', () => {
      assert.deepEqual([2, 3, 4, 13, 65536, 65537, 1, 0, 2.5].map(isPrime), [true, true, false, true, false, true, false, false, false]);
    });
  });

  describe('options', () => {
    it('rejects a tableSize that is not prime', () => {
      assert.throws(() => hashBalancer('maglev', TINY, { tableSize: 65536 }), /^ConfigError: maglev: tableSize must be a prime number, got 65536$/);
    });
    it('rejects a tableSize below 2', () => {
      assert.throws(() => hashBalancer('maglev', TINY, { tableSize: 1 }), /maglev: tableSize must be at least 2, got 1/);
    });
    it('rejects a fractional tableSize', () => {
      assert.throws(() => hashBalancer('maglev', TINY, { tableSize: 65537.5 }), /maglev: tableSize must be a whole number, got 65537.5/);
    });
    it('rejects a tableSize above 16777213', () => {
      assert.throws(() => hashBalancer('maglev', TINY, { tableSize: 16777259 }), /maglev: tableSize must be at most 16777213, got 16777259/);
    });
    it('rejects an unknown option', () => {
      assert.throws(() => hashBalancer('maglev', TINY, { size: 13 }), /maglev: unknown option "size" \(valid: tableSize, balanceFactor\)/);
    });
  });
});
