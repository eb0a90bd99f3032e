/**
 * The gRPC export loaded into a real grpc-js client (the `grpc.service_config` channel option)
 * against the demo gRPC servers on 127.0.0.1: the retries happen (the servers' own counts show the
 * extra attempts, the caller sees success) and the balancing happens (per-server counts from the
 * replies follow the strategy), with grpc-js's round_robin and with our registered policy.
 */
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { exportConfig, type Variant } from '../../src/config-export';
import { fromJSON } from '@grpc/proto-loader';
import { DEMO_PROTO_JSON, startDemoServers, type DemoServers } from '../../src/demo/index';
import { registerGrpcPolicies } from '../../src/integrations/grpc';
import { parsePool } from '../../src/pools/parse';
import type { Pool } from '../../src/pools/types';
import { countByEndpoint, echoClient, runCalls, type EchoClient } from '../helpers/grpc-echo';

const FAST = { medianMs: 1, p99Ms: 3, concurrency: 64 };

describe('config export: gRPC service config in a real grpc-js client', function () {
  this.timeout(60_000);
  let servers: DemoServers | undefined;
  let clients: EchoClient[] = [];
  before(() => registerGrpcPolicies(grpc));
  afterEach(async () => {
    for (const c of clients) c.close();
    clients = [];
    await servers?.close();
    servers = undefined;
  });

  async function start(specs: object[]): Promise<{ s: DemoServers; pool: Pool; target: string }> {
    const s = await startDemoServers({ transport: 'grpc', seed: 7, endpoints: specs.map((spec, i) => ({ id: `s${i}`, ...FAST, ...spec })) });
    servers = s;
    return { s, pool: parsePool(s.pool('grpc')), target: `ipv4:${s.endpoints.map((e) => e.address).join(',')}` };
  }
  function client(target: string, serviceConfig?: string): EchoClient {
    const c = echoClient(grpc, target, serviceConfig ? { 'grpc.service_config': serviceConfig } : {});
    clients.push(c);
    return c;
  }
  /** One call at a time until each of `ids` has answered (subchannels connect one by one), at most 300 calls; others may answer too. */
  async function connected(c: EchoClient, ids: string[]): Promise<void> {
    const seen = new Set<string>();
    for (let i = 0; i < 300 && !ids.every((id) => seen.has(id)); i++) {
      const r = await c.call();
      if (r.endpoint) seen.add(r.endpoint);
    }
    assert.ok(ids.every((id) => seen.has(id)), `${ids.join(', ')} answered within 300 calls (seen: ${[...seen].join(', ')})`);
  }

  /**
   * A server that answers every call UNAVAILABLE with trailers only. The demo servers send their
   * initial metadata (the load) before failing, and a gRPC call that has received response
   * headers is committed (gRFC A6: never retried), so grpc-js retries no demo failure; a real
   * server shedding load answers trailers-only, as this one does.
   */
  async function unavailableServer(): Promise<{ address: string; calls: () => number; close: () => Promise<void> }> {
    const definition = fromJSON(DEMO_PROTO_JSON as Parameters<typeof fromJSON>[0], { keepCase: true });
    const pkg = grpc.loadPackageDefinition(definition as never) as unknown as { demo: { Echo: { service: grpc.ServiceDefinition } } };
    const server = new grpc.Server();
    let calls = 0;
    server.addService(pkg.demo.Echo.service, {
      Call: (_call: unknown, cb: grpc.sendUnaryData<unknown>) => {
        calls++;
        cb({ code: grpc.status.UNAVAILABLE, details: 'shedding load' });
      },
    });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    return { address: `127.0.0.1:${port}`, calls: () => calls, close: () => new Promise((r) => server.tryShutdown(() => r())) };
  }

  it('round_robin with a retryPolicy on UNAVAILABLE: every call succeeds over a server that fails all, which the servers see retried', async () => {
    const { s, pool: demo } = await start([{}, {}]);
    const failing = await unavailableServer();
    try {
      const pool = parsePool({ ...s.pool('grpc'), endpoints: [...(s.pool('grpc').endpoints as object[]), { id: 'bad', address: failing.address }] });
      const target = `ipv4:${pool.endpoints.map((e) => e.address).join(',')}`;
      assert.equal(demo.endpoints.length, 2);
      const variant: Variant = {
        name: 'rr-retry', strategy: 'round-robin',
        policy: { retry: { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 5, backoffMultiplier: 2, retryOn: ['grpc_UNAVAILABLE'], otherEndpoint: false, honorPushback: true } },
      };
      const { text } = exportConfig(pool, variant, 'grpc');
      const config = JSON.parse(text) as { loadBalancingConfig: object[] };
      assert.deepEqual(config.loadBalancingConfig, [{ round_robin: {} }]);

      // The control: round_robin without the exported methodConfig fails the calls that land on the failing server.
      const plain = client(target, JSON.stringify({ loadBalancingConfig: config.loadBalancingConfig }));
      await connected(plain, ['s0', 's1']);
      const without = await runCalls(plain, 30, 1);
      assert.ok(without.filter((r) => !r.ok).length >= 5, `without the config ${without.filter((r) => !r.ok).length} of 30 failed`);

      const c = client(target, text);
      await connected(c, ['s0', 's1']);
      s.resetStats();
      const before = failing.calls();
      const results = await runCalls(c, 90, 1);
      assert.deepEqual(results.filter((r) => !r.ok).map((r) => r.details), [], 'every call succeeded');
      const failed = failing.calls() - before;
      const stats = Object.fromEntries(s.stats().endpoints.map((e) => [e.id, e]));
      // Round robin sends a third of first attempts to the failing server (at least 20 of 90 on a busy machine); each is retried once.
      assert.ok(failed >= 20, `the failing server received ${failed} attempts`);
      assert.equal(stats.s0.ok + stats.s1.ok, 90);
      assert.equal(stats.s0.requests + stats.s1.requests, 90, 'each failed attempt retried on a healthy server, once');
      const counts = countByEndpoint(results);
      assert.ok(Math.abs((counts.get('s0') ?? 0) - (counts.get('s1') ?? 0)) <= 30, `answers ${JSON.stringify(Object.fromEntries(counts))}`);
    } finally {
      await failing.close();
    }
  });

  it('weighted-round-robin 3:1:1 as rpc_balancer_weighted_round_robin with the pool\'s weights: 300/100/100 of 500 calls', async () => {
    const { pool, target } = await start([{ weight: 3 }, {}, {}]);
    const { text, notes } = exportConfig(pool, { name: 'wrr', strategy: 'weighted-round-robin' }, 'grpc');
    const lb = (JSON.parse(text) as { loadBalancingConfig: Record<string, { weights: Record<string, number> }>[] }).loadBalancingConfig[0];
    assert.deepEqual(Object.keys(lb), ['rpc_balancer_weighted_round_robin']);
    assert.ok(notes.some((n) => n.startsWith('addresses: a service config names none; dial ipv4:')), notes.join('\n'));
    const c = client(target, text);
    await connected(c, ['s0', 's1', 's2']);
    const results = await runCalls(c, 500, 4);
    assert.deepEqual(results.filter((r) => !r.ok), []);
    const counts = countByEndpoint(results);
    // The policy's schedule is exact; the calls that connected the channel came before these.
    assert.deepEqual([counts.get('s0'), counts.get('s1'), counts.get('s2')], [300, 100, 100]);
  });

  // s0 answers in ~400 ms, s1 in ~1 ms; a hedge goes 50 ms after a call is sent. Without hedging
  // round robin sends half the calls to s0 (400 ms); with it every call ends near 50 ms + s1's time
  // (well under s0's 400 ms even on a busy machine), answered by s1 while s0's attempts are cancelled.
  it('a hedgingPolicy at 50 ms: no call waits for a 400 ms server', async () => {
    const { s, pool, target } = await start([{ medianMs: 400, p99Ms: 410 }, {}]);
    const { text } = exportConfig(pool, { name: 'hedge', strategy: 'round-robin', policy: { hedging: { maxAttempts: 2, delayMs: 50, nonFatal: ['grpc_UNAVAILABLE'] } } }, 'grpc');
    const config = JSON.parse(text) as { loadBalancingConfig: object[]; methodConfig: unknown[] };
    assert.deepEqual(config.methodConfig, [{ name: [{}], hedgingPolicy: { maxAttempts: 2, hedgingDelay: '0.05s', nonFatalStatusCodes: ['UNAVAILABLE'] } }]);
    const busyAfter: number[] = [];
    const timed = async (c: EchoClient, n: number) => {
      const out: { ms: number; endpoint?: string }[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const r = await c.call();
        assert.ok(r.ok, r.details);
        out.push({ ms: performance.now() - t0, endpoint: r.endpoint });
        busyAfter.push(s.stats().endpoints[0].busy);
      }
      return out;
    };
    const plain = client(target, JSON.stringify({ loadBalancingConfig: config.loadBalancingConfig }));
    await connected(plain, ['s0', 's1']);
    const slow = (await timed(plain, 10)).filter((r) => r.ms >= 300);
    assert.ok(slow.length >= 3, `without hedging ${slow.length} of 10 calls took 300 ms or more`);

    const c = client(target, text);
    await connected(c, ['s1']);
    busyAfter.length = 0;
    const hedged = await timed(c, 20);
    // What hedging buys is that no call waits for s0: every call is answered by the fast server (exact,
    // where a bound on the slowest call's time is one a loaded machine's stalls can break: CI saw 481 ms).
    assert.deepEqual(hedged.filter((r) => r.endpoint !== 's1'), [], 'every call answered by the fast server');
    // s0 was in the rotation, not skipped: it kept receiving first attempts (cancelled by the client
    // when s1's hedge answered, served out by s0), so it is busy when calls end.
    assert.ok(busyAfter.filter((n) => n > 0).length >= 5, `s0 was busy after ${busyAfter.filter((n) => n > 0).length} of 20 calls`);
  });
});
