/**
 * The http and jsonrpc transports over HTTP/2 (a pool's `http2`) against real servers on
 * 127.0.0.1: the demo servers over h2c and TLS h2 (a certificate openssl makes for the test),
 * nginx over h2c and TLS with ALPN, TLS servers without h2 (ALPN falls back to http/1.1), and
 * node:http2 servers that reset streams, send GOAWAY, stall, or answer too much.
 */
import assert from 'node:assert/strict';
import { constants, createServer, type Http2Server, type Http2Session, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { startDemoServers, type DemoServers } from '../../src/demo';
import type { Endpoint } from '../../src/engine/types';
import { runLoadTest } from '../../src/loadtest';
import { createTransport, type CallControl, type Transport } from '../../src/loadtest/transports';
import { parsePool } from '../../src/pools/parse';
import type { Pool } from '../../src/pools/types';
import { assertValidRunResult } from '../../src/result/validate';
import { startNginx } from '../helpers/nginx';
import { refusingAddress } from '../helpers/loadtest-servers';
import { makeTestCert, type TestCert } from '../helpers/tls-cert';
import { waitFor } from '../helpers/wait';

const opts = { connections: 8, timeoutMs: 2000, baseDir: process.cwd() };
const ep = (address: string, id = 'e'): Endpoint => ({ id, address, weight: 1 });

async function using<T>(pool: Pool, fn: (t: Transport) => Promise<T>, options = opts): Promise<T> {
  const t = await createTransport(pool, options);
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}

function httpPool(address: string, extra: Record<string, unknown> = {}, path = '/'): Pool {
  return parsePool({ transport: 'http', endpoints: [{ id: 'e', address }], request: { method: 'GET', path }, http2: true, ...extra });
}

/** A node:http2 server answering every stream with `answer`; counts sessions and the most streams open at once. */
async function h2Server(answer: (stream: ServerHttp2Stream, session: Http2Session) => void) {
  const seen = { sessions: 0, open: 0, maxOpen: 0, closedByClient: 0 };
  const server: Http2Server = createServer();
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (s) => {
    seen.sessions++;
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
    s.on('error', () => undefined);
  });
  server.on('stream', (stream, _headers) => {
    seen.open++;
    seen.maxOpen = Math.max(seen.maxOpen, seen.open);
    stream.on('close', () => {
      seen.open--;
      if (stream.rstCode === constants.NGHTTP2_CANCEL) seen.closedByClient++;
    });
    stream.on('error', () => undefined);
    answer(stream, stream.session!);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      for (const s of sessions) s.destroy();
      server.close(() => resolve());
    }),
  };
}

describe('transport over HTTP/2: demo servers', function () {
  this.timeout(30_000);
  let cert: TestCert;
  before(() => (cert = makeTestCert()));
  after(() => cert?.remove());

  const started: DemoServers[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()));
  });
  async function demo(wire: { http2?: boolean; tls?: boolean }, transport: 'http' | 'jsonrpc' = 'http') {
    const servers = await startDemoServers({
      endpoints: [{ id: 'a', medianMs: 1, p99Ms: 2 }], transport, seed: 3,
      ...(wire.http2 ? { http2: true } : {}), ...(wire.tls ? { tls: { key: cert.key, cert: cert.cert } } : {}),
    });
    started.push(servers);
    return { servers, raw: servers.pool(transport) as Record<string, unknown> };
  }

  it('h2c: ok with x-server-load and the ORCA report; a failure is http_500 with its Retry-After; the endpoint reads h2c', async () => {
    const { servers, raw } = await demo({ http2: true });
    assert.equal(raw.http2, true);
    const pool = parsePool(raw);
    await using(pool, async (t) => {
      const ok = await t.call(pool.endpoints[0], { seq: 1 });
      assert.equal(ok.ok, true, JSON.stringify(ok));
      assert.ok(ok.load !== undefined && ok.load > 0 && ok.load <= 1, `load ${ok.load}`);
      assert.ok(ok.report && ok.report.utilization !== undefined, 'an ORCA report');
      servers.fail('a', 1);
      servers.pushback('a', 1500);
      const bad = await t.call(pool.endpoints[0], { seq: 2 });
      assert.equal(bad.errorKind, 'http_500');
      assert.deepEqual(bad.pushback, { retryAfter: '2' });
      assert.deepEqual(t.protocols?.(), { [pool.endpoints[0].address]: 'h2c' });
    });
  });

  it('TLS h2 trusting the test CA: JSON-RPC judged as over HTTP/1.1 (ok, jsonrpc_-32000); ALPN chose h2', async () => {
    const { servers, raw } = await demo({ http2: true, tls: true }, 'jsonrpc');
    assert.match(String((raw.endpoints as { address: string }[])[0].address), /^https:\/\//);
    const pool = parsePool(raw);
    await using(pool, async (t) => {
      const calls = await Promise.all([1, 2, 3, 4].map((seq) => t.call(pool.endpoints[0], { seq })));
      assert.deepEqual(calls.map((c) => c.ok), [true, true, true, true]);
      servers.fail('a', 1);
      assert.equal((await t.call(pool.endpoints[0], { seq: 5 })).errorKind, 'jsonrpc_-32000');
      assert.deepEqual(t.protocols?.(), { [pool.endpoints[0].address]: 'h2' });
    });
  });

  it('TLS: an untrusted certificate fails every call (no h2 session is made); insecure accepts it', async () => {
    const { raw } = await demo({ http2: true, tls: true });
    const { tls: _trust, ...untrusted } = raw;
    const pool = parsePool(untrusted);
    await using(pool, async (t) => {
      const res = await t.call(pool.endpoints[0], { seq: 1 });
      assert.deepEqual(res, { ok: false, errorKind: 'tls' });
      assert.equal(t.protocols?.()[pool.endpoints[0].address], undefined);
    });
    const insecure = parsePool({ ...untrusted, tls: { insecure: true } });
    await using(insecure, async (t) => assert.equal((await t.call(insecure.endpoints[0], { seq: 1 })).ok, true));
  });

  it('https over HTTP/1.1 (no http2: undici with the pool\'s tls): trusted by the test CA it answers; untrusted it is "tls"', async () => {
    const { raw } = await demo({ tls: true });
    const trusted = parsePool(raw);
    assert.equal((trusted as { http2?: unknown }).http2, undefined);
    await using(trusted, async (t) => assert.equal((await t.call(trusted.endpoints[0], { seq: 1 })).ok, true));
    const { tls: _trust, ...rest } = raw;
    const untrusted = parsePool(rest);
    await using(untrusted, async (t) => assert.deepEqual(await t.call(untrusted.endpoints[0], { seq: 2 }), { ok: false, errorKind: 'tls' }));
  });

  it('ALPN falls back to http/1.1 when the TLS server does not offer h2: calls still judged, the endpoint reads http/1.1', async () => {
    const { servers, raw } = await demo({ tls: true }, 'jsonrpc');
    const pool = parsePool({ ...raw, http2: true });
    await using(pool, async (t) => {
      // Sent together: all wait for the one negotiation, then go over HTTP/1.1.
      const calls = await Promise.all([1, 2, 3].map((seq) => t.call(pool.endpoints[0], { seq })));
      assert.deepEqual(calls.map((c) => c.ok), [true, true, true], JSON.stringify(calls));
      servers.fail('a', 1);
      assert.equal((await t.call(pool.endpoints[0], { seq: 4 })).errorKind, 'jsonrpc_-32000');
      assert.deepEqual(t.protocols?.(), { [pool.endpoints[0].address]: 'http/1.1' });
    });
  });

  it('a stalled server is a timeout; a server that leaves mid-run resets its streams, refuses, and is reconnected when it joins', async () => {
    const { servers, raw } = await demo({ http2: true });
    const pool = parsePool(raw);
    await using(pool, async (t) => {
      const e = pool.endpoints[0];
      assert.equal((await t.call(e, { seq: 1 })).ok, true);
      servers.stall('a', 5000);
      const started = performance.now();
      const stalled = t.call(e, { seq: 2 });
      const res = await stalled;
      assert.equal(res.errorKind, 'timeout');
      assert.ok(performance.now() - started >= 250, 'waited for the deadline');
      servers.recover('a');
      const inFlight = t.call(e, { seq: 3 });
      servers.stall('a', 5000);
      const during = t.call(e, { seq: 4 });
      await servers.leave('a');
      const kinds = [(await inFlight).errorKind, (await during).errorKind];
      assert.ok(kinds.every((k) => k === undefined || k === 'reset'), `in flight when it left: ${kinds}`);
      assert.equal((await t.call(e, { seq: 5 })).errorKind, 'refused');
      servers.recover('a');
      await servers.join('a');
      assert.equal((await t.call(e, { seq: 6 })).ok, true);
    }, { ...opts, timeoutMs: 300 });
  });

  it('a run over h2c: every request ok, each endpoint result says h2c, the result validates', async () => {
    const servers = await startDemoServers({ endpoints: [{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1 }], http2: true, seed: 5 });
    started.push(servers);
    const pool = parsePool(servers.pool());
    const result = await runLoadTest({ pool, load: { model: 'closed', concurrency: 8 }, requests: 400, seed: 9 });
    assertValidRunResult(result);
    assert.equal(result.totals.requests, 400);
    assert.equal(result.totals.errors, 0);
    assert.deepEqual(result.endpoints.map((e) => [e.id, e.protocol]), [['a', 'h2c'], ['b', 'h2c']]);
    assert.ok(result.endpoints.every((e) => e.requests === 200), `round-robin: ${result.endpoints.map((e) => e.requests)}`);
  });
});

describe('transport over HTTP/2: nginx', function () {
  this.timeout(30_000);
  let cert: TestCert;
  before(() => (cert = makeTestCert()));
  after(() => cert?.remove());

  it('h2c: 200 ok, 404 http_404, 503 http_503; 32 streams on one connection', async () => {
    const nginx = await startNginx({ http2: true });
    try {
      const pool = httpPool(nginx.url, { http2: { maxConcurrentStreams: 32 } });
      await using(pool, async (t) => {
        const e = pool.endpoints[0];
        const many = await Promise.all(Array.from({ length: 64 }, (_, seq) => t.call(e, { seq })));
        assert.ok(many.every((c) => c.ok), JSON.stringify(many.find((c) => !c.ok)));
        assert.equal((await t.call(e, { seq: 1, path: '/status/404' })).errorKind, 'http_404');
        assert.equal((await t.call(e, { seq: 2, path: '/status/503' })).errorKind, 'http_503');
        assert.deepEqual(t.protocols?.(), { [nginx.url]: 'h2c' });
      });
    } finally {
      await nginx.stop();
    }
  });

  it('TLS with ALPN: h2 when nginx offers it (trusting the CA file), http/1.1 when it does not', async () => {
    const tls = { certFile: cert.certFile, keyFile: `${cert.dir}/key.pem` };
    for (const [http2, expected] of [[true, 'h2'], [false, 'http/1.1']] as const) {
      const nginx = await startNginx({ tls, http2 });
      try {
        const pool = httpPool(nginx.url, { tls: { ca: cert.certFile } });
        await using(pool, async (t) => {
          const calls = await Promise.all([1, 2, 3].map((seq) => t.call(pool.endpoints[0], { seq })));
          assert.ok(calls.every((c) => c.ok), JSON.stringify(calls));
          assert.equal((await t.call(pool.endpoints[0], { seq: 4, path: '/status/500' })).errorKind, 'http_500');
          assert.deepEqual(t.protocols?.(), { [nginx.url]: expected });
        });
      } finally {
        await nginx.stop();
      }
    }
  });
});

describe('transport over HTTP/2: errors', function () {
  this.timeout(30_000);

  it('a port nobody listens on is refused, and again on the next call (no session is kept)', async () => {
    const address = await refusingAddress();
    await using(httpPool(address), async (t) => {
      assert.equal((await t.call(ep(address), { seq: 1 })).errorKind, 'refused');
      assert.equal((await t.call(ep(address), { seq: 2 })).errorKind, 'refused');
    });
  });

  it('RST_STREAM is reset (the session stays: the next call is ok); GOAWAY resets the streams past its last id, and a new session answers', async () => {
    let mode = 'rst';
    const held: ServerHttp2Stream[] = [];
    const answer = (stream: ServerHttp2Stream): void => {
      stream.respond({ ':status': 200, 'x-server-load': '0.5' });
      stream.end('ok');
    };
    const srv = await h2Server((stream, session) => {
      if (mode === 'rst') return stream.close(constants.NGHTTP2_INTERNAL_ERROR);
      if (mode !== 'goaway') return answer(stream);
      // Two streams open: GOAWAY names the first as the last it will process, and answers it.
      if (held.push(stream) < 2) return;
      session.goaway(constants.NGHTTP2_NO_ERROR, held[0].id);
      answer(held[0]);
    });
    try {
      await using(httpPool(srv.address), async (t) => {
        const e = ep(srv.address);
        assert.equal((await t.call(e, { seq: 1 })).errorKind, 'reset');
        mode = 'ok';
        assert.deepEqual(await t.call(e, { seq: 2 }), { ok: true, load: 0.5 });
        assert.equal(srv.seen.sessions, 1);
        mode = 'goaway';
        const [first, second] = await Promise.all([t.call(e, { seq: 3 }), t.call(e, { seq: 4 })]);
        assert.deepEqual([first.ok, second.errorKind], [true, 'reset']);
        mode = 'ok';
        assert.deepEqual(await t.call(e, { seq: 4 }), { ok: true, load: 0.5 });
        assert.equal(srv.seen.sessions, 2);
      });
    } finally {
      await srv.close();
    }
  });

  it('maxConcurrentStreams and connections bound the streams in flight: 4 x 2 of 40 calls, on 2 sessions', async () => {
    const waiting: ServerHttp2Stream[] = [];
    const srv = await h2Server((stream) => {
      waiting.push(stream);
      // Answered in batches once every allowed stream is open, so the bound is what holds them.
      if (waiting.length === 8) for (const s of waiting.splice(0)) if (!s.closed) s.respond({ ':status': 200 }, { endStream: true });
    });
    try {
      await using(httpPool(srv.address, { http2: { maxConcurrentStreams: 4, connections: 2 } }), async (t) => {
        const calls = await Promise.all(Array.from({ length: 40 }, (_, seq) => t.call(ep(srv.address), { seq })));
        assert.ok(calls.every((c) => c.ok), JSON.stringify(calls.find((c) => !c.ok)));
        assert.equal(srv.seen.maxOpen, 8);
        assert.equal(srv.seen.sessions, 2);
      });
    } finally {
      await srv.close();
    }
  });

  it('CallControl cancels the stream (RST_STREAM CANCEL, the server sees it) and answers cancelled; the session serves the next call', async () => {
    let hold = true;
    const srv = await h2Server((stream) => {
      if (!hold) stream.respond({ ':status': 200 }, { endStream: true });
    });
    try {
      await using(httpPool(srv.address), async (t) => {
        const control: CallControl = {};
        const pending = t.call(ep(srv.address), { seq: 1 }, control);
        await waitFor('the server to see the stream', () => srv.seen.open === 1);
        control.cancel!();
        assert.deepEqual(await pending, { ok: false, errorKind: 'cancelled' });
        await waitFor('the server to see the cancel', () => srv.seen.closedByClient === 1);
        hold = false;
        assert.equal((await t.call(ep(srv.address), { seq: 2 })).ok, true);
        assert.equal(srv.seen.sessions, 1);
      });
    } finally {
      await srv.close();
    }
  });

  it('a reply over maxReplyBytes is too_large, by content-length or counted as it streams; the stream is cancelled', async () => {
    const chunk = Buffer.alloc(64 * 1024, 120);
    let n = 0;
    const srv = await h2Server((stream) => {
      // The first reply announces its 4 MiB, the second only streams them.
      stream.respond({ ':status': 200, ...(n++ === 0 ? { 'content-length': String(64 * chunk.length) } : {}) });
      let left = 64;
      const pump = (): void => {
        while (left-- > 0 && !stream.closed) if (!stream.write(chunk)) return void stream.once('drain', pump);
        if (!stream.closed) stream.end();
      };
      pump();
    });
    try {
      await using(httpPool(srv.address), async (t) => {
        for (const seq of [1, 2]) assert.equal((await t.call(ep(srv.address), { seq })).errorKind, 'too_large');
        await waitFor('the server to see both cancels', () => srv.seen.closedByClient === 2);
      }, { ...opts, maxReplyBytes: 1 << 20 } as typeof opts);
    } finally {
      await srv.close();
    }
  });

  it('rejects http2 and tls fields with their JSON paths', () => {
    const base = { transport: 'http', endpoints: [{ id: 'e', address: 'http://127.0.0.1:1' }] };
    assert.throws(() => parsePool({ ...base, http2: { maxConcurrentStreams: 0, connections: 1.5, window: 1 } }), (e: Error) =>
      /http2\.maxConcurrentStreams: must be at least 1, got 0/.test(e.message) && /http2\.connections: expected a whole number, got 1\.5/.test(e.message) && /http2\.window: unknown field/.test(e.message));
    assert.throws(() => parsePool({ ...base, tls: { ca: 'no-such.pem', insecure: 'yes', servername: '127.0.0.1:443' } }), (e: Error) =>
      /tls\.ca: no such file "no-such\.pem"/.test(e.message) && /tls\.insecure: expected true or false/.test(e.message) && /tls\.servername: expected a DNS name/.test(e.message));
    assert.throws(() => parsePool({ transport: 'grpc', endpoints: [{ id: 'e', address: '127.0.0.1:1' }], http2: true }), /http2: applies to http and jsonrpc pools/);
  });
});
