/**
 * DNS SRV discovery against a real dnsmasq (Debian's, started per test on a loopback port, serving
 * only the records the test gives): records become endpoints with their weights, a change is
 * picked up on the next refresh under a live load test, an outage keeps the last list.
 */
import assert from 'node:assert/strict';
import { runLoadTest } from '../../src/loadtest';
import { createDiscovery, describePoolMembers, formatMember } from '../../src/pools/discovery';
import { parsePool } from '../../src/pools/parse';
import { assertValidRunResult } from '../../src/result/validate';
import type { RunEvent } from '../../src/result/types';
import { startDnsmasq } from '../helpers/dnsmasq';
import type { DnsmasqHandle, SrvRecord } from '../helpers/dnsmasq';
import { waitUntil } from '../helpers/etcd';
import { demo, servedCounts } from '../helpers/loadtest-servers';
import { waitFor } from '../helpers/wait';

const NAME = '_http._tcp.orders.test';
const srv = (port: number, weight: number, priority = 0): SrvRecord => ({ name: NAME, target: '127.0.0.1', port, weight, priority });

describe('discovery: DNS SRV (real dnsmasq on 127.0.0.1)', function () {
  this.timeout(20_000);
  let dns: DnsmasqHandle | undefined;

  afterEach(async () => {
    await dns?.stop();
    dns = undefined;
  });

  it('gives address, SRV weight (0 becomes 1) and priority; grpc pools get host:port', async () => {
    dns = await startDnsmasq([srv(4001, 3), srv(4002, 0, 1)]);
    const source = createDiscovery({ type: 'dns-srv', name: NAME, server: dns.server }, { transport: 'http' });
    try {
      const list = await source.start(() => undefined, () => undefined);
      assert.deepEqual(list, [
        { id: '127.0.0.1:4001', address: 'http://127.0.0.1:4001', weight: 3, priority: 0, origin: NAME },
        { id: '127.0.0.1:4002', address: 'http://127.0.0.1:4002', weight: 1, priority: 1, origin: NAME },
      ]);
    } finally {
      await source.stop();
    }
    const grpc = createDiscovery({ type: 'dns-srv', name: NAME, server: dns.server }, { transport: 'grpc' });
    try {
      assert.deepEqual((await grpc.start(() => undefined, () => undefined)).map((e) => e.address), ['127.0.0.1:4001', '127.0.0.1:4002']);
    } finally {
      await grpc.stop();
    }
  });

  it('describePoolMembers lists static and discovered members with where they came from', async () => {
    dns = await startDnsmasq([srv(4001, 2)]);
    const pool = parsePool({
      name: 'orders', transport: 'http',
      endpoints: [{ id: 'local', address: 'http://127.0.0.1:4000' }],
      discovery: { type: 'dns-srv', name: NAME, server: dns.server, refresh: '1s' },
    });
    const lines = (await describePoolMembers(pool)).map(formatMember);
    assert.deepEqual(lines, [
      'local http://127.0.0.1:4000 weight 1 (pool file)',
      `127.0.0.1:4001 http://127.0.0.1:4001 weight 2 priority 0 (dns-srv ${NAME} @${dns.server})`,
    ]);
  });

  it('under a live load test: the initial records are used with their weights, a change is picked up on the next refresh, an outage keeps the last list', async () => {
    const { servers } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1 }, { id: 'c', medianMs: 1 }]);
    const [a, b, c] = servers.endpoints.map((e) => e.port);
    try {
      dns = await startDnsmasq([srv(a, 1), srv(b, 3)]);
      const pool = parsePool({ name: 'orders', transport: 'http', discovery: { type: 'dns-srv', name: NAME, server: dns.server, refresh: '300ms' } });
      const events: RunEvent[] = [];
      // Long enough for every step below on a loaded machine; each step waits on a condition.
      const running = runLoadTest(
        { pool, strategy: 'weighted-round-robin', load: { model: 'closed', concurrency: 4 }, durationMs: 6000, seed: 6 },
        { onEvent: (e) => events.push(e) },
      );
      await waitFor('400 requests on the initial records', () => servedCounts(servers).a + servedCounts(servers).b >= 400);
      const before = servedCounts(servers);
      // weighted-round-robin is exact: b gets 3 of every 4 picks
      const ratio = before.b / before.a;
      assert.ok(ratio > 2.8 && ratio < 3.2, `b/a = ${ratio.toFixed(2)} (weights 3:1), served ${JSON.stringify(before)}`);
      assert.equal(before.c, 0);

      await dns.setRecords([srv(a, 1), srv(b, 3), srv(c, 2)]);
      // The next refresh (every 300 ms) picks it up; how late a timer fires on a loaded machine is
      // not the code's, so the wait's ceiling only turns a hang into a failure.
      await waitUntil(async () => events.some((e) => e.type === 'added'), 10_000, () => `c not added: ${JSON.stringify(events)}`);
      await waitFor('c to take traffic after it appeared in DNS', () => servedCounts(servers).c > 0);

      await dns.stop();
      dns = undefined;
      const atOutage = servedCounts(servers);
      const result = await running;
      assertValidRunResult(result);
      assert.equal(result.status, 'completed');
      assert.equal(result.totals.errors, 0);
      const after = servedCounts(servers);
      for (const id of ['a', 'b', 'c']) assert.ok(after[id] > atOutage[id], `${id} no longer served during the DNS outage`);
      const added = result.events.filter((e) => e.type === 'added');
      assert.deepEqual(added.map((e) => e.endpoint), [`127.0.0.1:${c}`]);
      assert.match(added[0].detail!, /weight 2 via dns-srv$/);
      // One for the outage at the end; a refresh that fell into the restart may have reported one more.
      const outages = result.events.filter((e) => e.type === 'discovery-error');
      assert.ok(outages.length >= 1 && outages.length <= 2, JSON.stringify(result.events));
      assert.match(outages.at(-1)!.detail!, new RegExp(`dns-srv ${NAME.replace(/\./g, '\\.')} @127\\.0\\.0\\.1:\\d+: \\w+; keeping the last 3 endpoint`));
    } finally {
      await servers.close();
    }
  });
});
