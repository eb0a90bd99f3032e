/**
 * `coldJoin` live and simulated agree in shape: the same pool, scenario and load against the demo
 * servers on 127.0.0.1 and against their virtual twins. What the cold curve adds to the joiner
 * (src/faults/cold-start.ts: service × (1 + 4 (1 - t / 3 s)), 10 ms warm) is read per half second
 * as its p50 minus the warm server's, so what a loaded machine adds to every loopback call cancels.
 */
import assert from 'node:assert/strict';
import { runLoadTest } from '../../src/loadtest';
import type { Pool, ScenarioStep } from '../../src/pools/types';
import type { RunResult } from '../../src/result/types';
import { assertValidRunResult } from '../../src/result/validate';
import { runSimulation } from '../../src/simulate';
import { demo } from '../helpers/loadtest-servers';

const INTERVAL = 500;

/**
 * Per interval that starts at least one interval after s2 joined (its first one also pays for new
 * connections): s2's p50 minus s1's, and what the curve adds at the interval's middle.
 */
function coldExtra(r: RunResult): { t: number; extra: number; want: number }[] {
  const joined = r.events.find((e) => e.type === 'added' && e.endpoint === 's2')!.at;
  return r.timeline
    .filter((p) => p.t >= joined + INTERVAL && (p.endpoints.s2?.requests ?? 0) > 0 && (p.endpoints.s1?.requests ?? 0) > 0 && p.t + INTERVAL <= r.durationMs)
    .map((p) => {
      const since = p.t + INTERVAL / 2 - joined;
      const m = since >= 3000 ? 1 : 1 + 4 * (1 - since / 3000);
      return { t: p.t, extra: p.endpoints.s2.p50 - p.endpoints.s1.p50, want: 10 * (m - 1) };
    });
}

describe('coldJoin live and simulated (demo servers)', function () {
  this.timeout(60_000);

  it('what the cold curve adds to the joiner follows 10 ms × 4 (1 - t / 3 s) in both, then nothing', async () => {
    // A constant 10 ms (p99 = median), slots enough that nothing queues: latency is service.
    const sim = { slots: 64, service: { type: 'constant', ms: 10 }, rttMs: 0 };
    const { servers, pool } = await demo(['s1', 's2'].map((id) => ({ id, medianMs: 10, p99Ms: 10, concurrency: 64, sim })));
    try {
      const scenario: ScenarioStep[] = [
        { at: 0, endpoint: 's2', action: 'remove' },
        { at: 1000, endpoint: 's2', action: 'coldJoin', value: 5, forMs: 3000 },
      ];
      const config = { pool: pool as Pool, strategy: 'round-robin' as const, load: { model: 'open' as const, rate: 100 }, durationMs: 6000, intervalMs: INTERVAL, scenario, seed: 4 };
      const live = await runLoadTest(config);
      const simulated = runSimulation(config).result;
      for (const r of [live, simulated]) assertValidRunResult(r);
      const [l, s] = [coldExtra(live), coldExtra(simulated)];
      if (process.env.PRINT_FIGURES) {
        const show = (xs: typeof l) => xs.map((x) => `${x.t}: ${x.extra.toFixed(1)}/${x.want.toFixed(1)}`).join(', ');
        console.log(`s2 - s1 p50 (measured/curve, ms) live ${show(l)}; simulated ${show(s)}`);
      }
      // Seeded and exact but for the median of 25 Poisson arrivals per interval: 10 % + 0.5 ms.
      for (const x of s) assert.ok(Math.abs(x.extra - x.want) <= 0.1 * (x.want + 10) + 0.5, `simulated t=${x.t}: +${x.extra} ms, want +${x.want}`);
      assert.ok(s.filter((x) => x.want >= 5).length >= 4, 'the simulation checks the cold window');
      // Live: 30 % + 5 ms, what a loaded 2-core machine blurs; a joiner that is not cold fails at once (0 vs 27 ms).
      for (const x of l) assert.ok(Math.abs(x.extra - x.want) <= 0.3 * x.want + 5, `live t=${x.t}: +${x.extra} ms, want +${x.want}`);
      assert.ok(l.filter((x) => x.want >= 5).length >= 2, `the live run checks the cold window: ${JSON.stringify(l)}`);
    } finally {
      await servers.close();
    }
  });
});
