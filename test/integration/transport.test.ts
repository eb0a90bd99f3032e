/**
 * Each transport against a real server on 127.0.0.1: the demo servers (http, jsonrpc, grpc),
 * nginx, a port nobody listens on, a server that resets every connection, one that answers
 * JSON-RPC with the wrong id.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { ConfigError } from '../../src/engine/errors';
import type { Endpoint, LoadReport } from '../../src/engine/types';
import { createTransport } from '../../src/loadtest/transports';
import type { Transport } from '../../src/loadtest/transports';
import type { Pool, PoolConfig } from '../../src/pools/types';
import { demo, listenTracked, rawServer, refusingAddress, resettingServer } from '../helpers/loadtest-servers';
import { describeEachHttpClient } from '../helpers/http-clients';
import { startNginx } from '../helpers/nginx';

const opts = { connections: 4, timeoutMs: 2000, baseDir: process.cwd() };

/**
 * `/sized`: 64 MiB announced by content-length; `/chunked`: 64 MiB streamed in 64 KiB chunks as
 * the client reads (so how much went out says how much was read); `/small`: 1 MiB exactly.
 * `sent[i]` is what the i-th request's reply wrote.
 */
function bigReplyServer(sent: number[]): Promise<{ address: string; close(): Promise<void> }> {
  const chunk = Buffer.alloc(64 * 1024, 120);
  const server: Server = createServer((req, res) => {
    const i = sent.push(0) - 1;
    req.resume();
    if (req.url?.startsWith('/small')) return res.end(Buffer.alloc(1 << 20, 120));
    if (req.url?.startsWith('/sized')) res.setHeader('content-length', String(64 << 20));
    let left = 64 << 20;
    const pump = (): void => {
      while (left > 0 && !res.destroyed) {
        left -= chunk.length;
        sent[i] += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    res.on('error', () => undefined);
    pump();
  });
  return listenTracked(server);
}

const ep = (address: string, id = 'e'): Endpoint => ({ id, address, weight: 1 });

async function with1<T>(t: Transport, fn: (t: Transport) => Promise<T>): Promise<T> {
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}

/** The demo's ORCA report (orca.ts) as the transport read it: every reply of a server that fails all counts as an error. */
function assertOrca(report: LoadReport | undefined, allErrors: boolean): void {
  assert.ok(report, 'an ORCA report');
  const { utilization, qps, eps } = report;
  assert.ok(utilization !== undefined && utilization >= 0 && utilization <= 1, `utilization ${utilization}`);
  assert.ok(qps !== undefined && qps > 0, `qps ${qps}`);
  if (allErrors) assert.equal(eps, qps);
  else assert.ok(eps === undefined || eps === 0, `eps ${eps}`);
}

describeEachHttpClient('transport: http', function () {
  this.timeout(20_000);

  it('demo server: ok with the reported load; an injected failure is http_500', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1, errorRate: 1 }]);
    try {
      await with1(await createTransport(pool, opts), async (t) => {
        const ok = await t.call(ep(servers.endpoints[0].address), { seq: 1 });
        assert.equal(ok.ok, true);
        assert.ok(typeof ok.load === 'number' && ok.load >= 0 && ok.load <= 1, `load ${ok.load}`);
        assertOrca(ok.report, false);
        const bad = await t.call(ep(servers.endpoints[1].address), { seq: 2 });
        assert.deepEqual(Object.keys(bad).sort(), ['errorKind', 'load', 'ok', 'report']);
        assert.equal(bad.errorKind, 'http_500');
        assertOrca(bad.report, true);
      });
    } finally {
      await servers.close();
    }
  });

  it('nginx: 200 is ok, 503 is http_503, 404 is http_404, over kept-alive connections', async () => {
    const nginx = await startNginx();
    try {
      const pool = (path: string): PoolConfig => ({ name: 'n', transport: 'http', endpoints: [], request: { method: 'GET', path } });
      await with1(await createTransport(pool('/'), opts), async (t) => {
        for (let i = 0; i < 50; i++) assert.deepEqual(await t.call(ep(nginx.url), { seq: i }), { ok: true });
      });
      await with1(await createTransport(pool('/status/503'), opts), async (t) => assert.deepEqual(await t.call(ep(nginx.url), { seq: 0 }), { ok: false, errorKind: 'http_503' }));
      await with1(await createTransport(pool('/status/404'), opts), async (t) => assert.equal((await t.call(ep(nginx.url), { seq: 0 })).errorKind, 'http_404'));
    } finally {
      await nginx.stop();
    }
  });

  it('a port nobody listens on is refused; a server that destroys sockets is reset', async () => {
    const reset = await resettingServer();
    try {
      const pool: PoolConfig = { name: 'x', transport: 'http', endpoints: [] };
      await with1(await createTransport(pool, opts), async (t) => {
        assert.deepEqual(await t.call(ep(await refusingAddress(), 'r'), { seq: 0 }), { ok: false, errorKind: 'refused' });
        assert.deepEqual(await t.call(ep(reset.address, 's'), { seq: 0 }), { ok: false, errorKind: 'reset' });
      });
    } finally {
      await reset.close();
    }
  });

  it('a bad endpoint address resolves an error outcome (the call never throws), and the transport still serves good ones', async () => {
    const server: Server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const good = ep(`http://127.0.0.1:${(server.address() as { port: number }).port}`, 'good');
      for (const transport of ['http', 'jsonrpc'] as const) {
        const pool: PoolConfig = { name: 'x', transport, endpoints: [] };
        await with1(await createTransport(pool, opts), async (t) => {
          for (const address of ['not a url', 'ftp://127.0.0.1:21', '127.0.0.1:80']) {
            let outcome: Promise<unknown> | undefined;
            assert.doesNotThrow(() => (outcome = t.call(ep(address, 'bad'), { seq: 0 })), `${transport} call(${JSON.stringify(address)}) threw`);
            assert.deepEqual(await outcome, { ok: false, errorKind: 'other' }, `${transport} ${address}`);
          }
          if (transport === 'http') assert.deepEqual(await t.call(good, { seq: 1 }), { ok: true });
          else assert.equal((await t.call(good, { seq: 1 })).errorKind, 'protocol');
        });
      }
    } finally {
      server.close();
    }
  });

  it('a malformed reply is protocol (undici 7\'s HTTPParserError has a name, not always a code)', async () => {
    const garbage = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX Bad Header: 1\r\n\r\nhello'));
    const nonsense = await rawServer((socket) => socket.end('this is not HTTP\r\n\r\n'));
    try {
      const pool: PoolConfig = { name: 'x', transport: 'http', endpoints: [] };
      await with1(await createTransport(pool, opts), async (t) => {
        assert.deepEqual(await t.call(ep(garbage.address, 'g'), { seq: 0 }), { ok: false, errorKind: 'protocol' });
        assert.deepEqual(await t.call(ep(nonsense.address, 'n'), { seq: 1 }), { ok: false, errorKind: 'protocol' });
      });
    } finally {
      await garbage.close();
      await nonsense.close();
    }
  });

  it('a reply over maxReplyBytes is too_large, by its content-length or counted as it streams, and the connection is dropped', async () => {
    const sent: number[] = [];
    const big = await bigReplyServer(sent);
    try {
      const pool: PoolConfig = { name: 'x', transport: 'http', endpoints: [] };
      await with1(await createTransport(pool, { ...opts, connections: 1, maxReplyBytes: 1 << 20 }), async (t) => {
        assert.deepEqual(await t.call(ep(big.address + '/sized'), { seq: 0 }), { ok: false, errorKind: 'too_large' });
        assert.deepEqual(await t.call(ep(big.address + '/chunked'), { seq: 1 }), { ok: false, errorKind: 'too_large' });
        // at the limit is fine, and the one connection is usable again
        assert.deepEqual(await t.call(ep(big.address + '/small'), { seq: 2 }), { ok: true });
      });
      // 64 MiB offered per reply; the streamed one was cut long before its end
      assert.ok(sent[1] < 32 << 20, `the chunked reply wrote ${sent[1]} bytes before the client went away`);
    } finally {
      await big.close();
    }
  });

  it('a stalled server is a timeout after timeoutMs', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }]);
    try {
      servers.stall('a', 30_000);
      await with1(await createTransport(pool, { ...opts, timeoutMs: 300 }), async (t) => {
        const t0 = performance.now();
        const r = await t.call(ep(servers.endpoints[0].address), { seq: 0 });
        assert.deepEqual(r, { ok: false, errorKind: 'timeout' });
        const took = performance.now() - t0;
        // Never early: the deadline is set at send to now + timeoutMs and fires only once passed.
        assert.ok(took >= 300, `timed out after ${took} ms, before the 300 ms timeout`);
        // Does not wait for the stalled server (30 s). How late a timer fires is the machine's
        // business, so the ceiling is 10x the timeout; the deadline's precision is a unit test.
        assert.ok(took < 3000, `took ${took} ms`);
      });
    } finally {
      await servers.close();
    }
  });

  it('sends the template body with placeholders expanded', async () => {
    const bodies: string[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bodies.push(`${req.method} ${req.url} ${req.headers['content-type']} ${req.headers['x-t']} ${body}`);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const address = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const pool: PoolConfig = { name: 'x', transport: 'http', endpoints: [], request: { method: 'post', path: '/q', headers: { 'X-T': 'v' }, body: { user: 'u-{seq % 3}' } } };
      await with1(await createTransport(pool, opts), async (t) => {
        assert.deepEqual(await t.call(ep(address), { seq: 4, payload: { user: 'u-1' } }), { ok: true });
      });
      assert.deepEqual(bodies, ['POST /q application/json v {"user":"u-1"}']);
    } finally {
      server.close();
    }
  });
});

describeEachHttpClient('transport: jsonrpc', function () {
  this.timeout(20_000);

  it('demo server: ok with load; an error member is jsonrpc_<code>', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1, errorRate: 1 }], 'jsonrpc');
    try {
      assert.equal(pool.transport, 'jsonrpc');
      await with1(await createTransport(pool, opts), async (t) => {
        const ok = await t.call(ep(servers.endpoints[0].address), { seq: 11 });
        assert.equal(ok.ok, true);
        assert.ok(typeof ok.load === 'number');
        assertOrca(ok.report, false);
        const bad = await t.call(ep(servers.endpoints[1].address), { seq: 12 });
        assert.equal(bad.errorKind, 'jsonrpc_-32000');
        assertOrca(bad.report, true);
      });
    } finally {
      await servers.close();
    }
  });

  it('a reply over maxReplyBytes is too_large', async () => {
    const big = await bigReplyServer([]);
    try {
      const pool: PoolConfig = { name: 'x', transport: 'jsonrpc', endpoints: [], request: { method: 'm', params: [1] } };
      await with1(await createTransport(pool, { ...opts, maxReplyBytes: 1 << 20 }), async (t) => {
        assert.deepEqual(await t.call(ep(big.address + '/chunked'), { seq: 1 }), { ok: false, errorKind: 'too_large' });
      });
    } finally {
      await big.close();
    }
  });

  it('a reply with another id, or no JSON-RPC at all, is protocol', async () => {
    let mode = 'wrong-id';
    const server: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end(mode === 'wrong-id' ? '{"jsonrpc":"2.0","id":999,"result":1}' : '<html>'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const address = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const pool: PoolConfig = { name: 'x', transport: 'jsonrpc', endpoints: [], request: { method: 'm', params: [1] } };
      await with1(await createTransport(pool, opts), async (t) => {
        assert.deepEqual(await t.call(ep(address), { seq: 1 }), { ok: false, errorKind: 'protocol' });
        mode = 'html';
        assert.deepEqual(await t.call(ep(address), { seq: 2 }), { ok: false, errorKind: 'protocol' });
      });
    } finally {
      server.close();
    }
  });
});

describe('transport: grpc', function () {
  this.timeout(20_000);

  it('demo server: unary call ok with load; failure is grpc_UNAVAILABLE; a deadline is timeout; a dead port is grpc_UNAVAILABLE', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1, errorRate: 1 }, { id: 'c', medianMs: 1 }], 'grpc');
    try {
      await with1(await createTransport(pool, { ...opts, timeoutMs: 300 }), async (t) => {
        const [a, b, c] = servers.endpoints.map((e) => ep(e.address, e.id));
        const ok = await t.call(a, { seq: 1 });
        assert.equal(ok.ok, true, JSON.stringify(ok));
        assert.ok(typeof ok.load === 'number');
        assertOrca(ok.report, false);
        const bad = await t.call(b, { seq: 2 });
        assert.equal(bad.errorKind, 'grpc_UNAVAILABLE');
        assertOrca(bad.report, true);
        servers.stall('c', 2000);
        assert.equal((await t.call(c, { seq: 3 })).errorKind, 'timeout');
        const dead = (await refusingAddress()).replace('http://', '');
        assert.equal((await t.call(ep(dead, 'd'), { seq: 4 })).errorKind, 'grpc_UNAVAILABLE');
      });
    } finally {
      await servers.close();
    }
  });

  it('a reply over maxReplyBytes is too_large (grpc.max_receive_message_length)', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }], 'grpc');
    try {
      const a = ep(servers.endpoints[0].address, 'a');
      await with1(await createTransport(pool, { ...opts, maxReplyBytes: 4 }), async (t) => assert.equal((await t.call(a, { seq: 1 })).errorKind, 'too_large'));
      await with1(await createTransport(pool, opts), async (t) => assert.equal((await t.call(a, { seq: 2 })).ok, true));
    } finally {
      await servers.close();
    }
  });

  it('rejects an unknown service or method with the names it has', async () => {
    const { servers, pool } = await demo([{ id: 'a' }], 'grpc');
    try {
      const req = pool.request as { proto: string; service: string; method: string };
      await assert.rejects(createTransport({ ...pool, request: { ...req, service: 'demo.Nope' } } as Pool, opts), (e: Error) => e instanceof ConfigError && /^request\.service: no service "demo\.Nope"/.test(e.message));
      await assert.rejects(createTransport({ ...pool, request: { ...req, method: 'Nope' } } as Pool, opts), /request\.method: service demo\.Echo has no method "Nope" \(has: Call\)/);
    } finally {
      await servers.close();
    }
  });
});
