/**
 * registerGrpcPolicies against real grpc-js channels and real gRPC demo servers on 127.0.0.1,
 * once per supported grpc-js release (test/helpers/grpc-versions.ts). Shares are counted from the
 * replies (each names the endpoint that answered), never from the balancer's own view.
 */
import * as assert from 'node:assert/strict';
import { startDemoServers, type DemoServers } from '../../src/demo/index';
import { createBalancer } from '../../src/engine/registry';
import { isHashBalancer } from '../../src/engine/types';
import { registerGrpcPolicies } from '../../src/integrations/grpc';
import { countByEndpoint, echoClient, runCalls, serviceConfig, untilAllAnswer, type EchoClient } from '../helpers/grpc-echo';
import { testResolver } from '../helpers/grpc-resolver';
import { GRPC_VERSIONS } from '../helpers/grpc-versions';
import { waitFor } from '../helpers/wait';

const FAST = { medianMs: 1, p99Ms: 3, concurrency: 64 };

for (const { label, grpc, policies } of GRPC_VERSIONS) {
  describe(`gRPC policies on ${label}`, function () {
    this.timeout(30_000);
    let servers: DemoServers | undefined;
    let clients: EchoClient[] = [];

    before(() => registerGrpcPolicies(policies));
    afterEach(async () => {
      for (const c of clients) c.close();
      clients = [];
      await servers?.close();
      servers = undefined;
    });

    async function pool(n: number, spec: object = FAST): Promise<DemoServers> {
      servers = await startDemoServers({ transport: 'grpc', endpoints: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, ...spec })) });
      return servers;
    }
    const ipv4 = (s: DemoServers) => `ipv4:${s.endpoints.map((e) => e.address).join(',')}`;
    const ids = (s: DemoServers) => s.endpoints.map((e) => e.id);
    function client(target: string, policy: string, config: object = {}): EchoClient {
      const c = echoClient(grpc, target, { 'grpc.service_config': serviceConfig(policy, config) });
      clients.push(c);
      return c;
    }
    /** Connects every subchannel first, then counts `total` calls from zero. */
    async function measure(s: DemoServers, c: EchoClient, total: number, concurrency: number, md?: (i: number) => Record<string, string>) {
      assert.ok(await untilAllAnswer(c, ids(s)), 'every server answered within 500 calls / 5 s');
      const results = await runCalls(c, total, concurrency, md);
      assert.deepEqual(results.filter((r) => !r.ok), [], 'no call failed');
      return countByEndpoint(results);
    }

    it('round-robin over an ipv4: list of 3: exact rotation (300 calls, 4 in flight: 100 each)', async () => {
      const s = await pool(3);
      const counts = await measure(s, client(ipv4(s), 'rpc_balancer_round_robin'), 300, 4);
      assert.deepEqual([...counts.values()], [100, 100, 100]);
    });

    it('weighted-round-robin with weights 3:1:1 from the config map: 300/100/100 of 500 calls', async () => {
      const s = await pool(3);
      const [a, b] = s.endpoints;
      const c = client(ipv4(s), 'rpc_balancer_weighted_round_robin', { weights: { [a.address]: 3, [b.address]: 1 } });
      const counts = await measure(s, c, 500, 4);
      assert.deepEqual(Object.fromEntries(counts), { s0: 300, s1: 100, s2: 100 });
    });

    // 1,500 calls: 0.05 is at least 4 standard deviations of each share.
    it('weighted-random with weights 1:2:5: shares within 0.05 of 1/8, 2/8, 5/8 (1,500 calls)', async () => {
      const s = await pool(3);
      const weights = Object.fromEntries(s.endpoints.map((e, i) => [e.address, [1, 2, 5][i]]));
      const counts = await measure(s, client(ipv4(s), 'rpc_balancer_weighted_random', { weights }), 1500, 8);
      [1 / 8, 2 / 8, 5 / 8].forEach((want, i) => {
        const share = (counts.get(`s${i}`) ?? 0) / 1500;
        assert.ok(Math.abs(share - want) < 0.05, `s${i}: share ${share.toFixed(3)}, want ${want}`);
      });
    });

    // Service times of 20 ms (200 ms slowed) so that event-loop lag on a busy machine, which every
    // call pays alike, does not blur the 10x difference the strategy is meant to see; 4 in flight
    // because cost = latency x (pending + 1): with many in flight the fast servers' queues cost more.
    it('p2c-peak-ewma: a server made 10x slower gets under 10 % of 800 calls (4 in flight)', async () => {
      const s = await pool(3, { medianMs: 20, p99Ms: 30, concurrency: 64 });
      const c = client(ipv4(s), 'rpc_balancer_p2c_peak_ewma');
      assert.ok(await untilAllAnswer(c, ids(s)));
      s.slow('s1', 10);
      const counts = await measure(s, c, 800, 4);
      const share = (counts.get('s1') ?? 0) / 800;
      console.log(`      p2c-peak-ewma: slow server share ${share.toFixed(3)}`);
      assert.ok(share < 0.1, `slow server share ${share.toFixed(3)} (counts ${JSON.stringify(Object.fromEntries(counts))})`);
    });

    it('least-connections: call ends reach the strategy, so a server 20x slower holds few calls (600 calls, 6 in flight: under 15 %)', async () => {
      const s = await pool(3, { medianMs: 2, p99Ms: 4, concurrency: 64 });
      const c = client(ipv4(s), 'rpc_balancer_least_connections');
      assert.ok(await untilAllAnswer(c, ids(s)));
      s.slow('s1', 20);
      const counts = await measure(s, c, 600, 6);
      const share = (counts.get('s1') ?? 0) / 600;
      assert.ok(share < 0.15, `slow server share ${share.toFixed(3)} (counts ${JSON.stringify(Object.fromEntries(counts))})`);
    });

    it('least-request: call ends reach the strategy, so a server 20x slower holds few calls (600 calls, 6 in flight: under 15 %)', async () => {
      const s = await pool(3, { medianMs: 2, p99Ms: 4, concurrency: 64 });
      const c = client(ipv4(s), 'rpc_balancer_least_request');
      assert.ok(await untilAllAnswer(c, ids(s)));
      s.slow('s1', 20);
      const counts = await measure(s, c, 600, 6);
      const share = (counts.get('s1') ?? 0) / 600;
      console.log(`      least-request: slow server share ${share.toFixed(3)}`);
      assert.ok(share < 0.15, `slow server share ${share.toFixed(3)} (counts ${JSON.stringify(Object.fromEntries(counts))})`);
    });

    // The servers connect in any order and pick-first is sticky, so which one takes the calls
    // first is grpc-js's to say; that one takes all of them, and its failure moves them to one other.
    it('pick-first: one server takes all 100 calls; when it fails, one call fails and one other server takes the rest', async () => {
      const s = await pool(3);
      const c = client(ipv4(s), 'rpc_balancer_pick_first');
      const first = await runCalls(c, 100, 4);
      assert.deepEqual(first.filter((r) => !r.ok), []);
      const used = [...countByEndpoint(first).keys()];
      assert.equal(used.length, 1, `calls went to ${used.join(', ')}`);
      s.fail(used[0], 1);
      const after = await runCalls(c, 100, 1);
      assert.equal(after.filter((r) => !r.ok).length, 1);
      assert.equal(after[0].ok, false);
      const rest = [...countByEndpoint(after).entries()];
      assert.equal(rest.length, 1);
      assert.notEqual(rest[0][0], used[0]);
      assert.equal(rest[0][1], 99);
    });

    // grpc-js passes the trailers to onCallEnded from 1.14 on; before, the policy gets no report.
    const trailersReachPolicies = Number(/1\.(\d+)\./.exec(label)?.[1] ?? 0) >= 14;
    (trailersReachPolicies ? it : it.skip)('orca-weighted-round-robin: ORCA trailers reach the strategy, so a server 10x slower with full slots gets under 20 % of 800 calls (6 in flight)', async () => {
      const s = await pool(3, { medianMs: 4, p99Ms: 8, concurrency: 4 });
      const c = client(ipv4(s), 'rpc_balancer_orca_weighted_round_robin', { blackoutPeriodMs: 0, weightUpdatePeriodMs: 100 });
      assert.ok(await untilAllAnswer(c, ids(s)));
      s.slow('s1', 10);
      await runCalls(c, 300, 6); // the weights settle (round robin gives s1 a third meanwhile)
      const counts = await measure(s, c, 800, 6);
      const share = (counts.get('s1') ?? 0) / 800;
      console.log(`      orca-weighted-round-robin: slow server share ${share.toFixed(3)}`);
      assert.ok(share < 0.2, `slow server share ${share.toFixed(3)} (counts ${JSON.stringify(Object.fromEntries(counts))})`);
    });

    it('status codes reach the strategy: with outlierDetection { consecutiveErrors: 3 } a failing server is ejected (at most 3 + 4 in flight of 300 calls fail)', async () => {
      const s = await pool(3);
      const c = client(ipv4(s), 'rpc_balancer_round_robin', { outlierDetection: { consecutiveErrors: 3 } });
      assert.ok(await untilAllAnswer(c, ids(s)));
      s.fail('s1', 1);
      const results = await runCalls(c, 300, 4);
      const failed = results.filter((r) => !r.ok);
      assert.ok(failed.length >= 3 && failed.length <= 7, `${failed.length} failed`);
      assert.ok(failed.every((r) => r.code === grpc.status.UNAVAILABLE && /demo failure at s1/.test(r.details ?? '')));
    });

    // P1's subchannels connect too, but take no call while P0 is healthy (Envoy's priority load:
    // 100 % healthy x 1.4 caps at 100 %); once outlier detection ejects both P0 servers, P1 takes
    // every call. One call at a time: 3 failures per P0 server (more only if P1's subchannels were
    // not READY yet, when P0, the only level, panics), all within the first 20 calls.
    it('priorities from the config map: P1 gets none of 200 calls while P0 is healthy, then all after P0 is ejected', async () => {
      const s = await pool(4);
      const priorities = Object.fromEntries(s.endpoints.map((e, i) => [e.address, i < 2 ? 0 : 1]));
      const c = client(ipv4(s), 'rpc_balancer_round_robin', { priorities, outlierDetection: { consecutiveErrors: 3, maxEjectionPercent: 100 } });
      assert.ok(await untilAllAnswer(c, ['s0', 's1']), 'both P0 servers answered');
      const healthy = await runCalls(c, 200, 4);
      assert.deepEqual(healthy.filter((r) => !r.ok), []);
      assert.deepEqual(Object.fromEntries(countByEndpoint(healthy)), { s0: 100, s1: 100 });
      s.fail('s0', 1);
      s.fail('s1', 1);
      const after = await runCalls(c, 60, 1);
      const failed = after.map((r, i) => (r.ok ? -1 : i)).filter((i) => i >= 0);
      console.log(`      priorities: ${failed.length} of 60 calls failed while P0 was ejected`);
      assert.ok(failed.length >= 6 && failed.every((i) => i < 20), `failed calls ${JSON.stringify(failed)}`);
      assert.deepEqual(after.slice(20).filter((r) => r.endpoint !== 's2' && r.endpoint !== 's3'), [], 'the last 40 went to P1');
      assert.equal(countByEndpoint(after.slice(20)).size, 2, 'both P1 servers took calls');
    });

    // No outlier detection: health is the subchannels' state. Two of P0's four servers stop
    // listening, so their subchannels leave READY and count as unhealthy (not as gone): P0 is 50 %
    // healthy and keeps 50 % x 1.4 = 70 % (Envoy's priority load), P1 takes the other 30 %. A
    // level that shrank instead would keep 100 %. The rotation is exact over every 100 picks.
    it('priorities: a subchannel that is not READY is unhealthy in its level, so P0 at 2 of 4 keeps 70 % of 1,000 calls and P1 takes 30 %', async () => {
      const s = await pool(8);
      const priorities = Object.fromEntries(s.endpoints.map((e, i) => [e.address, i < 4 ? 0 : 1]));
      const c = client(ipv4(s), 'rpc_balancer_round_robin', { priorities });
      assert.ok(await untilAllAnswer(c, ['s0', 's1', 's2', 's3']), 'every P0 server answered');
      const p0 = (results: readonly { endpoint?: string }[]) => results.filter((r) => ['s0', 's1', 's2', 's3'].includes(r.endpoint ?? '')).length;
      const healthy = await runCalls(c, 200, 4);
      assert.equal(p0(healthy), 200, 'P0 takes everything while it is healthy');
      await Promise.all([s.leave('s0'), s.leave('s1')]);
      // grpc-js notices the closed connections in its own time: until 50 calls in a row succeed
      // and miss s0 and s1 (a condition, not a time).
      await waitFor('the two stopped servers to be out of the picks', async () => {
        const batch = await runCalls(c, 50, 4);
        return batch.every((r) => r.ok && r.endpoint !== 's0' && r.endpoint !== 's1') || undefined;
      });
      const after = await runCalls(c, 1000, 4);
      assert.deepEqual(after.filter((r) => !r.ok), [], 'no call failed');
      const share = p0(after) / 1000;
      if (process.env.PRINT_FIGURES) console.log(`      P0 share with 2 of 4 subchannels down: ${share}`);
      assert.ok(Math.abs(share - 0.7) <= 0.02, `P0 share ${share}, want 0.70`);
      assert.equal(countByEndpoint(after).size, 6, 's2, s3 and every P1 server took calls');
    });

    it('consistent-hash on hashHeader x-user: each value always reaches the one server the engine maps it to; 40 values use all 3', async () => {
      const s = await pool(3);
      const c = client(ipv4(s), 'rpc_balancer_consistent_hash', { hashHeader: 'X-User' });
      assert.ok(await untilAllAnswer(c, ids(s)), 'keyless calls (random keys) reach every server');
      const users = Array.from({ length: 40 }, (_, i) => `user-${i}`);
      const results = await runCalls(c, 200, 4, (i) => ({ 'x-user': users[i % users.length] }));
      // The same ring over the same addresses, outside grpc-js: where each key must go.
      const ring = createBalancer('consistent-hash', s.endpoints.map((e) => ({ id: e.address, address: e.address, weight: 1 })));
      assert.ok(isHashBalancer(ring));
      const idOf = new Map(s.endpoints.map((e) => [e.address, e.id]));
      const reached = new Map<string, Set<string>>();
      results.forEach((r, i) => {
        assert.ok(r.ok, r.details);
        const user = users[i % users.length];
        if (!reached.has(user)) reached.set(user, new Set());
        reached.get(user)!.add(r.endpoint!);
      });
      for (const [user, where] of reached) assert.deepEqual([...where], [idOf.get(ring.ownerOf(user)!)], user);
      assert.equal(new Set([...reached.values()].map((w) => [...w][0])).size, 3);
    });

    it('a server that goes down is skipped: at most the calls in flight on it fail, none reach it after, it is used again after it rejoins', async () => {
      const s = await pool(3);
      const c = client(ipv4(s), 'rpc_balancer_least_connections');
      assert.ok(await untilAllAnswer(c, ids(s)));
      const during = runCalls(c, 600, 4);
      // Take s1 down while calls are flowing to it (a condition, not a time).
      const served = (id: string): number => s.stats().endpoints.find((e) => e.id === id)!.requests;
      await waitFor('calls reaching s1', () => served('s1') >= 20);
      await s.leave('s1');
      const results = await during;
      const failed = results.filter((r) => !r.ok);
      assert.ok(failed.length <= 4, `${failed.length} calls failed: ${failed.map((f) => f.details).join('; ')}`);
      const after = await runCalls(c, 300, 4);
      assert.ok(after.every((r) => r.ok), 'every call after the leave succeeds');
      assert.equal(countByEndpoint(after).get('s1'), undefined);
      await s.join('s1');
      assert.ok(await untilAllAnswer(c, ids(s), 2_000, 10_000), 's1 answers again after it rejoins');
    });

    it('all servers down: TRANSIENT_FAILURE, calls fail fast with UNAVAILABLE naming the policy', async () => {
      const s = await pool(2);
      const c = client(ipv4(s), 'rpc_balancer_round_robin');
      assert.ok(await untilAllAnswer(c, ids(s)));
      await Promise.all([s.leave('s0'), s.leave('s1')]);
      // grpc-js notices the closed connections in its own time: call until it says so (a condition).
      let last = await c.call({}, 2_000);
      await waitFor('calls to fail with "no connection established"', async () => {
        if ((last.details ?? '').includes('no connection established')) return true;
        last = await c.call({}, 2_000);
        return undefined;
      });
      assert.equal(last.code, grpc.status.UNAVAILABLE);
      assert.match(last.details ?? '', /rpc_balancer_round_robin: no connection established/);
      assert.equal(c.state(), 'TRANSIENT_FAILURE');
    });

    it('dns:127.0.0.1:<port> target: grpc-js\'s DNS resolver feeds the policy', async () => {
      const s = await pool(1);
      const c = client(`dns:${s.endpoints[0].address}`, 'rpc_balancer_p2c_peak_ewma');
      const results = await runCalls(c, 50, 4);
      assert.deepEqual(Object.fromEntries(countByEndpoint(results)), { s0: 50 });
      assert.equal(c.state(), 'READY');
    });

    it('follows address updates from the resolver: [s0, s1] then [s1, s2], no failed call', async () => {
      const s = await pool(3);
      const resolver = testResolver(grpc);
      const name = `update-${Math.random().toString(36).slice(2)}`;
      const [a, b, c3] = s.endpoints.map((e) => e.address);
      resolver.set(name, [a, b]);
      const c = client(`rpcbtest:${name}`, 'rpc_balancer_round_robin');
      assert.ok(await untilAllAnswer(c, ['s0', 's1']));
      const first = await runCalls(c, 100, 2);
      assert.deepEqual([...countByEndpoint(first).keys()].sort(), ['s0', 's1']);
      resolver.set(name, [b, c3]);
      assert.ok(await untilAllAnswer(c, ['s2']), 's2 answers after the update');
      const second = await runCalls(c, 100, 2);
      assert.ok(second.every((r) => r.ok));
      assert.deepEqual([...countByEndpoint(second).keys()].sort(), ['s1', 's2']);
    });
  });
}
