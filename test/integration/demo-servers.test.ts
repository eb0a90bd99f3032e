import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSync } from '@grpc/proto-loader';
import { fromJSON } from '@grpc/proto-loader';
import { DEMO_PROTO_JSON, startDemoServers, writeDemoProto, type DemoServers, type DemoTransport } from '../../src/demo/index';
import { demoPool, demoServerOptions } from '../../src/pools/demo-pool';
import { parsePool } from '../../src/pools/parse';
import { request as httpRequest } from 'node:http';
import { EndpointBehaviour } from '../../src/demo/behaviour';
import { DEMO_LIMITS } from '../../src/demo/index';
import { sendFault } from '../../src/loadtest/control-client';
import { waitFor } from '../helpers/wait';
import { burst, demoClient, percentile, type DemoClient } from './demo-clients';

/**
 * How late this process's timers fire while `work` runs: a 5 ms timer re-armed back to back, its
 * lateness at the 99th percentile. The demo servers reply from timers, so on a loaded machine
 * their latencies are late by about this much; the bounds below allow it instead of a fixed margin.
 */
async function withTimerLateness<T>(work: () => Promise<T>): Promise<{ value: T; lateP99: number }> {
  const late: number[] = [];
  let on = true;
  const probe = () => {
    const armed = performance.now();
    setTimeout(() => {
      late.push(performance.now() - armed - 5);
      if (on) probe();
    }, 5);
  };
  probe();
  try {
    const value = await work();
    return { value, lateP99: late.length > 0 ? percentile(late, 0.99) : 0 };
  } finally {
    on = false;
  }
}

const behaviourOf = (spec: { id: string; medianMs: number }) => new EndpointBehaviour(spec, 1);

const TRANSPORTS: DemoTransport[] = ['http', 'jsonrpc', 'grpc'];
const JSON_TYPE = { 'content-type': 'application/json' };

/** A raw request to the control server, Host and Origin as a browser (or an attacker) would set them. */
function rawRequest(control: string, opts: { method: string; path: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  const url = new URL(control);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: opts.method, path: opts.path, headers: opts.headers, setHost: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function control(h: DemoServers, endpoint: string, action: string, value?: number): Promise<void> {
  const res = await fetch(`${h.control}/faults`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ endpoint, action, value }) });
  assert.equal(res.status, 200, await res.text());
}

for (const transport of TRANSPORTS) {
  describe(`demo servers over ${transport}`, () => {
    let h: DemoServers | undefined;
    let client: DemoClient | undefined;
    afterEach(async () => {
      client?.close();
      await h?.close();
      h = client = undefined;
    });

    it('serves latencies near the configured median and p99 (1000 calls; server-measured p50 within -5%/+50%+2 ms, p99 within -20%/+50%+5 ms)', async function () {
      // Tail latency on a shared 2-core machine depends on what else runs: a run that lands on a
      // busy moment is tried again (a real error in the model fails every try: the lower bounds are exact).
      this.retries(2);
      h = await startDemoServers({ transport, seed: 7, endpoints: [{ id: 's1', medianMs: 10, p99Ms: 40, concurrency: 64 }] });
      client = demoClient(transport);
      // Warm up first: the process's first requests pay for compiling and connecting.
      await burst(client, h.endpoints[0].address, 100, 8);
      h.resetStats();
      const { value: replies, lateP99 } = await withTimerLateness(() => burst(client!, h!.endpoints[0].address, 1000, 8));
      assert.ok(replies.every((r) => r.ok));
      const s = h.stats().endpoints[0];
      assert.equal(s.requests, 1000);
      assert.equal(s.errors, 0);
      // Replies are never early, but timers fire late on a busy machine (CI, other tests): the
      // upper bounds add the lateness measured meanwhile; the sampler itself is held tighter in
      // test/unit/pools/demo-random.test.ts.
      const slack = Math.max(0, lateP99);
      assert.ok(s.p50Ms >= 9.5 && s.p50Ms <= 10 * 1.5 + 2 + slack, `server p50 ${s.p50Ms} ms, configured 10, timers late by ${slack.toFixed(1)} ms`);
      assert.ok(s.p99Ms >= 40 * 0.8 && s.p99Ms <= 40 * 1.5 + 5 + slack, `server p99 ${s.p99Ms} ms, configured 40, timers late by ${slack.toFixed(1)} ms`);
      const p50 = percentile(replies.map((r) => r.latencyMs), 0.5);
      assert.ok(p50 >= 9.5 && p50 <= 10 * 2 + 2 + 2 * slack, `client median ${p50.toFixed(2)} ms, configured 10, timers late by ${slack.toFixed(1)} ms`);
    });

    it('queues beyond the concurrency limit (FIFO), so overload shows as latency and load', async () => {
      h = await startDemoServers({ transport, endpoints: [{ id: 's1', medianMs: 40, p99Ms: 40, concurrency: 2 }] });
      client = demoClient(transport);
      const address = h.endpoints[0].address;
      await client.call(address); // warm the connection so all six start together
      h.resetStats();
      const replies = await Promise.all(Array.from({ length: 6 }, () => client!.call(address)));
      const lat = replies.map((r) => r.latencyMs).sort((a, b) => a - b);
      // Two slots of 40 ms each: the six finish in three waves, at 40, 80 and 120 ms at the earliest
      // (a reply is never early; a busy machine can only make it later).
      assert.ok(lat[0] >= 39, `first wave ${lat.slice(0, 2).map((x) => x.toFixed(1))}`);
      assert.ok(lat[2] >= 79, `second wave ${lat.slice(2, 4).map((x) => x.toFixed(1))}`);
      assert.ok(lat[4] >= 119, `third wave ${lat.slice(4).map((x) => x.toFixed(1))}`);
      // Each reply counts its own slot; only the very last one finds the other slot free.
      assert.deepEqual(replies.map((r) => r.load).sort(), [0.5, 1, 1, 1, 1, 1]);
      const s = h.stats().endpoints[0];
      assert.equal(s.maxQueued, 4);
      assert.equal(s.requests, 6);
    });

    for (const via of ['handle', 'control'] as const) {
      it(`slow, fail, stall, recover work through the ${via}, and the counts match the replies`, async () => {
        h = await startDemoServers({ transport, endpoints: [{ id: 's1', medianMs: 5, p99Ms: 5, concurrency: 32 }, { id: 's2', medianMs: 5, p99Ms: 5 }] });
        client = demoClient(transport);
        const hh = h;
        const act = (action: 'slow' | 'fail' | 'stall' | 'recover', value?: number) =>
          via === 'control' ? control(hh, 's1', action, value) : Promise.resolve(action === 'recover' ? hh.recover('s1') : hh[action]('s1', value!));
        const address = h.endpoints[0].address;
        const base = await burst(client, address, 10, 2);
        assert.ok(base.every((r) => r.ok && r.latencyMs >= 4.9));

        await act('slow', 10);
        const slow = await burst(client, address, 4, 2);
        assert.ok(slow.every((r) => r.ok && r.latencyMs >= 45), `slowed ${slow.map((r) => r.latencyMs.toFixed(1))}`);

        await act('fail', 1);
        const failed = await burst(client, address, 6, 3);
        assert.ok(failed.every((r) => !r.ok && !r.unreachable), 'every call fails with a server error');

        await act('recover');
        // A stall holds replies until 300 ms after the action reached the server (no earlier than
        // stallAt); the calls start together at \`began\`, so each waits at least the rest of the 300 ms.
        const stallAt = performance.now();
        await act('stall', 300);
        const began = performance.now();
        const stalled = await burst(client, address, 3, 3);
        const held = 300 - (began - stallAt);
        assert.ok(stalled.every((r) => r.ok && r.latencyMs >= held - 1), `stalled ${stalled.map((r) => r.latencyMs.toFixed(1))}, held at least ${held.toFixed(1)} ms`);
        const after = await burst(client, address, 5, 1);
        assert.ok(after.every((r) => r.ok && r.latencyMs < 250), `back to normal after the stall: ${after.map((r) => r.latencyMs.toFixed(1))}`);

        const s = h.stats().endpoints.find((e) => e.id === 's1')!;
        assert.equal(s.requests, 10 + 4 + 6 + 3 + 5);
        assert.equal(s.errors, 6);
        assert.equal(h.stats().endpoints.find((e) => e.id === 's2')!.requests, 0);
      });

      it(`leave refuses new connections and join listens on the same port again, through the ${via}`, async () => {
        h = await startDemoServers({ transport, endpoints: [{ id: 's1', medianMs: 2, p99Ms: 4 }] });
        client = demoClient(transport);
        const { address, port } = h.endpoints[0];
        assert.ok((await client.call(address)).ok);
        if (via === 'control') await control(h, 's1', 'leave');
        else await h.leave('s1');
        const refused = await client.call(address, { fresh: true, timeoutMs: 2000 });
        assert.equal(refused.ok, false);
        assert.equal(refused.unreachable, true);
        assert.equal(h.stats().endpoints[0].listening, false);
        if (via === 'control') await control(h, 's1', 'join');
        else await h.join('s1');
        assert.equal(h.endpoints[0].port, port);
        const back = await client.call(address, { fresh: true });
        assert.ok(back.ok, 'answers again after join');
        assert.equal(h.stats().endpoints[0].requests, 2);
      });
    }

    it('close() returns promptly with calls in flight and connections open, and frees the ports', async () => {
      // Calls that would take 20 s each (one at a time: 60 s), and a client that would wait 30 s for each.
      h = await startDemoServers({ transport, endpoints: [{ id: 's1', medianMs: 20_000, p99Ms: 20_000, concurrency: 1 }] });
      client = demoClient(transport);
      const address = h.endpoints[0].address;
      const pending = Promise.all(Array.from({ length: 3 }, () => client!.call(address, { timeoutMs: 30_000 })));
      const servers = h;
      await waitFor('the three calls to reach the server', () => servers.stats().endpoints[0].busy + servers.stats().endpoints[0].queued === 3);
      const t0 = performance.now();
      await h.close();
      // Promptly: before even one call could have been served (20 s), let alone the client's 30 s
      // timeout; half of it leaves a loaded machine ample room.
      assert.ok(performance.now() - t0 < 10_000, `close took ${(performance.now() - t0).toFixed(0)} ms`);
      const replies = await pending;
      assert.ok(replies.every((r) => !r.ok), 'in-flight calls end when the servers close');
      const after = await client.call(address, { fresh: true, timeoutMs: 2000 });
      assert.equal(after.unreachable, true);
      await assert.rejects(fetch(`${h.control}/stats`));
      h = undefined;
    });
  });
}

describe('demo servers: control server and pool files', () => {
  let h: DemoServers | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('GET /stats, POST /stats/reset and GET /pool answer; bad faults get 400/404 naming the problem', async () => {
    h = await startDemoServers({ endpoints: [{ id: 's1' }, { id: 's2', weight: 3 }] });
    const client = demoClient('http');
    await burst(client, h.endpoints[1].address, 5, 2);
    client.close();
    const stats = (await (await fetch(`${h.control}/stats`)).json()) as { endpoints: { id: string; requests: number }[] };
    assert.deepEqual(stats.endpoints.map((e) => [e.id, e.requests]), [['s1', 0], ['s2', 5]]);
    assert.equal((await fetch(`${h.control}/stats/reset`, { method: 'POST', headers: JSON_TYPE })).status, 200);
    assert.equal(h.stats().endpoints[1].requests, 0);

    const pool = (await (await fetch(`${h.control}/pool?transport=jsonrpc`)).json()) as Record<string, unknown>;
    assert.equal(pool.transport, 'jsonrpc');
    assert.equal(pool.control, h.control);
    assert.deepEqual(pool.endpoints, h.endpoints.map((e) => ({ id: e.id, address: e.address, weight: e.weight })));

    const bad = async (body: unknown, status: number, text: RegExp) => {
      const res = await fetch(`${h!.control}/faults`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(body) });
      assert.equal(res.status, status);
      assert.match(((await res.json()) as { error: string }).error, text);
    };
    await bad({ endpoint: 's9', action: 'slow', value: 2 }, 404, /no demo endpoint "s9" \(endpoints: s1, s2\)/);
    await bad({ endpoint: 's1', action: 'explode' }, 400, /action: expected one of slow, fail, stall, leave, join, recover, cold, pushback/);
    await bad({ endpoint: 's1', action: 'fail', value: 2 }, 400, /share must be between 0 and 1/);
    await bad({ endpoint: 's1', action: 'slow' }, 400, /slow needs a numeric value/);
  });

  it('refuses what a web page can send: text/plain POSTs (415), a foreign Origin or Host (403), with a JSON error; a loopback client still gets through', async () => {
    h = await startDemoServers({ endpoints: [{ id: 's1' }] });
    const port = new URL(h.control).port;
    const fault = JSON.stringify({ endpoint: 's1', action: 'fail', value: 1 });
    const post = (headers: Record<string, string>) => rawRequest(h!.control, { method: 'POST', path: '/faults', headers: { host: `127.0.0.1:${port}`, ...headers }, body: fault });
    const refused = async (r: Promise<{ status: number; body: string }>, status: number, error: RegExp) => {
      const res = await r;
      assert.equal(res.status, status, res.body);
      assert.match((JSON.parse(res.body) as { error: string }).error, error);
    };
    await refused(post({ 'content-type': 'text/plain' }), 415, /^content-type: a POST must be application\/json, got "text\/plain"/);
    await refused(post({}), 415, /^content-type: /);
    await refused(post({ 'content-type': 'application/json', origin: 'https://evil.example' }), 403, /^origin: .*"https:\/\/evil\.example"/);
    await refused(post({ 'content-type': 'application/json', origin: 'null' }), 403, /^origin: /);
    await refused(post({ 'content-type': 'application/json', host: `evil.example:${port}` }), 403, /^host: expected 127\.0\.0\.1:\d+, localhost:\d+, \[::1\]:\d+, got "evil\.example:\d+"/);
    await refused(post({ 'content-type': 'application/json', host: '127.0.0.1:1' }), 403, /^host: /);
    await refused(rawRequest(h.control, { method: 'GET', path: '/pool', headers: { host: `rebound.example:${port}` } }), 403, /^host: /);
    await refused(rawRequest(h.control, { method: 'GET', path: '/pool', headers: { host: `127.0.0.1:${port}`, origin: 'http://evil.example' } }), 403, /^origin: /);
    assert.equal(h.stats().endpoints[0].errors, 0);
    assert.equal((await h.apply('s1', 'recover')), undefined);
    // what the project's own clients send: loopback Host, JSON, a same-host Origin at most
    assert.equal((await post({ 'content-type': 'application/json; charset=utf-8', host: `localhost:${port}` })).status, 200);
    assert.equal((await post({ 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` })).status, 200);
    await sendFault(h.control, { at: 0, endpoint: 's1', action: 'slow', value: 2 });
    assert.equal((await rawRequest(h.control, { method: 'GET', path: '/stats', headers: { host: `[::1]:${port}` } })).status, 200);
  });

  it('bounds fault values: a stall of 1e12 ms, a slowdown of 1e6 are 400 naming the value, and nothing is applied', async () => {
    h = await startDemoServers({ endpoints: [{ id: 's1' }] });
    const bad = async (body: unknown, text: RegExp) => {
      const res = await fetch(`${h!.control}/faults`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(body) });
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { error: string }).error, text);
    };
    await bad({ endpoint: 's1', action: 'stall', value: 1e12 }, new RegExp(`^value: stall ms must be a positive number up to ${DEMO_LIMITS.maxStallMs} \\(1 h\\), got 1000000000000$`));
    await bad({ endpoint: 's1', action: 'slow', value: 1e6 }, new RegExp(`^value: slow factor must be a positive number up to ${DEMO_LIMITS.maxSlowFactor}, got 1000000$`));
    assert.throws(() => h!.stall('s1', 2 ** 31), /^Error: stall: ms must be a positive number up to/);
    assert.throws(() => behaviourOf({ id: 'x', medianMs: 1e12 }), /p99Ms \(and medianMs\) at most 60000/);
  });

  it('cold through the control address: 10x slower at first, normal again once the warm-up is over, not before', async () => {
    h = await startDemoServers({ endpoints: [{ id: 's1', medianMs: 5, p99Ms: 5 }] });
    const client = demoClient('http');
    try {
      const address = h.endpoints[0].address;
      const since = performance.now();
      const res = await fetch(`${h.control}/faults`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ endpoint: 's1', action: 'cold', value: 10, forMs: 600 }) });
      assert.equal(res.status, 200, await res.text());
      const first = await burst(client, address, 2, 2);
      // m(t) = 1 + 9 (1 - t / 600 ms): over 8x for the first 80 ms, so a first call takes 40 ms or more.
      assert.ok(first.every((r) => r.ok && r.latencyMs >= 35), `cold calls ${first.map((r) => r.latencyMs.toFixed(1))}`);
      // Until 480 ms the factor is over 2.8 (14 ms): a call under 10 ms before then means the curve ended early.
      let warmAt = NaN;
      for (let i = 0; i < 2000 && Number.isNaN(warmAt); i++) {
        const [r] = await burst(client, address, 1, 1);
        if (r.ok && r.latencyMs < 10) warmAt = performance.now() - since;
      }
      assert.ok(warmAt >= 480, `warm after ${warmAt} ms, want at least 480`);
    } finally {
      client.close();
    }
    const bad = async (body: unknown, text: RegExp) => {
      const r = await fetch(`${h!.control}/faults`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(body) });
      assert.equal(r.status, 400);
      assert.match(((await r.json()) as { error: string }).error, text);
    };
    await bad({ endpoint: 's1', action: 'cold', value: 0.5, forMs: 100 }, /^value: cold factor must be a number from 1 to 1000, got 0\.5$/);
    await bad({ endpoint: 's1', action: 'cold', value: 2 }, /^forMs: ms must be a positive number up to 3600000 \(1 h\), got undefined$/);
    await bad({ endpoint: 's1', action: 'slow', value: 2, forMs: 100 }, /^forMs: only "cold" takes it/);
  });

  it('the written .proto and the embedded descriptor define the same service', () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-proto-'));
    try {
      const fromFile = loadSync(writeDemoProto(join(dir, 'sub', 'demo.proto')), { keepCase: true });
      const embedded = fromJSON(DEMO_PROTO_JSON as Parameters<typeof fromJSON>[0], { keepCase: true });
      const shape = (def: typeof embedded) => {
        const call = (def['demo.Echo'] as Record<string, { path: string; requestType: { type: { field: { name: string; type: string }[] } }; responseType: { type: { field: { name: string; type: string }[] } } }>).Call;
        const fields = (t: { type: { field: { name: string; type: string }[] } }) => t.type.field.map((f) => `${f.name}:${f.type}`);
        return { path: call.path, req: fields(call.requestType), res: fields(call.responseType) };
      };
      assert.deepEqual(shape(fromFile), shape(embedded));
      assert.equal(shape(embedded).path, '/demo.Echo/Call');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad options before listening', async () => {
    await assert.rejects(startDemoServers({ endpoints: [] }), /endpoints must be a non-empty array/);
    await assert.rejects(startDemoServers({ endpoints: [{ id: 'a' }, { id: 'a' }] }), /unique/);
    await assert.rejects(startDemoServers({ endpoints: [{ id: 'a', medianMs: 10, p99Ms: 5 }] }), /medianMs <= p99Ms/);
  });
});

describe('demo servers started with the demo pool', () => {
  it('hand out the same pool file as demoPool(), which parsePool accepts, for http and grpc', async () => {
    for (const transport of ['http', 'grpc'] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'demo-pool-'));
      const h = await startDemoServers({ ...demoServerOptions({ transport, protoPath: join(dir, 'demo.proto') }) });
      try {
        const pool = parsePool(h.pool());
        const addresses = Object.fromEntries(h.endpoints.map((e) => [e.id, e.address]));
        assert.deepEqual(pool, parsePool(demoPool(transport, { addresses, control: h.control, protoPath: join(dir, 'demo.proto') })));
      } finally {
        await h.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
