/**
 * Live runs apply the client policy (issue 12): hedging and the deadline against the demo servers
 * on 127.0.0.1. Bounded by request counts, seeded. The slow modes are 1 s so that the bounds can
 * leave a loaded 2-core machine (load average 13 measured while writing these) 400 ms of
 * event-loop stalls and still fail by far when the feature is off (the control run shows it).
 */
import assert from 'node:assert/strict';
import { runLoadTest } from '../../src/loadtest';
import type { Pool } from '../../src/pools/types';
import type { RunResult } from '../../src/result/types';
import { assertValidRunResult } from '../../src/result/validate';
import { demo } from '../helpers/loadtest-servers';

/** What a loaded machine may add to a timer or a loopback answer. */
const SLACK_MS = 400;
const closed = { model: 'closed' as const, concurrency: 8 };

function show(r: RunResult): string {
  const t = r.totals;
  return `requests ${t.requests}, errors ${JSON.stringify(t.errorsByKind)}, attempts ${t.attempts}, hedges ${t.hedges}, p50 ${t.latency.p50}, p99 ${t.latency.p99}, max ${t.latency.max}`;
}

function print(name: string, r: RunResult): void {
  if (process.env.PRINT_FIGURES) console.log(`${name}: ${show(r)}`);
}

describe('live runs apply the client policy: hedging and the deadline (demo servers)', function () {
  this.timeout(120_000);

  it(`hedging 30 ms after the first attempt of a bimodal server (95 % ~2 ms, 5 % 1 s) cuts caller p99 from ≥ 900 ms to ≤ 30 + ${SLACK_MS} ms`, async () => {
    const tail = { share: 0.05, ms: 1000 };
    const { servers, pool } = await demo(['s1', 's2'].map((id) => ({ id, medianMs: 2, p99Ms: 6, concurrency: 64, tail })));
    try {
      const run = (policy: Record<string, unknown> | undefined, seed: number) =>
        runLoadTest({ pool: pool as Pool, strategy: 'round-robin', load: closed, requests: 600, seed, ...(policy ? { policy } : {}) });
      const plain = await run(undefined, 41);
      const hedged = await run({ hedging: { maxAttempts: 2, delay: '30ms' } }, 42);
      for (const r of [plain, hedged]) assertValidRunResult(r);
      print('no policy', plain);
      print('hedged', hedged);
      // Control: 5 % of requests at 1 s puts the plain p99 in the slow mode.
      assert.ok(plain.totals.latency.p99 >= 900, show(plain));
      // Both attempts slow: 0.25 %, under the 1 % a p99 leaves; so p99 ≤ the delay + a fast answer + slack.
      assert.ok(hedged.totals.latency.p99 <= 30 + SLACK_MS, show(hedged));
      assert.equal(hedged.totals.errors, 0, show(hedged));
      // A hedge leaves for every request slower than 30 ms: the slow 5 % (30 ± 5 of 600) and what the machine delays.
      assert.ok(hedged.totals.hedges! >= 0.02 * 600, show(hedged));
      // The loser is cancelled on the wire (kind `cancelled` at its server), not left to answer.
      const cancelled = hedged.endpoints.reduce((s, ep) => s + (ep.errorsByKind.cancelled ?? 0), 0);
      assert.ok(cancelled >= 0.02 * 600, `cancelled attempts ${cancelled}; ${show(hedged)}`);
    } finally {
      await servers.close();
    }
  });

  it(`a 100 ms deadline bounds every caller latency (max ≤ 100 + ${SLACK_MS} ms; a 1 s server otherwise), and cuts the request on the wire`, async () => {
    const { servers, pool } = await demo([
      { id: 's1', medianMs: 2, p99Ms: 6 },
      { id: 's2', medianMs: 2, p99Ms: 6 },
      { id: 's3', medianMs: 1000, p99Ms: 1100, concurrency: 64 },
    ]);
    try {
      const r = await runLoadTest({ pool: pool as Pool, strategy: 'round-robin', load: closed, requests: 300, seed: 51, policy: { deadline: '100ms' } });
      assertValidRunResult(r);
      print('deadline', r);
      assert.equal(r.totals.requests, 300);
      assert.ok(r.totals.latency.max <= 100 + SLACK_MS, show(r));
      // Round-robin sends exactly a third to s3; every one of those ends at the deadline (a loaded machine may time out a few more).
      assert.ok((r.totals.errorsByKind.timeout ?? 0) >= 100, show(r));
      const s3 = r.endpoints.find((e) => e.id === 's3')!;
      assert.equal(s3.requests, 100, show(r));
      assert.equal(s3.errorsByKind.cancelled, s3.requests, 's3 counts its attempts as cancelled');
      // On the wire: s3 sent no reply for any of them (the demo server sees the request gone).
      assert.equal(servers.stats().endpoints.find((e) => e.id === 's3')!.requests, 0, JSON.stringify(servers.stats()));
      // Open model: the deadline counts from the intended send, as the caller's latency does.
      const open = await runLoadTest({ pool: pool as Pool, strategy: 'round-robin', load: { model: 'open', rate: 200 }, requests: 300, seed: 52, policy: { deadline: '100ms' } });
      assertValidRunResult(open);
      print('deadline, open model', open);
      assert.equal(open.totals.requests, 300);
      assert.ok(open.totals.latency.max <= 100 + SLACK_MS, show(open));
      // s3's third at least; a send the loaded machine makes late has less of its deadline left, so maybe more.
      assert.ok((open.totals.errorsByKind.timeout ?? 0) >= 90, show(open));
    } finally {
      await servers.close();
    }
  });

  it('a cancelled run abandons the attempts in flight and keeps what it gathered', async () => {
    const { servers, pool } = await demo([{ id: 's1', medianMs: 2, p99Ms: 6 }, { id: 's2', medianMs: 20_000, p99Ms: 20_000, concurrency: 64 }]);
    try {
      const ac = new AbortController();
      const policy = { deadline: '60s', retry: { maxAttempts: 3, retryOn: ['http_500'] } };
      const running = runLoadTest({ pool: pool as Pool, strategy: 'round-robin', load: closed, durationMs: 60_000, seed: 53, policy }, { signal: ac.signal });
      // Every caller ends up waiting on s2 (20 s answers): cancel once all 8 are there.
      while (servers.stats().endpoints[1].busy < 8) await new Promise((resolve) => setTimeout(resolve, 20));
      ac.abort();
      const r = await running;
      assertValidRunResult(r);
      print('cancelled', r);
      assert.equal(r.status, 'cancelled');
      const [s1, s2] = r.endpoints;
      assert.ok(s1.ok > 0 && r.totals.ok === s1.ok && r.totals.requests === s1.requests, `what s1 answered is kept: ${show(r)}`);
      // The 8 waiting on s2 never had a final answer: in neither view, as a plain run's requests in flight at the end.
      assert.equal(s2.requests, 0, show(r));
      assert.equal(r.totals.attempts, s1.requests, show(r));
    } finally {
      await servers.close();
    }
  });

  it('maxInFlight counts requests, not attempts: 4 hedged requests hold 8 attempts at a 4-slot server (a queue forms), the rest dropped', async () => {
    const { servers, pool } = await demo([{ id: 's1', medianMs: 50, p99Ms: 50, concurrency: 4 }]);
    try {
      const load = { model: 'open' as const, rate: 1000, maxInFlight: 4 };
      const r = await runLoadTest({ pool: pool as Pool, strategy: 'round-robin', load, requests: 200, seed: 54, policy: { hedging: { maxAttempts: 2, delay: '1ms' } } });
      assertValidRunResult(r);
      print('maxInFlight 4, hedged', r);
      assert.ok((r.totals.dropped ?? 0) > 0, `the cap binds: ${show(r)}`);
      assert.ok(r.totals.hedges! > 0, show(r));
      // Counting attempts, the cap would hold 4 at once: the server's 4 slots, never a queue.
      assert.ok(servers.stats().endpoints[0].maxQueued >= 1, JSON.stringify(servers.stats()));
    } finally {
      await servers.close();
    }
  });
});
