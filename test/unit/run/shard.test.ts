/** Shards take disjoint values: templates, key lists and key spaces; and the checks of shard and startAt. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import { Problems } from '../../../src/pools/problems';
import type { KeySpec } from '../../../src/pools/types';
import { compileKey } from '../../../src/run/keys';
import { checkShard, checkStartAt, shardSize, shardValue } from '../../../src/run/shard';

/** The keys shard `index` of `count` sends in `n` requests (sequence numbers index, index+count, ...). */
function keysOf(spec: KeySpec, index: number, count: number, n = 400): Set<string> {
  const key = compileKey(spec, createSeededRandom(index + 1), { index, count })!;
  const out = new Set<string>();
  for (let k = 0; k < n; k++) out.add(key(index + count * k, {})!);
  return out;
}

function disjointCover(spec: KeySpec, count: number): Set<string>[] {
  const sets = [...Array(count).keys()].map((i) => keysOf(spec, i, count));
  for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) for (const k of sets[i]) assert.ok(!sets[j].has(k), `${k} in shards ${i} and ${j}`);
  return sets;
}

describe('run/shard', () => {
  it('shardSize and shardValue: shard i takes the values ≡ i (mod N), every value once', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 200 }), (count, size) => {
      if (size < count) return;
      const seen: number[] = [];
      for (let i = 0; i < count; i++) {
        const n = shardSize(size, { index: i, count });
        for (let k = 0; k < n; k++) {
          const v = shardValue(k, size, { index: i, count });
          assert.equal(v % count, i);
          seen.push(v);
        }
      }
      assert.deepEqual(seen.sort((a, b) => a - b), [...Array(size).keys()]);
    }), { seed: 15, numRuns: 200 });
  });

  it('a template {seq % M} covers the M values once across shards, also when N does not divide M', () => {
    const sets = disjointCover('user-{seq % 10}', 3);
    assert.deepEqual(sets.map((s) => s.size), [4, 3, 3]);
    assert.deepEqual([...sets[1]].sort(), ['user-1', 'user-4', 'user-7']);
  });

  it('a template {random M}, a key list and a key space (uniform and Zipf) give each shard its own keys', () => {
    for (const spec of ['k-{random 50}', { list: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }, { space: 40 }, { space: 1000, skew: { zipf: 1.1 } }] as KeySpec[]) {
      const sets = disjointCover(spec, 3);
      for (const s of sets) assert.ok(s.size > 1, `${JSON.stringify(spec)}: a shard drew one key only`);
    }
    const space = keysOf({ space: 40 }, 2, 3);
    for (const k of space) assert.equal((Number(k.slice(4)) - 1) % 3, 2, k);
  });

  it('{seq} stays the run\'s sequence number (already disjoint)', () => {
    assert.deepEqual([...keysOf('s-{seq}', 1, 3, 3)], ['s-1', 's-4', 's-7']);
  });

  it('rejects fewer keys than shards, naming the key field', () => {
    const shard = { index: 0, count: 3 };
    assert.throws(() => compileKey('u-{seq % 2}', Math.random, shard), /key: \{seq % 2\} has 2 values, fewer than the 3 shards/);
    assert.throws(() => compileKey('u-{random 2}', Math.random, shard), /key: \{random 2\} has 2 values/);
    assert.throws(() => compileKey({ list: ['a', 'b'] }, Math.random, shard), /key\.list: has 2 keys, fewer than the 3 shards/);
    assert.throws(() => compileKey({ space: 2 }, Math.random, shard), /key\.space: has 2 keys, fewer than the 3 shards/);
  });

  describe('checkShard', () => {
    const check = (v: unknown): string[] => {
      const p = new Problems();
      checkShard(p, v, 'shard');
      return p.list.map((e) => e.message);
    };
    it('accepts 0-based indexes', () => assert.deepEqual(check({ index: 2, count: 3 }), []));
    it('rejects an index of N or more', () => assert.match(check({ index: 3, count: 3 })[0], /^shard\.index: shards are numbered 0\.\.2 \(0-based/));
    it('rejects a count of 0', () => assert.match(check({ index: 0, count: 0 })[0], /^shard\.count: /));
    it('rejects a negative or fractional index', () => assert.match(check({ index: -1, count: 3 })[0], /^shard\.index: /));
    it('rejects unknown fields', () => assert.match(check({ index: 0, count: 2, of: 3 })[0], /^shard\.of: unknown field/));
  });

  describe('checkStartAt', () => {
    const now = Date.parse('2026-12-01T12:00:00.000Z');
    const check = (v: unknown): { ms?: number; errors: string[] } => {
      const p = new Problems();
      const ms = checkStartAt(p, v, 'startAt', now, 1000);
      return { ms, errors: p.list.map((e) => e.message) };
    };
    it('reads ISO times and epoch ms (number or digits)', () => {
      assert.equal(check('2026-12-01T12:00:05Z').ms, now + 5000);
      assert.equal(check(now + 7).ms, now + 7);
      assert.equal(check(String(now + 7)).ms, now + 7);
    });
    it('accepts an instant less than the interval in the past', () => assert.deepEqual(check(now - 999).errors, []));
    it('rejects an instant more than the interval in the past', () => assert.match(check(now - 1500).errors[0], /^startAt: 2026-12-01T11:59:58\.500Z is 1500 ms in the past/));
    it('rejects what is not a time', () => assert.match(check('tomorrow').errors[0], /^startAt: expected an ISO time/));
    it('rejects more than a day ahead', () => assert.match(check(now + 25 * 3600_000).errors[0], /more than 24 h ahead/));
  });
});
