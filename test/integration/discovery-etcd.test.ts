/**
 * etcd discovery against a real etcd (Debian's etcd-server, started per test on 127.0.0.1) and
 * the demo servers: list + watch, joins/leaves/weight changes under a live load test within one
 * second and without errors, an etcd that dies mid-run, workers, compaction, bad values.
 */
import assert from 'node:assert/strict';
import { runLoadTest } from '../../src/loadtest';
import { EtcdClient } from '../../src/pools/discovery/etcd-client';
import { createDiscovery } from '../../src/pools/discovery';
import type { DiscoveredEndpoint } from '../../src/pools/discovery';
import { parsePool } from '../../src/pools/parse';
import type { PoolConfig } from '../../src/pools/types';
import { assertValidRunResult } from '../../src/result/validate';
import type { RunEvent, RunResult } from '../../src/result/types';
import { startEtcd, waitUntil } from '../helpers/etcd';
import type { EtcdHandle } from '../helpers/etcd';
import { demo, servedCounts } from '../helpers/loadtest-servers';
import { waitFor } from '../helpers/wait';

const PREFIX = '/services/orders/';
/**
 * How long a wait on etcd's watch may take before the test fails. The watch pushes each change,
 * so the delay is the machine's, not the code's: a ceiling that only turns a hang into a failure.
 */
const WATCH_CEILING_MS = 10_000;

function etcdPool(etcd: EtcdHandle, extra: Record<string, unknown> = {}): PoolConfig {
  return parsePool({ name: 'orders', transport: 'http', discovery: { type: 'etcd', endpoints: [etcd.url], prefix: PREFIX }, ...extra });
}

/** Waits (at most `ms`) for an event matching `match` in `events`; returns when it arrived (performance.now()). */
async function eventArrival(arrivals: Map<RunEvent, number>, match: (e: RunEvent) => boolean, ms = WATCH_CEILING_MS): Promise<number> {
  let found: number | undefined;
  await waitUntil(async () => {
    for (const [e, t] of arrivals) if (match(e)) found = t;
    return found !== undefined;
  }, ms, () => `no matching event within ${ms} ms; saw ${JSON.stringify([...arrivals.keys()])}`);
  return found!;
}

describe('discovery: etcd (real etcd on 127.0.0.1)', function () {
  this.timeout(20_000);
  let etcd: EtcdHandle;

  beforeEach(async () => {
    etcd = await startEtcd();
  });
  afterEach(async () => {
    await etcd.stop();
  });

  it('lists the prefix, then applies puts, weight changes and deletes from the watch; a bad value is reported once and skipped', async () => {
    await etcd.put(`${PREFIX}s1`, { address: 'http://127.0.0.1:4001', weight: 2, zone: 'a' });
    await etcd.put('/services/other/x', { address: 'http://127.0.0.1:4999' });
    const source = createDiscovery({ type: 'etcd', endpoints: [etcd.url], prefix: PREFIX }, { transport: 'http' });
    const lists: DiscoveredEndpoint[][] = [];
    const errors: string[] = [];
    try {
      const first = await source.start((l) => lists.push(l), (e) => errors.push(e.message));
      assert.deepEqual(first, [{ id: 's1', address: 'http://127.0.0.1:4001', weight: 2, zone: 'a', origin: `${PREFIX}s1` }]);
      await etcd.put(`${PREFIX}s2`, { address: 'http://127.0.0.1:4002' });
      await waitUntil(async () => lists.length === 1, WATCH_CEILING_MS, () => `no change after a put: ${JSON.stringify(lists)}`);
      assert.deepEqual(lists[0].map((e) => [e.id, e.weight]), [['s1', 2], ['s2', 1]]);
      await etcd.put(`${PREFIX}s2`, { address: 'http://127.0.0.1:4002', weight: 5 });
      await waitUntil(async () => lists.length === 2, WATCH_CEILING_MS, () => 'no change after a weight change');
      assert.equal(lists[1].find((e) => e.id === 's2')!.weight, 5);
      await etcd.put(`${PREFIX}bad`, 'not json');
      await etcd.del(`${PREFIX}s1`);
      await waitUntil(async () => lists.length === 3, WATCH_CEILING_MS, () => 'no change after a delete');
      assert.deepEqual(lists[2].map((e) => e.id), ['s2']);
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0], /etcd key \/services\/orders\/bad: expected JSON/);
    } finally {
      await source.stop();
    }
  });

  it('a watch from a compacted revision ends with `compacted` (the source then lists again)', async () => {
    const rev = await etcd.put(`${PREFIX}s1`, { address: 'http://127.0.0.1:4001' });
    await etcd.put(`${PREFIX}s1`, { address: 'http://127.0.0.1:4001', weight: 3 });
    await etcd.compact();
    const client = new EtcdClient([etcd.url]);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 3000);
    try {
      const end = await client.watch(PREFIX, rev, { created: () => undefined, events: () => undefined }, abort.signal);
      assert.deepEqual(end, { compacted: true });
    } finally {
      clearTimeout(timer);
    }
  });

  it('under a live load test: a registered endpoint takes traffic and a deleted one gets none after its removal, with no errors', async function () {
    this.timeout(40_000);
    const { servers } = await demo([{ id: 's1', medianMs: 2 }, { id: 's2', medianMs: 2 }, { id: 's3', medianMs: 2 }]);
    const addr = (id: string): string => servers.endpoints.find((e) => e.id === id)!.address;
    try {
      await etcd.put(`${PREFIX}s1`, { address: addr('s1') });
      await etcd.put(`${PREFIX}s2`, { address: addr('s2') });
      const arrivals = new Map<RunEvent, number>();
      const concurrency = 8;
      // Long enough for every step below on a loaded machine; each step waits on a condition.
      const running = runLoadTest(
        { pool: etcdPool(etcd), strategy: 'least-connections', load: { model: 'closed', concurrency }, durationMs: 8000, intervalMs: 250, seed: 3 },
        { onEvent: (e) => arrivals.set(e, performance.now()) },
      );
      await waitFor('the run to reach s1 and s2', () => servedCounts(servers).s1 > 0 && servedCounts(servers).s2 > 0);
      assert.equal(servedCounts(servers).s3, 0, 's3 served before it was registered');
      await etcd.put(`${PREFIX}s3`, { address: addr('s3'), weight: 2 });
      await eventArrival(arrivals, (e) => e.type === 'added' && e.endpoint === 's3');
      await waitFor('s3 to take traffic once added', () => servedCounts(servers).s3 > 0, WATCH_CEILING_MS);

      await etcd.put(`${PREFIX}s2`, { address: addr('s2'), weight: 3 });
      await eventArrival(arrivals, (e) => e.type === 'reweighted' && e.endpoint === 's2');

      await etcd.del(`${PREFIX}s1`);
      await eventArrival(arrivals, (e) => e.type === 'removed' && e.endpoint === 's1');
      // From the removal on, the balancer picks s1 no more: only calls already in flight on it (at
      // most one per caller) may still be answered.
      const s1AtRemoval = servedCounts(servers).s1;
      const result: RunResult = await running;

      assertValidRunResult(result);
      assert.equal(result.status, 'completed');
      assert.equal(result.totals.errors, 0, JSON.stringify(result.totals.errorsByKind));
      assert.ok(servedCounts(servers).s1 <= s1AtRemoval + concurrency, `s1 served ${servedCounts(servers).s1 - s1AtRemoval} requests after its removal`);
      const served = servedCounts(servers);
      for (const ep of result.endpoints) assert.equal(ep.requests, served[ep.id], `endpoint ${ep.id}`);
      assert.ok(result.endpoints.find((e) => e.id === 's3')!.requests > 100);
      const events = result.events.filter((e) => e.type === 'added' || e.type === 'removed');
      assert.deepEqual(events.map((e) => [e.type, e.endpoint]), [['added', 's3'], ['removed', 's1']]);
      assert.match(events[0].detail!, /via etcd \/services\/orders\/s3$/);
      assert.equal(events[1].detail, 'via etcd');
      const reweighted = result.events.filter((e) => e.type === 'reweighted');
      assert.deepEqual(reweighted.map((e) => [e.endpoint, e.value, e.detail]), [['s2', 3, 'weight 1 -> 3 via etcd']]);
      assert.equal(result.events.filter((e) => e.type === 'discovery-error').length, 0);
    } finally {
      await servers.close();
    }
  });

  it('etcd killed mid-run: the run completes on the last endpoints, with one discovery-error event', async () => {
    const { servers } = await demo([{ id: 's1', medianMs: 1 }, { id: 's2', medianMs: 1 }]);
    try {
      for (const e of servers.endpoints) await etcd.put(`${PREFIX}${e.id}`, { address: e.address });
      const running = runLoadTest({ pool: etcdPool(etcd), load: { model: 'closed', concurrency: 4 }, durationMs: 2500, seed: 4 });
      // Kill etcd once the run is under way (a condition, not a time).
      await waitFor('the run to reach both endpoints', () => servedCounts(servers).s1 > 0 && servedCounts(servers).s2 > 0);
      await etcd.kill();
      const atKill = servedCounts(servers);
      const result = await running;
      assertValidRunResult(result);
      assert.equal(result.status, 'completed');
      assert.equal(result.totals.errors, 0);
      const after = servedCounts(servers);
      // ~1.9 s of retries with backoff (100 ms doubling) and still one event for the outage
      const outages = result.events.filter((e) => e.type === 'discovery-error');
      assert.equal(outages.length, 1, JSON.stringify(result.events));
      assert.match(outages[0].detail!, /keeping the last 2 endpoint\(s\)/);
      for (const id of ['s1', 's2']) assert.ok(after[id] > atKill[id] + 50, `${id} no longer served after etcd died`);
    } finally {
      await servers.close();
    }
  });

  it('with workers: the main thread watches, every worker applies the change, the event is recorded once', async () => {
    const { servers } = await demo([{ id: 's1', medianMs: 1 }, { id: 's2', medianMs: 1 }]);
    try {
      await etcd.put(`${PREFIX}s1`, { address: servers.endpoints[0].address });
      const running = runLoadTest({ pool: etcdPool(etcd), load: { model: 'closed', concurrency: 4 }, workers: 2, durationMs: 2000, seed: 5 });
      // Register s2 once the workers are sending (a condition, not a time).
      await waitFor('the workers to reach s1', () => servedCounts(servers).s1 > 0);
      await etcd.put(`${PREFIX}s2`, { address: servers.endpoints[1].address, weight: 3 });
      const result = await running;
      assertValidRunResult(result);
      assert.equal(result.totals.errors, 0);
      const served = servedCounts(servers);
      for (const ep of result.endpoints) assert.equal(ep.requests, served[ep.id], `endpoint ${ep.id}`);
      assert.ok(served.s2 > 100, `s2 served ${served.s2} after joining`);
      assert.equal(result.endpoints.find((e) => e.id === 's2')!.weight, 3);
      assert.equal(result.events.filter((e) => e.type === 'added').length, 1, JSON.stringify(result.events));
    } finally {
      await servers.close();
    }
  });

  it('a run cannot start when etcd is unreachable and the pool has no static endpoints', async () => {
    const pool = etcdPool(etcd);
    await etcd.kill();
    await assert.rejects(runLoadTest({ pool, load: { model: 'closed', concurrency: 1 }, durationMs: 500 }), /etcd http:\/\/127\.0\.0\.1:\d+\/v3\/kv\/range: ECONNREFUSED/);
  });
});
