/**
 * Priority levels live, against the demo servers on 127.0.0.1: two levels of four; two of the
 * first level's servers stop listening mid-run (scenario `leave`, through the control address),
 * outlier detection ejects them, and the first level's share moves from 100 % to Envoy's 70 %.
 */
import assert from 'node:assert/strict';
import { runLoadTest } from '../../src/loadtest';
import type { Pool } from '../../src/pools/types';
import type { RunResult } from '../../src/result/types';
import { assertValidRunResult } from '../../src/result/validate';
import { demo } from '../helpers/loadtest-servers';
import { p0Share } from '../helpers/shares';

describe('priority levels live (demo servers)', function () {
  this.timeout(60_000);

  it('P0 loses half its servers mid-run: its share goes from 100 % to 70 %', async () => {
    const ids = ['p1', 'p2', 'p3', 'p4', 's1', 's2', 's3', 's4'];
    const { servers, pool } = await demo(ids.map((id) => ({ id, medianMs: 1, p99Ms: 4 })));
    try {
      const endpoints = pool.endpoints.map((e) => ({ ...e, priority: e.id.startsWith('p') ? 0 : 1 }));
      const result = await runLoadTest({
        pool: { ...pool, endpoints } as Pool,
        strategy: 'round-robin',
        load: { model: 'closed', concurrency: 4 },
        durationMs: 3000,
        intervalMs: 250,
        seed: 12,
        outlierDetection: { consecutiveErrors: 3, maxEjectionPercent: 50, baseEjectionTimeMs: 60_000 },
        scenario: [
          { at: 1000, endpoint: 'p1', action: 'leave' },
          { at: 1000, endpoint: 'p2', action: 'leave' },
        ],
      });
      assertValidRunResult(result);
      assert.equal(result.status, 'completed');
      assert.equal(p0Share(result, 0, 1000), 1, 'all to P0 while it is healthy');
      const ejected = result.events.filter((e) => e.type === 'ejected');
      assert.deepEqual(ejected.map((e) => e.endpoint).sort(), ['p1', 'p2']);
      // Ejections follow the first errors within a few requests; give a loaded machine 500 ms.
      const settled = Math.max(...ejected.map((e) => e.at)) + 500;
      assert.ok(settled < 2500, `ejected by ${settled - 500} ms`);
      const after = p0Share(result, Math.ceil(settled / 250) * 250, 3000);
      if (process.env.PRINT_FIGURES) console.log(`P0 share after the ejections: ${after}`);
      assert.ok(after > 0.65 && after < 0.75, `P0 share after the ejections ${after}, want 0.70`);
      assert.equal(result.events.some((e) => e.type === 'panic'), false);
    } finally {
      await servers.close();
    }
  });
});

describe('slow start live (demo servers)', function () {
  this.timeout(60_000);

  /**
   * s4 out of the balancer, then joins cold (scenario `coldJoin`, through the control address):
   * 250x slower (about 500 ms), falling linearly to normal over 2 s, so over 10x for 1.9 s.
   * 12 s at 300/s: a stall of the test process must last over 120 ms to reach p99 at all.
   */
  const cold = [
    { at: 0, endpoint: 's4', action: 'remove' as const },
    { at: 1000, endpoint: 's4', action: 'coldJoin' as const, value: 250, forMs: 2000 },
  ];

  it('a cold joiner (coldJoin): without slow start over 1 % of requests meet it cold; with a 10 s ramp p99 is under half', async () => {
    const { servers, pool } = await demo(['s1', 's2', 's3', 's4'].map((id) => ({ id, medianMs: 2, p99Ms: 5 })));
    try {
      const run = (slowStart?: { window: string }) => runLoadTest({
        pool,
        strategy: 'weighted-round-robin',
        load: { model: 'open', rate: 300 },
        durationMs: 12_000,
        seed: 13,
        scenario: cold,
        ...(slowStart ? { slowStart } : {}),
      });
      const without = await run();
      const ramped = await run({ window: '10s' });
      for (const r of [without, ramped]) assertValidRunResult(r);
      const s4 = (r: RunResult) => r.endpoints.find((e) => e.id === 's4')!.requests;
      if (process.env.PRINT_FIGURES) {
        console.log(`p99 without slow start ${without.totals.latency.p99} ms, with ${ramped.totals.latency.p99} ms; s4 served ${s4(without)} vs ${s4(ramped)}`);
      }
      // Without: s4 takes a quarter of the requests sent while it is over 10x slow, 570 of them,
      // 1.6 % of the run, so p99 is one of them (hundreds of ms). With: about 5 % of them (weight
      // 0.1 to 0.2 of 3.2), 0.3 % of the run, so p99 is the others' (a few ms, tens on a loaded machine).
      assert.ok(without.totals.latency.p99 > 100, `p99 without slow start ${without.totals.latency.p99} ms`);
      assert.ok(ramped.totals.latency.p99 < 0.5 * without.totals.latency.p99, `p99 ${ramped.totals.latency.p99} ms with slow start, ${without.totals.latency.p99} ms without`);
      assert.ok(s4(ramped) < s4(without));
    } finally {
      await servers.close();
    }
  });
});
