import { strict as assert } from 'node:assert';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Recorder } from '../../../src/result/recorder';
import { recorder } from './fixtures';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heap(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** `n` requests spread over the same 100 s of virtual time, latencies 0.1 ms .. 2 s. */
function run(n: number): { growth: number; r: Recorder } {
  const before = heap();
  const r = recorder({ intervalMs: 1000 });
  const step = 100_000 / n;
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const t = i * step;
    const ep = x & 1;
    const ms = 0.1 + (x % 20000) / 10;
    r.startedAt(ep, t);
    r.finishedAt(ep, t, t + 0.05, ms, (x & 0xff) !== 0, 'reset');
  }
  const growth = heap() - before;
  return { growth, r };
}

describe('result/recorder memory', () => {
  it('stays flat: 2,000,000 requests take about the memory of 200,000', () => {
    const small = run(200_000);
    const big = run(2_000_000);
    const res = big.r.result('completed', 100_000);
    assert.equal(res.totals.requests, 2_000_000);
    assert.equal(res.timeline.length, 100);
    assert.equal(small.r.result('completed', 100_000).totals.requests, 200_000);
    // per-request arrays would be 10x larger; allow 1.5x plus 1 MB for GC noise
    assert.ok(big.growth < small.growth * 1.5 + 1_000_000, `200k: ${small.growth} bytes, 2M: ${big.growth} bytes`);
  });
});
