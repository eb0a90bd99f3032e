/** A shard's plan: the load divided exactly, and every shard option checked with its path before any traffic. */
import { strict as assert } from 'node:assert';
import { shardFlag } from '../../../src/cli/run-flags';
import { makePlan } from '../../../src/loadtest/plan';
import type { LoadTestConfig } from '../../../src/loadtest/types';
import { parsePool } from '../../../src/pools/parse';
import type { LoadModel } from '../../../src/result/types';
import { waitUntil, wholeShare } from '../../../src/loadtest/start-at';

const POOL = parsePool({ name: 'p', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1' }] });

function config(extra: Partial<LoadTestConfig>, load: LoadModel = { model: 'open', rate: 1000, maxInFlight: 10 }): LoadTestConfig {
  return { pool: POOL, load, durationMs: 1000, ...extra };
}

function problems(extra: Partial<LoadTestConfig>, load?: LoadModel): string {
  try {
    makePlan(config(extra, load));
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('loadtest/shard-plan', () => {
  it('divides the rate exactly and spreads the callers, requests and in-flight cap, summing to the whole', () => {
    const plans = [0, 1, 2].map((index) => makePlan(config({ shard: { index, count: 3 }, requests: 100, seed: 5 })));
    const rates = plans.map((p) => (p.load.model === 'open' ? p.load.rate : 0));
    assert.deepEqual(rates, [1000 / 3, 1000 / 3, 1000 / 3]);
    assert.deepEqual(plans.map((p) => p.requests), [34, 33, 33]);
    assert.deepEqual(plans.map((p) => (p.load.model === 'open' ? p.load.maxInFlight : 0)), [4, 3, 3]);
    const closed = [0, 1, 2, 3].map((index) => makePlan(config({ shard: { index, count: 4 } }, { model: 'closed', concurrency: 10 })));
    assert.deepEqual(closed.map((p) => (p.load.model === 'closed' ? p.load.concurrency : 0)), [3, 3, 2, 2]);
    assert.deepEqual(plans[1].shard, { index: 1, count: 3 });
    // The plan keeps the run's seed; each shard's (and worker's) streams derive from it (wholeShare).
    assert.deepEqual(plans.map((p) => p.seed), [5, 5, 5]);
  });

  it('worker w of W in shard i of N is i + N*w of N*W: sequence numbers stay in the shard, every thread distinct', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 3; i++) for (let w = 0; w < 2; w++) {
      const s = wholeShare({ index: i, count: 3 }, { index: w, count: 2 });
      assert.equal(s.count, 6);
      assert.equal(s.index % 3, i);
      seen.add(s.index);
    }
    assert.equal(seen.size, 6);
  });

  it('rejects fewer callers than shards', () => assert.match(problems({ shard: { index: 0, count: 3 } }, { model: 'closed', concurrency: 2 }), /load\.concurrency: 2 callers cannot be split over 3 shards/));
  it('rejects fewer requests than shards', () => assert.match(problems({ shard: { index: 0, count: 3 }, requests: 2 }), /requests: 2 requests cannot be split over 3 shards/));
  it('rejects an in-flight cap below the shard count', () => assert.match(problems({ shard: { index: 0, count: 20 } }), /load\.maxInFlight: 10 cannot be split over 20 shards/));
  it('rejects an index out of range', () => assert.match(problems({ shard: { index: 3, count: 3 } }), /shard\.index: shards are numbered 0\.\.2/));
  it('rejects a key list smaller than the shard count', () => assert.match(problems({ shard: { index: 0, count: 3 }, key: { list: ['a', 'b'] } }), /key\.list: has 2 keys, fewer than the 3 shards/));
  it('rejects a body placeholder with fewer values than shards', () => {
    const pool = parsePool({ name: 'p', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1' }], request: { method: 'POST', path: '/', body: { user: 'u-{seq % 2}' } } });
    assert.match(problems({ pool, shard: { index: 0, count: 3 } }), /request\.body\.user: \{seq % 2\} has 2 values, fewer than the 3 shards/);
  });
  it('rejects a start already more than the timeline interval past', () => assert.match(problems({ startAt: Date.now() - 5000 }), /^startAt: .* ms in the past \(more than the 1000 ms interval\)/));
  it('keeps a start ahead, as epoch ms', () => {
    const at = Date.now() + 60_000;
    assert.equal(makePlan(config({ startAt: new Date(at).toISOString() })).startAt, at);
  });

  it('waitUntil resolves at the instant from one timer, and at once when aborted', async () => {
    let now = 0;
    const t0 = performance.now();
    await waitUntil(30, undefined, () => now);
    assert.ok(performance.now() - t0 >= 29, 'resolved before the instant');
    now = 0;
    const controller = new AbortController();
    const waiting = waitUntil(3_600_000, controller.signal, () => now);
    controller.abort();
    await waiting; // an hour's wait that a cancel ends: the test would time out otherwise
  });

  it('--shard reads i/N and rejects anything else, naming the flag', () => {
    assert.deepEqual(shardFlag('2/5'), { index: 2, count: 5 });
    assert.throws(() => shardFlag('2 of 5'), /^UsageError: --shard: expected i\/N with 0 <= i < N/);
    assert.throws(() => shardFlag('-1/5'), /--shard: expected i\/N/);
  });
});
