/**
 * The load-test runner against the demo servers on 127.0.0.1: counts match what the servers
 * counted, weights show in the shares, cancel yields a partial valid result, bad config is
 * rejected before anything is sent. Every result is validated against the RunResult schema.
 * Run with the default HTTP client only: the runner does not depend on which one sends, the
 * transport suites (transport*.test.ts) hold both clients to the same behaviour, and the
 * nginx and worker-thread suites run a whole load test through each.
 */
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/engine/errors';
import { runLoadTest } from '../../src/loadtest';
import type { RunProgress } from '../../src/loadtest';
import { assertValidRunResult } from '../../src/result/validate';
import type { RunEvent } from '../../src/result/types';
import type { Pool } from '../../src/pools/types';
import { demo, refusingAddress, resettingServer, servedCounts } from '../helpers/loadtest-servers';

describe('runLoadTest: closed and open model against the demo servers', function () {
  this.timeout(30_000);

  it('counts per endpoint exactly what the servers answered (closed model, round-robin)', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 2 }, { id: 'c', medianMs: 1 }]);
    try {
      const progress: RunProgress[] = [];
      const result = await runLoadTest(
        { pool, strategy: 'round-robin', load: { model: 'closed', concurrency: 8 }, durationMs: 1500, seed: 1 },
        { onProgress: (p) => progress.push(p) },
      );
      assertValidRunResult(result);
      assert.equal(result.status, 'completed');
      const served = servedCounts(servers);
      for (const ep of result.endpoints) assert.equal(ep.requests, served[ep.id], `endpoint ${ep.id}`);
      assert.equal(result.totals.errors, 0);
      assert.ok(result.totals.requests > 500, `only ${result.totals.requests} requests in 1.5 s`);
      // round-robin: within one request per caller of each other
      const counts = result.endpoints.map((e) => e.requests);
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 8, `uneven: ${counts}`);
      assert.ok(progress.length >= 4, `${progress.length} progress reports in 1.5 s`);
      assert.ok(progress.at(-1)!.requests > 0);
      assert.equal(result.config.strategy, 'round-robin');
      assert.deepEqual(result.config.load, { model: 'closed', concurrency: 8 });
    } finally {
      await servers.close();
    }
  });

  it('stops after exactly `requests` requests', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1 }]);
    try {
      const result = await runLoadTest({ pool, load: { model: 'closed', concurrency: 7 }, requests: 333, seed: 2 });
      assertValidRunResult(result);
      assert.equal(result.totals.requests, 333);
      const served = servedCounts(servers);
      assert.equal(served.a + served.b, 333);
    } finally {
      await servers.close();
    }
  });

  it('spreads load by weight: weighted-round-robin shares within 0.01 of weight / sum', async () => {
    const { servers, pool } = await demo([
      { id: 'w1', weight: 1, medianMs: 1 },
      { id: 'w2', weight: 2, medianMs: 1 },
      { id: 'w5', weight: 5, medianMs: 1 },
    ]);
    try {
      const result = await runLoadTest({ pool, strategy: 'weighted-round-robin', load: { model: 'closed', concurrency: 8 }, durationMs: 1200, seed: 3 });
      assertValidRunResult(result);
      for (const ep of result.endpoints) {
        assert.ok(Math.abs(ep.share - ep.fairShare) < 0.01, `${ep.id}: share ${ep.share} vs fair ${ep.fairShare}`);
      }
      const served = servedCounts(servers);
      for (const ep of result.endpoints) assert.equal(ep.requests, served[ep.id]);
    } finally {
      await servers.close();
    }
  });

  it('open model: keeps the rate and measures a 1 s stall from the intended send time; the closed model hides most of it', async () => {
    const { servers, pool } = await demo([{ id: 's1', medianMs: 2, p99Ms: 4 }, { id: 's2', medianMs: 2, p99Ms: 4 }]);
    try {
      const scenario = [{ at: 700, endpoint: 's2', action: 'stall' as const, value: 1000 }];
      const open = await runLoadTest({ pool, load: { model: 'open', rate: 200 }, durationMs: 2500, scenario, seed: 4 });
      assertValidRunResult(open);
      servers.recover('s2');
      const closed = await runLoadTest({ pool, load: { model: 'closed', concurrency: 4 }, durationMs: 2500, scenario, seed: 4 });
      assertValidRunResult(closed);
      // 200/s for 2.5 s: 500 sends, each counted (requests that finished) or in flight at the end.
      assert.ok(Math.abs(open.totals.requests - 500) <= 2, `open model sent ${open.totals.requests}`);
      assert.ok(open.totals.late, 'open model reports late sends');
      assert.ok(open.totals.latency.p99 > 500, `open p99 ${open.totals.latency.p99} ms should show the stall`);
      // Each closed caller meets the stall at most once (4 of thousands of requests): its p99 stays
      // below the stall itself, whatever the machine's normal latency.
      assert.ok(closed.totals.latency.p99 < 500, `closed p99 ${closed.totals.latency.p99} ms should hide most of it`);
      assert.ok(closed.totals.latency.max > 500, 'the closed model still saw the stall in its max');
      for (const r of [open, closed]) {
        const ev = r.events.find((e) => e.endpoint === 's2' && e.detail?.includes('stalls'));
        // Applied on its timer, never before 700 ms (a timer may fire up to 1 ms early), within the run.
        assert.ok(ev && ev.at >= 699 && ev.at < 2500, `stall event at ${ev?.at}`);
      }
    } finally {
      await servers.close();
    }
  });

  it('open model: sends exactly the schedule within the duration, and ends on time at a low rate', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }]);
    try {
      const result = await runLoadTest({ pool, load: { model: 'open', rate: 2 }, durationMs: 1200, seed: 36 });
      assertValidRunResult(result);
      // due at 0, 500 and 1000 ms; the next (1500) is past the end
      assert.equal(result.totals.requests, 3);
      assert.equal(servedCounts(servers).a, 3);
      // The result is taken after the answer to the send due at 1000 ms.
      assert.ok(result.durationMs >= 1000, `ended at ${result.durationMs} ms, before its last send was due`);
      // That the run ends once no send is due before 1200 ms, not at the next send (1500 ms), is the
      // pacer's unit test, on a virtual clock; here only "does not hang", 10x the duration.
      assert.ok(result.durationMs < 12_000, `took ${result.durationMs} ms`);
    } finally {
      await servers.close();
    }
  });

  it('open model: the maxInFlight cap drops sends and counts them', async () => {
    const { servers, pool } = await demo([{ id: 'slow', medianMs: 200, p99Ms: 220, concurrency: 100 }]);
    try {
      const result = await runLoadTest({ pool, load: { model: 'open', rate: 100, maxInFlight: 5 }, durationMs: 1000, seed: 5 });
      assertValidRunResult(result);
      // 5 in flight at ~200 ms each: ~25 answered a second, the other ~75 dropped.
      assert.ok(result.totals.dropped! > 50, `dropped ${result.totals.dropped}`);
      assert.ok(result.totals.requests + result.totals.dropped! >= 98, 'every send either went or was dropped');
      assert.equal(result.totals.requests, servedCounts(servers).slow);
    } finally {
      await servers.close();
    }
  });

  it('cancel: resolves quickly with a partial, schema-valid result', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1 }]);
    try {
      const controller = new AbortController();
      // Cancel once requests are flowing (a condition, not a time).
      const result = await runLoadTest(
        { pool, load: { model: 'closed', concurrency: 4 }, durationMs: 20_000, seed: 6 },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.requests >= 50) controller.abort();
          },
        },
      );
      assertValidRunResult(result);
      assert.equal(result.status, 'cancelled');
      assert.ok(result.totals.requests >= 50);
      // Ended by the cancel, not by the 20 s duration; half of it leaves a loaded machine ample room.
      assert.ok(result.durationMs < 10_000, `took ${result.durationMs} ms`);
    } finally {
      await servers.close();
    }
  });

  it('scenario: faults through the control address and remove/add on the balancer, each in the events', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1 }, { id: 'c', medianMs: 1 }]);
    try {
      const seen: RunEvent[] = [];
      const result = await runLoadTest(
        {
          pool,
          load: { model: 'closed', concurrency: 4 },
          durationMs: 1600,
          seed: 7,
          scenario: [
            { at: 200, endpoint: 'a', action: 'slow', value: 3 },
            { at: 300, endpoint: 'b', action: 'fail', value: 1 },
            { at: 400, endpoint: 'c', action: 'remove' },
            { at: 1000, endpoint: 'c', action: 'add' },
            { at: 1100, endpoint: 'b', action: 'recover' },
          ],
        },
        { onEvent: (e) => seen.push(e) },
      );
      assertValidRunResult(result);
      assert.deepEqual(result.events.map((e) => `${e.type}:${e.endpoint}`), ['slowed:a', 'failed:b', 'removed:c', 'added:c', 'recovered:b']);
      assert.equal(seen.length, 5);
      const b = result.endpoints.find((e) => e.id === 'b')!;
      assert.ok(b.errors > 0 && b.errorsByKind.http_500 === b.errors, `b errors ${JSON.stringify(b.errorsByKind)}`);
      // c was out of the pool for 0.6 s of 1.6 s: its share falls well below a third
      const c = result.endpoints.find((e) => e.id === 'c')!;
      assert.ok(c.share < 0.28, `c share ${c.share}`);
      const served = servedCounts(servers);
      for (const ep of result.endpoints) assert.equal(ep.requests, served[ep.id]);
    } finally {
      await servers.close();
    }
  });

  it('feedback reaches the balancer: outlier detection ejects an endpoint that always fails', async () => {
    const { servers, pool } = await demo([{ id: 'good', medianMs: 1 }, { id: 'bad', medianMs: 1, errorRate: 1 }]);
    try {
      const result = await runLoadTest({
        pool,
        strategy: 'round-robin',
        outlierDetection: { consecutiveErrors: 3, baseEjectionTimeMs: 10_000 },
        load: { model: 'closed', concurrency: 2 },
        durationMs: 800,
        seed: 8,
      });
      assertValidRunResult(result);
      assert.ok(result.events.some((e) => e.type === 'ejected' && e.endpoint === 'bad'), JSON.stringify(result.events));
      const bad = result.endpoints.find((e) => e.id === 'bad')!;
      assert.ok(bad.share < 0.05, `bad still took ${bad.share}`);
    } finally {
      await servers.close();
    }
  });

  it('hash keys from a template: each key always lands on one endpoint, and the ring is recorded', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1 }, { id: 'c', medianMs: 1 }]);
    try {
      const result = await runLoadTest({ pool, strategy: 'consistent-hash', key: 'user-{seq % 1}', load: { model: 'closed', concurrency: 2 }, requests: 200, seed: 9 });
      assertValidRunResult(result);
      // one key only: every request on one endpoint
      assert.equal(Math.max(...result.endpoints.map((e) => e.requests)), 200);
      assert.ok(result.ring, 'ring info');
      assert.equal(result.ring!.strategy, 'consistent-hash');
      assert.ok(result.ring!.points > 0);
      assert.deepEqual([...new Set(result.ring!.sampleKeys)], ['user-0']);
      const spread = await runLoadTest({ pool, strategy: 'maglev', key: { list: ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8'] }, load: { model: 'closed', concurrency: 2 }, requests: 400, seed: 9 });
      assertValidRunResult(spread);
      assert.ok(spread.endpoints.filter((e) => e.requests > 0).length >= 2, 'eight keys should reach more than one endpoint');
    } finally {
      await servers.close();
    }
  });

  it('a server that refuses, one that resets, and one that dies mid-run are counted; the run completes', async () => {
    const { servers, pool } = await demo([{ id: 'good', medianMs: 1 }, { id: 'dies', medianMs: 1 }]);
    const reset = await resettingServer();
    try {
      const endpoints = [...pool.endpoints, { id: 'refuses', address: await refusingAddress(), weight: 1 }, { id: 'resets', address: reset.address, weight: 1 }];
      const result = await runLoadTest({
        pool: { ...pool, endpoints },
        load: { model: 'closed', concurrency: 4 },
        durationMs: 1500,
        seed: 31,
        scenario: [{ at: 500, endpoint: 'dies', action: 'leave' }],
      });
      assertValidRunResult(result);
      assert.equal(result.status, 'completed');
      const by = Object.fromEntries(result.endpoints.map((e) => [e.id, e]));
      assert.equal(by.refuses.errors, by.refuses.requests);
      assert.equal(by.refuses.errorsByKind.refused, by.refuses.requests);
      assert.ok(by.refuses.requests > 10);
      assert.equal(by.resets.errorsByKind.reset, by.resets.requests);
      assert.ok(by.resets.requests > 10);
      assert.ok(by.dies.ok > 10, 'dies answered before it left');
      const diesErrors = (by.dies.errorsByKind.refused ?? 0) + (by.dies.errorsByKind.reset ?? 0);
      assert.ok(diesErrors > 10 && diesErrors === by.dies.errors, `dies: ${JSON.stringify(by.dies.errorsByKind)}`);
      assert.equal(by.good.errors, 0);
      assert.equal(by.good.requests, servedCounts(servers).good);
      assert.ok(result.events.some((e) => e.type === 'left' && e.endpoint === 'dies'));
    } finally {
      await reset.close();
      await servers.close();
    }
  });

  it('jsonrpc: hash keys from a request field (params.0, expanded per request) and counts equal the servers', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1 }, { id: 'c', medianMs: 1 }], 'jsonrpc');
    try {
      const result = await runLoadTest({
        pool: { ...pool, request: { method: 'demo.call', params: ['acct-{seq % 2}'] } } as Pool,
        strategy: 'rendezvous',
        key: { field: 'params.0' },
        load: { model: 'closed', concurrency: 3 },
        requests: 300,
        seed: 32,
      });
      assertValidRunResult(result);
      assert.equal(result.totals.errors, 0, JSON.stringify(result.totals.errorsByKind));
      assert.deepEqual([...new Set(result.ring!.sampleKeys)].sort(), ['acct-0', 'acct-1']);
      // two keys: at most two endpoints served, each key sticking to one
      assert.ok(result.endpoints.filter((e) => e.requests > 0).length <= 2);
      assert.ok(result.endpoints.every((e) => e.requests % 150 === 0), result.endpoints.map((e) => e.requests).join(','));
      const served = servedCounts(servers);
      for (const ep of result.endpoints) assert.equal(ep.requests, served[ep.id]);
    } finally {
      await servers.close();
    }
  });

  it('grpc: a run against the gRPC demo servers counts what they answered', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1, errorRate: 0.5 }], 'grpc');
    try {
      const result = await runLoadTest({ pool, strategy: 'least-load', load: { model: 'closed', concurrency: 4 }, durationMs: 1000, seed: 33 });
      assertValidRunResult(result);
      const served = servedCounts(servers);
      for (const ep of result.endpoints) assert.equal(ep.requests, served[ep.id]);
      const b = result.endpoints.find((e) => e.id === 'b')!;
      assert.ok(b.errorsByKind.grpc_UNAVAILABLE > 0 && b.errorsByKind.grpc_UNAVAILABLE === b.errors);
      assert.equal(result.config.transport, 'grpc');
    } finally {
      await servers.close();
    }
  });

  it('warmup: requests started during the warmup are left out of every figure but counted apart', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1 }]);
    try {
      const t0 = performance.now();
      const result = await runLoadTest({ pool, load: { model: 'closed', concurrency: 4 }, warmupMs: 400, durationMs: 800, seed: 34 });
      const wholeCall = performance.now() - t0;
      assertValidRunResult(result);
      assert.ok(result.totals.warmupRequests! > 20, `warmup requests ${result.totals.warmupRequests}`);
      const served = servedCounts(servers);
      assert.equal(result.totals.requests + result.totals.warmupRequests!, served.a + served.b);
      // The measured time is the whole 800 ms (a timer may fire up to 1 ms early) and leaves the
      // 400 ms warmup out: it fits in the call's own time minus the warmup.
      assert.ok(result.durationMs >= 799 && result.durationMs <= wholeCall - 400, `measured ${result.durationMs} ms of a ${wholeCall} ms call`);
      assert.ok(result.events.some((e) => e.type === 'warmup-ended'));
    } finally {
      await servers.close();
    }
  });

  it('a scenario fault that cannot be applied midway ends the run as failed, with everything gathered', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }]);
    try {
      const deadControl = await refusingAddress();
      const result = await runLoadTest({
        pool: { ...pool, control: deadControl },
        load: { model: 'closed', concurrency: 2 },
        durationMs: 5000,
        seed: 35,
        scenario: [{ at: 300, endpoint: 'a', action: 'slow', value: 2 }],
      });
      assertValidRunResult(result);
      assert.equal(result.status, 'failed');
      assert.match(result.error!, /scenario: cannot reach the control address .* to slow a/);
      // Ended by the fault at 300 ms, not by the 5 s duration.
      assert.ok(result.durationMs >= 299 && result.durationMs < 5000, `ran ${result.durationMs} ms`);
      assert.ok(result.totals.requests > 0);
      assert.equal(result.totals.requests, servedCounts(servers).a);
    } finally {
      await servers.close();
    }
  });
});

describe('runLoadTest: bad config is rejected before anything is sent', () => {
  const pool = { name: 'p', transport: 'http' as const, endpoints: [{ id: 'a', address: 'http://127.0.0.1:1', weight: 1 }] };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['no bound', { load: { model: 'closed', concurrency: 1 } }, /^durationMs: .*bound/],
    ['concurrency 0', { load: { model: 'closed', concurrency: 0 }, durationMs: 100 }, /^load\.concurrency: must be at least 1, got 0/],
    ['negative rate', { load: { model: 'open', rate: -5 }, durationMs: 100 }, /^load\.rate: must be greater than 0, got -5/],
    ['unknown model', { load: { model: 'half-open' }, durationMs: 100 }, /^load\.model: expected one of open, closed, got "half-open"/],
    ['unknown strategy', { strategy: 'fastest', load: { model: 'closed', concurrency: 1 }, durationMs: 100 }, /^strategy: unknown strategy "fastest"/],
    ['fractional workers', { workers: 1.5, load: { model: 'closed', concurrency: 1 }, durationMs: 100 }, /^workers: expected a whole number, got 1\.5/],
    ['server fault without control', { scenario: [{ at: 0, endpoint: 'a', action: 'slow', value: 2 }], load: { model: 'closed', concurrency: 1 }, durationMs: 100 }, /^scenario\[0\]\.action: "slow" is a server-side fault and needs the pool's "control" address/],
    ['scenario endpoint unknown', { scenario: [{ at: 0, endpoint: 'zz', action: 'remove' }], load: { model: 'closed', concurrency: 1 }, durationMs: 100 }, /^scenario\[0\]\.endpoint: no endpoint "zz"/],
    ['bad key template', { key: 'u-{random 0}', load: { model: 'closed', concurrency: 1 }, durationMs: 100 }, /^key: unknown placeholder "\{random 0\}"/],
  ];
  for (const [what, extra, message] of cases) {
    it(`rejects ${what}`, async () => {
      await assert.rejects(runLoadTest({ pool, ...extra } as never), (err: Error) => {
        assert.ok(err instanceof ConfigError, `${err.name}: ${err.message}`);
        assert.match(err.message, message);
        return true;
      });
    });
  }

  it('rejects a grpc pool whose .proto is missing, naming the file', async () => {
    const grpcPool = { name: 'g', transport: 'grpc' as const, endpoints: [{ id: 'a', address: '127.0.0.1:1', weight: 1 }], request: { proto: 'nope.proto', service: 'demo.Echo', method: 'Call' } };
    await assert.rejects(runLoadTest({ pool: grpcPool, load: { model: 'closed', concurrency: 1 }, durationMs: 100, baseDir: '/tmp' }), /request\.proto: file not found: "\/tmp\/nope\.proto"/);
  });
});
