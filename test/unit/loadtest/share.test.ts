/** How a run's load is split across worker threads. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { shareLoad, splitInteger, usefulWorkers, WHOLE } from '../../../src/loadtest/share';
import type { LoadModel } from '../../../src/result/types';

const shares = (count: number) => Array.from({ length: count }, (_, index) => ({ index, count }));

describe('loadtest: share', () => {
  describe('splitInteger', () => {
    it('gives the first total % count workers one more', () => {
      assert.deepEqual(shares(3).map((s) => splitInteger(10, s)), [4, 3, 3]);
      assert.deepEqual(shares(4).map((s) => splitInteger(10, s)), [3, 3, 2, 2]);
      assert.deepEqual(shares(4).map((s) => splitInteger(2, s)), [1, 1, 0, 0]);
      assert.deepEqual(shares(2).map((s) => splitInteger(0, s)), [0, 0]);
      assert.equal(splitInteger(7, WHOLE), 7);
    });

    it('property: the parts add up to the total and differ by at most one, larger first', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 64 }), (total, count) => {
          const parts = shares(count).map((s) => splitInteger(total, s));
          assert.equal(parts.reduce((a, b) => a + b, 0), total);
          assert.ok(Math.max(...parts) - Math.min(...parts) <= 1, `${parts}`);
          assert.deepEqual(parts, parts.slice().sort((a, b) => b - a));
        }),
      );
    });
  });

  describe('shareLoad', () => {
    it('returns the load itself for a single worker', () => {
      const load: LoadModel = { model: 'open', rate: 100, maxInFlight: 3 };
      assert.equal(shareLoad(load, WHOLE), load);
    });

    it('closed: splits concurrency, keeps the think time', () => {
      const load: LoadModel = { model: 'closed', concurrency: 5, thinkTimeMs: 20 };
      assert.deepEqual(shares(2).map((s) => shareLoad(load, s)), [
        { model: 'closed', concurrency: 3, thinkTimeMs: 20 },
        { model: 'closed', concurrency: 2, thinkTimeMs: 20 },
      ]);
    });

    it('open: splits the rate evenly (not in integers) and the in-flight cap, never below one', () => {
      assert.deepEqual(shares(3).map((s) => shareLoad({ model: 'open', rate: 100, maxInFlight: 4 }, s)), [
        { model: 'open', rate: 100 / 3, maxInFlight: 2 },
        { model: 'open', rate: 100 / 3, maxInFlight: 1 },
        { model: 'open', rate: 100 / 3, maxInFlight: 1 },
      ]);
      assert.deepEqual(shareLoad({ model: 'open', rate: 10, maxInFlight: 1 }, { index: 1, count: 2 }), { model: 'open', rate: 5, maxInFlight: 1 });
    });

    it('open without a cap stays without one', () => {
      const out = shareLoad({ model: 'open', rate: 10 }, { index: 0, count: 2 });
      assert.deepEqual(out, { model: 'open', rate: 5 });
      assert.ok(!('maxInFlight' in out));
    });
  });

  describe('usefulWorkers', () => {
    it('starts no worker that would get no caller or no request', () => {
      assert.equal(usefulWorkers({ model: 'closed', concurrency: 2 }, undefined, 4), 2);
      assert.equal(usefulWorkers({ model: 'closed', concurrency: 8 }, 3, 4), 3);
      assert.equal(usefulWorkers({ model: 'closed', concurrency: 8 }, undefined, 4), 4);
      assert.equal(usefulWorkers({ model: 'open', rate: 1 }, undefined, 4), 4);
      assert.equal(usefulWorkers({ model: 'open', rate: 100 }, 2, 4), 2);
    });

    it('always starts at least one', () => {
      assert.equal(usefulWorkers({ model: 'open', rate: 100 }, 0, 4), 1);
      assert.equal(usefulWorkers({ model: 'closed', concurrency: 4 }, undefined, 0), 1);
    });
  });
});
