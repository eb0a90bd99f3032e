/** Merging the shards of one run: which sets of parts are refused, and what the whole looks like. */
import { strict as assert } from 'node:assert';
import { mergeNamed, mergeResults } from '../../../src/result/merge';
import type { RunConfig, RunResult } from '../../../src/result/types';
import { assertValidRunResult } from '../../../src/result/validate';
import { CONFIG, recorder } from './fixtures';

const START = Date.parse('2025-01-01T00:00:00.000Z');

/** Shard `index` of `count`, started `delayMs` after START, with `n` requests to `a` in each of 3 intervals. */
function shard(index: number, count: number, delayMs = 0, n = 10, config: Partial<RunConfig> = {}): RunResult {
  const r = recorder({
    config: { ...CONFIG, load: { model: 'open', rate: 100 / count, maxInFlight: 8 }, requests: 30, ...config, shard: { index, count } },
    startedAt: new Date(START + delayMs),
  });
  for (let k = 0; k < 3; k++) {
    for (let j = 0; j < n; j++) {
      const t = k * 1000 + j * 10;
      r.startedAt(0, t);
      r.finishedAt(0, t, t + 2, 2, true);
    }
  }
  r.event({ at: 500, type: 'slowed', endpoint: 'a', detail: 'slowed 10x', value: 10 });
  return r.result('completed', 3000);
}

const names = (n: number): string[] => [...Array(n).keys()].map((i) => `shard-${i}.json`);

describe('result/merge: shards of one run', () => {
  it('gives the whole run: counts summed, rate and caps summed, shards named in events', () => {
    const parts = [shard(0, 3), shard(1, 3, 4), shard(2, 3, 7)];
    const m = mergeNamed(parts, names(3));
    assertValidRunResult(m);
    assert.equal(m.totals.requests, 90);
    assert.equal(m.endpoints.find((e) => e.id === 'a')!.requests, 90);
    assert.deepEqual(m.config.load, { model: 'open', rate: 100, maxInFlight: 24 });
    assert.equal(m.config.requests, 90);
    assert.equal(m.config.shards, 3);
    assert.equal(m.config.shard, undefined);
    assert.equal(m.startedAt, '2025-01-01T00:00:00.000Z');
    // One event per shard, each at its time on the merged clock, named by its shard.
    assert.deepEqual(m.events.map((e) => [e.at, e.shard]), [[500, 0], [504, 1], [507, 2]]);
  });

  it('aligns timelines on the absolute start: a few ms late lands in the same intervals, a whole interval late one later', () => {
    const m = mergeResults(shard(0, 2), shard(1, 2, 3));
    assert.deepEqual(m.timeline.map((p) => [p.t, p.total.requests]), [[0, 20], [1000, 20], [2000, 20]]);
    const late = mergeResults(shard(0, 2), shard(1, 2, 1000));
    assert.deepEqual(late.timeline.map((p) => [p.t, p.total.requests]), [[0, 10], [1000, 20], [2000, 20], [3000, 10]]);
    assert.equal(late.timeline.reduce((s, p) => s + p.total.requests, 0), late.totals.requests);
  });

  it('refuses a missing shard, naming which', () => {
    assert.throws(() => mergeNamed([shard(0, 3), shard(2, 3)], ['a.json', 'c.json']), /shard 1 of 3 missing/);
  });

  it('refuses a duplicated shard, naming both files', () => {
    assert.throws(() => mergeNamed([shard(0, 2), shard(1, 2), shard(1, 2)], ['a.json', 'b.json', 'c.json']), /b\.json and c\.json are both shard 1 of 2/);
  });

  it('refuses shards of different splits', () => {
    assert.throws(() => mergeNamed([shard(0, 2), shard(1, 3)], ['a.json', 'b.json']), /b\.json is shard 1 of 3, a\.json of 2/);
  });

  it('refuses shards of another pool', () => {
    const other = shard(1, 2, 0, 10, { pool: { ...CONFIG.pool, name: 'other' } });
    assert.throws(() => mergeNamed([shard(0, 2), other], ['a.json', 'b.json']), /b\.json ran another pool than a\.json/);
  });

  it('refuses shards of another strategy', () => {
    const other = shard(1, 2, 0, 10, { strategy: 'random' });
    assert.throws(() => mergeNamed([shard(0, 2), other], ['a.json', 'b.json']), /b\.json ran another strategy than a\.json/);
  });

  it('refuses a shard merged with a result that is not one', () => {
    const plain = shard(0, 1);
    delete plain.config.shard;
    assert.throws(() => mergeNamed([shard(0, 2), plain], ['a.json', 'b.json']), /b\.json is not a shard/);
  });
});
