/**
 * orca-weighted-round-robin against the demo servers on 127.0.0.1: one server is ten times
 * slower with the same slots, so its slots fill and its ORCA reports (computed by the server from
 * what it does: busy slot-time, served rate) say so. gRFC A58's weight qps / utilization is then
 * about slots / mean service time, and the balancer moves load off the slow server; round-robin
 * keeps sending it a third. Bounded: three runs of 2 s at concurrency 6.
 */
import assert from 'node:assert/strict';
import { runLoadTest } from '../../src/loadtest';
import type { DemoTransport } from '../../src/demo/index';
import { assertValidRunResult } from '../../src/result/validate';
import { demo } from '../helpers/loadtest-servers';

const ENDPOINTS = [
  { id: 'a', medianMs: 4, concurrency: 4 },
  { id: 'b', medianMs: 4, concurrency: 4 },
  { id: 'slow', medianMs: 40, concurrency: 4 },
];
// A58's periods shortened to fit a 2 s run: weights count at once and are re-read every 100 ms.
const ORCA_OPTIONS = { blackoutPeriodMs: 0, weightUpdatePeriodMs: 100 };

async function slowShare(strategy: 'round-robin' | 'orca-weighted-round-robin', transport: DemoTransport): Promise<number> {
  const { servers, pool } = await demo(ENDPOINTS, transport, 5);
  try {
    const result = await runLoadTest({
      pool,
      strategy,
      strategyOptions: strategy === 'round-robin' ? {} : ORCA_OPTIONS,
      load: { model: 'closed', concurrency: 6 },
      durationMs: 2000,
      seed: 3,
    });
    assertValidRunResult(result);
    assert.equal(result.status, 'completed');
    assert.equal(result.totals.errors, 0);
    assert.ok(result.totals.requests > 200, `only ${result.totals.requests} requests in 2 s`);
    return result.endpoints.find((e) => e.id === 'slow')!.share;
  } finally {
    await servers.close();
  }
}

describe('orca-weighted-round-robin: live, against demo servers that report ORCA load', function () {
  this.timeout(30_000);

  it('moves load off the server whose reports show full slots (HTTP header, gRPC trailer); round-robin does not', async () => {
    const rr = await slowShare('round-robin', 'http');
    const http = await slowShare('orca-weighted-round-robin', 'http');
    const grpc = await slowShare('orca-weighted-round-robin', 'grpc');
    console.log(`      slow server's share: round-robin ${rr.toFixed(3)}, orca over http ${http.toFixed(3)}, over grpc ${grpc.toFixed(3)}`);
    // Round robin: a third, whatever the server says. ORCA weights tend to 4/4 : 4/4 : 4/40, so the
    // slow server's share tends to 1/21 (5 %); the first 100 ms are round robin, hence the margin.
    assert.ok(Math.abs(rr - 1 / 3) < 0.02, `round-robin slow share ${rr}`);
    for (const [name, share] of [['http', http], ['grpc', grpc]] as const) {
      assert.ok(share < rr - 0.1, `orca over ${name}: slow share ${share} vs round-robin ${rr}`);
      assert.ok(share > 0.02, `orca over ${name}: the slow server still gets some (${share})`);
    }
  });
});
