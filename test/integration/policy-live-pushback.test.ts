/**
 * Live runs honor server pushback (gRFC A6: `grpc-retry-pushback-ms`; HTTP `Retry-After`) and cancel
 * gRPC calls on the wire, against the demo servers on 127.0.0.1 told to push back (`pushback`).
 * One server that fails everything: every request is a first attempt, a wait, and a retry, so each
 * caller latency is at least the wait. Bounded by request counts.
 */
import assert from 'node:assert/strict';
import { startDemoServers } from '../../src/demo';
import { runLoadTest } from '../../src/loadtest';
import type { Pool } from '../../src/pools/types';
import type { RunResult } from '../../src/result/types';
import { assertValidRunResult } from '../../src/result/validate';
import { demo } from '../helpers/loadtest-servers';

const closed = { model: 'closed' as const, concurrency: 4 };

function show(r: RunResult): string {
  const t = r.totals;
  return `requests ${t.requests}, errors ${JSON.stringify(t.errorsByKind)}, attempts ${t.attempts}, retries ${t.retries}, min ${t.latency.min}, p50 ${t.latency.p50}, max ${t.latency.max}`;
}

function print(name: string, r: RunResult): void {
  if (process.env.PRINT_FIGURES) console.log(`${name}: ${show(r)}`);
}

describe('live runs honor server pushback (demo servers)', function () {
  this.timeout(120_000);

  it('gRPC: a 200 ms pushback delays every retry by ≥ 200 ms (ignored, the 1 ms backoff answers some request under 200 ms); -1 stops retries', async () => {
    const { servers, pool } = await demo([{ id: 's1', medianMs: 2, p99Ms: 6, errorRate: 1 }], 'grpc');
    try {
      const retry = { maxAttempts: 2, initialBackoff: '1ms', maxBackoff: '1ms', retryOn: ['grpc_UNAVAILABLE'] };
      const run = (honorPushback: boolean, seed: number) =>
        runLoadTest({ pool: pool as Pool, strategy: 'round-robin', load: closed, requests: 40, seed, policy: { retry: { ...retry, honorPushback } } });
      servers.pushback('s1', 200);
      const honored = await run(true, 61);
      const ignored = await run(false, 62);
      servers.pushback('s1', -1);
      const stopped = await run(true, 63);
      for (const [name, r] of [['honored', honored], ['ignored', ignored], ['stopped', stopped]] as const) {
        assertValidRunResult(r);
        print(name, r);
        assert.equal(r.totals.requests, 40);
        assert.equal(r.totals.errorsByKind.grpc_UNAVAILABLE, 40, show(r));
      }
      assert.equal(honored.totals.retries, 40, show(honored));
      assert.ok(honored.totals.latency.min >= 200, show(honored));
      assert.equal(ignored.totals.retries, 40, show(ignored));
      assert.ok(ignored.totals.latency.min < 200, show(ignored));
      assert.equal(stopped.totals.retries, 0, show(stopped));
      assert.equal(stopped.totals.attempts, 40, show(stopped));
    } finally {
      await servers.close();
    }
  });

  it('HTTP: Retry-After (200 ms pushback, sent as whole seconds: 1) delays every retry by ≥ 1 s', async () => {
    const { servers, pool } = await demo([{ id: 's1', medianMs: 2, p99Ms: 6, errorRate: 1 }]);
    try {
      await servers.apply('s1', 'pushback', 200);
      const policy = { retry: { maxAttempts: 2, initialBackoff: '1ms', maxBackoff: '1ms', retryOn: ['http_500'] } };
      const r = await runLoadTest({ pool: pool as Pool, strategy: 'round-robin', load: closed, requests: 8, seed: 64, policy });
      assertValidRunResult(r);
      print('Retry-After', r);
      assert.equal(r.totals.retries, 8, show(r));
      assert.ok(r.totals.latency.min >= 1000, show(r));
    } finally {
      await servers.close();
    }
  });

  it('gRPC: a 100 ms deadline cancels the call on the wire (the 1 s server sends no reply)', async () => {
    const { servers, pool } = await demo([{ id: 's1', medianMs: 1000, p99Ms: 1100 }], 'grpc');
    try {
      const r = await runLoadTest({ pool: pool as Pool, strategy: 'round-robin', load: closed, requests: 8, seed: 65, policy: { deadline: '100ms' } });
      assertValidRunResult(r);
      print('gRPC deadline', r);
      assert.equal(r.totals.errorsByKind.timeout, 8, show(r));
      assert.equal(r.endpoints[0].errorsByKind.cancelled, 8, show(r));
      assert.equal(servers.stats().endpoints[0].requests, 0, JSON.stringify(servers.stats()));
    } finally {
      await servers.close();
    }
  });

  it('rejects a bad pushback (not whole, below -1) and a bad tail, naming the field and the value', async () => {
    const { servers } = await demo([{ id: 's1' }]);
    try {
      assert.throws(() => servers.pushback('s1', 1.5), /pushback: ms must be a whole number from -1 \(do not retry\) to 3600000, got 1.5/);
      await assert.rejects(servers.apply('s1', 'pushback', -2), /value: pushback ms must be a whole number from -1/);
      await assert.rejects(servers.apply('s1', 'pushback'), /pushback needs a numeric value/);
    } finally {
      await servers.close();
    }
    await assert.rejects(startDemoServers({ endpoints: [{ id: 's1', tail: { share: 2, ms: 100 } }] }), /demo endpoint s1: tail needs a share from 0 to 1 and ms from 0 to 60000, got \{"share":2,"ms":100\}/);
  });
});
