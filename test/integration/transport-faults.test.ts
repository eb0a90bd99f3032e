/**
 * The http and jsonrpc transports against servers on 127.0.0.1 that misbehave the way real ones
 * do (issue 16), through each HTTP client (the lean one and undici): resets mid-reply, stalls
 * mid-body, garbage replies, 50 MB bodies over and under maxReplyBytes, a chunked reply that
 * trickles, keep-alive reuse counted in the server's accepted connections, `Connection: close`,
 * and the server closing an idle kept-alive socket.
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Endpoint } from '../../src/engine/types';
import { createTransport } from '../../src/loadtest/transports';
import type { Transport } from '../../src/loadtest/transports';
import type { PoolConfig } from '../../src/pools/types';
import { describeEachHttpClient } from '../helpers/http-clients';
import { listenTracked, rawServer } from '../helpers/loadtest-servers';

const opts = { connections: 4, timeoutMs: 5000, baseDir: process.cwd() };
const HTTP: PoolConfig = { name: 'x', transport: 'http', endpoints: [] };
const JSONRPC: PoolConfig = { name: 'x', transport: 'jsonrpc', endpoints: [], request: { method: 'm' } };
const ep = (address: string): Endpoint => ({ id: 'e', address, weight: 1 });
const MB50 = 50 * 1000 * 1000;

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function using<T>(pool: PoolConfig, options: Partial<typeof opts> & { maxReplyBytes?: number }, fn: (t: Transport) => Promise<T>): Promise<T> {
  const t = await createTransport(pool, { ...opts, ...options });
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}

/** An HTTP server on 127.0.0.1 that counts the connections it accepted and the ones that closed. */
async function countingServer(handler: (req: IncomingMessage, res: ServerResponse) => void, keepAliveTimeout = 5000) {
  const server = createHttpServer(handler);
  server.keepAliveTimeout = keepAliveTimeout;
  const stats = { accepted: 0, closed: 0 };
  server.on('connection', (s: Socket) => {
    stats.accepted++;
    s.on('close', () => stats.closed++);
  });
  const tracked = await listenTracked(server);
  return { ...tracked, stats };
}

/** A JSON-RPC 2.0 reply to the request's id, with `pad` bytes of result. */
function jsonRpcReply(body: string, pad: number): string {
  const id = (JSON.parse(body) as { id: number }).id;
  return `{"jsonrpc":"2.0","id":${id},"result":"${'x'.repeat(pad)}"}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => resolve(body));
  });
}

describeEachHttpClient('transport faults', function (client) {
  this.timeout(60_000);

  it('a reset mid-reply is reset; a close mid-body is reset, never ok', async () => {
    const resetting = await rawServer((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf', () => s.resetAndDestroy()));
    const closing = await rawServer((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf'));
    try {
      await using(HTTP, {}, async (t) => {
        assert.deepEqual(await t.call(ep(resetting.address), { seq: 0 }), { ok: false, errorKind: 'reset' });
        const closed = await t.call(ep(closing.address), { seq: 1 });
        assert.equal(closed.ok, false);
        assert.ok(closed.errorKind === 'reset' || closed.errorKind === 'protocol', JSON.stringify(closed));
      });
    } finally {
      await resetting.close();
      await closing.close();
    }
  });

  it('a reply that stalls mid-body is a timeout after timeoutMs', async () => {
    const stalling = await rawServer((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf'));
    try {
      await using(HTTP, { timeoutMs: 300 }, async (t) => {
        const t0 = performance.now();
        assert.deepEqual(await t.call(ep(stalling.address), { seq: 0 }), { ok: false, errorKind: 'timeout' });
        assert.ok(performance.now() - t0 >= 300);
      });
    } finally {
      await stalling.close();
    }
  });

  for (const [what, reply] of [
    ['a status line that is not HTTP', 'HTTP/9 OK\r\n\r\n'],
    ['a status that is not a number', 'HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n'],
    ['a content-length that is not a number', 'HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nhello'],
    ['a chunk size that is not hex', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n'],
    ['a header line without a colon', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nnocolon\r\n\r\nok'],
  ] as const) {
    it(`garbage: ${what} is protocol`, async () => {
      const server = await rawServer((s) => s.end(reply));
      try {
        await using(HTTP, {}, async (t) => assert.deepEqual(await t.call(ep(server.address), { seq: 0 }), { ok: false, errorKind: 'protocol' }));
      } finally {
        await server.close();
      }
    });
  }

  it('a 50 MB body: too_large over maxReplyBytes (by content-length and chunked), ok under it for http and jsonrpc', async () => {
    const big = Buffer.alloc(MB50, 120);
    const server = await countingServer((req, res) => {
      void readBody(req).then((body) => {
        if (req.url?.startsWith('/rpc')) return res.end(jsonRpcReply(body, MB50));
        if (req.url?.startsWith('/chunked')) {
          // No content-length: sent chunked, 1 MB at a time.
          for (let i = 0; i < 50; i++) res.write(big.subarray(i * 1e6, (i + 1) * 1e6));
          return res.end();
        }
        res.setHeader('content-length', String(MB50));
        res.end(big);
      });
    });
    try {
      await using(HTTP, { connections: 1 }, async (t) => {
        assert.deepEqual(await t.call(ep(server.address + '/sized'), { seq: 0 }), { ok: false, errorKind: 'too_large' });
        assert.deepEqual(await t.call(ep(server.address + '/chunked'), { seq: 1 }), { ok: false, errorKind: 'too_large' });
      });
      await using(HTTP, { connections: 1, maxReplyBytes: 64 << 20, timeoutMs: 60_000 }, async (t) => {
        assert.deepEqual(await t.call(ep(server.address + '/sized'), { seq: 2 }), { ok: true });
        assert.deepEqual(await t.call(ep(server.address + '/chunked'), { seq: 3 }), { ok: true });
      });
      await using(JSONRPC, { connections: 1, maxReplyBytes: 64 << 20, timeoutMs: 60_000 }, async (t) => {
        assert.deepEqual(await t.call(ep(server.address + '/rpc'), { seq: 4 }), { ok: true });
      });
    } finally {
      await server.close();
    }
  });

  it('a chunked reply that trickles (a chunk every 3 ms) is read whole and judged', async () => {
    const server = await countingServer((req, res) => {
      void readBody(req).then((body) => {
        const reply = req.url?.startsWith('/rpc') ? jsonRpcReply(body, 40) : 'x'.repeat(40);
        res.setHeader('x-server-load', '0.25');
        let at = 0;
        const next = (): void => {
          if (at >= reply.length) return void res.end();
          res.write(reply.slice(at, at + 4));
          at += 4;
          setTimeout(next, 3);
        };
        next();
      });
    });
    try {
      await using(HTTP, {}, async (t) => assert.deepEqual(await t.call(ep(server.address), { seq: 0 }), { ok: true, load: 0.25 }));
      await using(JSONRPC, {}, async (t) => assert.deepEqual(await t.call(ep(server.address + '/rpc'), { seq: 7 }), { ok: true, load: 0.25 }));
    } finally {
      await server.close();
    }
  });

  it('keep-alive: 400 requests from 4 callers take 4 connections; one caller takes 1', async () => {
    for (const callers of [4, 1]) {
      const server = await countingServer((req, res) => void readBody(req).then((body) => res.end(req.url?.startsWith('/rpc') ? jsonRpcReply(body, 1) : 'ok')));
      try {
        for (const [pool, path] of [[HTTP, ''], [JSONRPC, '/rpc']] as const) {
          await using(pool, {}, async (t) => {
            const loop = async (c: number): Promise<void> => {
              for (let i = 0; i < 100; i++) assert.deepEqual(await t.call(ep(server.address + path), { seq: c * 1000 + i }), { ok: true });
            };
            await Promise.all(Array.from({ length: callers }, (_, c) => loop(c)));
          });
        }
        // Each transport opened its own: `callers` for http, then as many for jsonrpc. undici may
        // open a second socket while the first finishes a reply, never more than the pool's 4.
        if (client === 'lean') assert.equal(server.stats.accepted, 2 * callers);
        else assert.ok(server.stats.accepted <= 2 * opts.connections, `${server.stats.accepted} connections`);
      } finally {
        await server.close();
      }
    }
  });

  it('Connection: close: the next request goes on a new connection and is answered', async () => {
    const server = await countingServer((req, res) => {
      res.setHeader('connection', 'close');
      void readBody(req).then((body) => res.end(req.url?.startsWith('/rpc') ? jsonRpcReply(body, 1) : 'ok'));
    });
    try {
      await using(HTTP, { connections: 1 }, async (t) => {
        for (let i = 0; i < 3; i++) assert.deepEqual(await t.call(ep(server.address), { seq: i }), { ok: true });
      });
      await using(JSONRPC, { connections: 1 }, async (t) => {
        for (let i = 0; i < 3; i++) assert.deepEqual(await t.call(ep(server.address + '/rpc'), { seq: i }), { ok: true });
      });
      assert.equal(server.stats.accepted, 6);
    } finally {
      await server.close();
    }
  });

  it('the server closes an idle kept-alive socket: the next request is answered on a new one', async () => {
    // Each socket answers one request and is then ended by the server, as a keep-alive timeout would.
    const server = await sockets('idleClose');
    try {
      for (const [pool, path] of [[HTTP, ''], [JSONRPC, '/rpc']] as const) {
        const before = server.stats.closed;
        await using(pool, { connections: 1 }, async (t) => {
          for (let i = 0; i < 3; i++) {
            assert.deepEqual(await t.call(ep(server.address + path), { seq: i }), { ok: true });
            await until(() => server.stats.closed === before + i + 1);
          }
        });
      }
      assert.equal(server.stats.accepted, 6);
    } finally {
      await server.close();
    }
  });

  it('the keep-alive race: a reused socket closed with nothing of the reply back is retried once for a GET (lean), reported for a POST', async () => {
    // The second request on every socket is met by the server closing it: the race as the client sees it.
    const server = await sockets('raceClose');
    try {
      await using(HTTP, { connections: 1 }, async (t) => {
        // undici's Pool sends nothing again: it reports each such GET, honestly, as reset.
        const raced = client === 'lean' ? { ok: true } : { ok: false, errorKind: 'reset' };
        for (let i = 0; i < 4; i++) assert.deepEqual(await t.call(ep(server.address), { seq: i }), i % 2 ? raced : { ok: true }, `GET ${i}`);
      });
      await using(JSONRPC, { connections: 1 }, async (t) => {
        assert.deepEqual(await t.call(ep(server.address + '/rpc'), { seq: 1 }), { ok: true });
        // POST is not idempotent: it may have reached the server, so it is not sent again.
        assert.deepEqual(await t.call(ep(server.address + '/rpc'), { seq: 2 }), { ok: false, errorKind: 'reset' });
        assert.deepEqual(await t.call(ep(server.address + '/rpc'), { seq: 3 }), { ok: true });
      });
    } finally {
      await server.close();
    }
  });
});

/** `HTTP/1.1 200` to a request head: a JSON-RPC result to the id it carries, else `ok`. */
function reply200(request: string): string {
  const id = /"id":(\d+)/.exec(request);
  const body = id ? `{"jsonrpc":"2.0","id":${id[1]},"result":1}` : 'ok';
  return `HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
}

/**
 * A raw HTTP/1.1 server answering each request (one per data event: the clients send a request
 * in one write and wait for its answer) with `reply200`. `idleClose`: the server ends each socket
 * once its first reply is written (as a keep-alive timeout would). `raceClose`: the server closes
 * a socket when its second request arrives, answering nothing (the keep-alive race).
 */
async function sockets(mode: 'idleClose' | 'raceClose') {
  const stats = { accepted: 0, closed: 0 };
  const server = createServer((s) => {
    stats.accepted++;
    let n = 0;
    s.on('close', () => stats.closed++);
    s.on('error', () => undefined);
    s.on('data', (d) => {
      if (n++ === 1 && mode === 'raceClose') return void s.destroy();
      s.write(reply200(d.toString('latin1')), () => (mode === 'idleClose' ? s.end() : undefined));
    });
  });
  const tracked = await listenTracked(server);
  return { ...tracked, stats };
}
