/** Virtual servers report ORCA load (orca-window.ts); orca-weighted-round-robin steers by it. */
import { strict as assert } from 'node:assert';
import type { PoolConfig } from '../../../src/pools/types';
import { runSimulation } from '../../../src/simulate';
import { assertSound } from './helpers';

// Like the live test (test/integration/orca-live.test.ts): the same slots, one server five times slower (ten there).
const pool: PoolConfig = {
  name: 'one-slow',
  transport: 'grpc',
  endpoints: [
    { id: 'a', address: '127.0.0.1:9001', weight: 1, sim: { slots: 4, service: { type: 'exponential', meanMs: 4 } } },
    { id: 'b', address: '127.0.0.1:9002', weight: 1, sim: { slots: 4, service: { type: 'exponential', meanMs: 4 } } },
    { id: 'slow', address: '127.0.0.1:9003', weight: 1, sim: { slots: 4, service: { type: 'exponential', meanMs: 20 } } },
  ],
};

describe('simulate: ORCA load reports', () => {
  it("orca-weighted-round-robin (A58's defaults) moves load off the slow server; round-robin gives it a third", () => {
    const run = (strategy: 'round-robin' | 'orca-weighted-round-robin') => {
      // 12 s of warmup: past the 10 s blackout, so the shares are those of the weighted schedule.
      const out = runSimulation({ pool, strategy, load: { model: 'closed', concurrency: 6 }, durationMs: 30_000, warmupMs: 12_000, seed: 4 });
      assertSound(out);
      const slow = out.result.endpoints.find((e) => e.id === 'slow')!;
      return { share: slow.share, p99: out.result.totals.latency.p99 };
    };
    const rr = run('round-robin');
    const orca = run('orca-weighted-round-robin');
    console.log(`      slow server: share ${rr.share.toFixed(4)} (round-robin), ${orca.share.toFixed(4)} (orca); p99 ${rr.p99} ms vs ${orca.p99} ms`);
    // qps / utilization = slots / mean service time: weights 1 : 1 : 1/5, a share of 1/11 (9.1 %).
    assert.ok(Math.abs(rr.share - 1 / 3) < 0.01, `round-robin slow share ${rr.share}`);
    assert.ok(Math.abs(orca.share - 1 / 11) < 0.015, `orca slow share ${orca.share}`);
    assert.ok(orca.p99 < rr.p99, `p99 ${orca.p99} ms (orca) vs ${rr.p99} ms (round-robin)`);
  });
});
