/**
 * The grpc transport's calls on the channel's own call API (grpc-exchange.ts), against a real
 * grpc-js server on 127.0.0.1 serving the demo proto: what it sends (the template's message
 * serialized once, a payload per call), how it reads what grpc-js's Client would call errors (a
 * reply that does not decode, OK without a message), and pooled exchanges that never hand one
 * call's answer to another.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { writeDemoProto } from '../../src/demo';
import type { Endpoint } from '../../src/engine/types';
import { createTransport } from '../../src/loadtest/transports';
import type { CallControl, Transport } from '../../src/loadtest/transports';
import type { PoolConfig } from '../../src/pools/types';

type Reply = 'ok' | 'garbage' | 'empty' | 'fail' | 'hold';

interface TestServer {
  address: string;
  /** Keys of the requests received, in order. */
  keys: string[];
  /** How the next requests are answered, by key (default 'ok'). */
  replies: Map<string, Reply>;
  /** Answers every held call. */
  release(): void;
  close(): void;
}

/**
 * The demo service, served as a server stream with raw bytes (the client sees a unary call: the
 * wire is the same), so a reply can be bytes that are not a CallReply ('garbage') or no message at
 * all before an OK status ('empty'); 'fail' is UNAVAILABLE, 'hold' answers when released.
 */
async function testServer(proto: string): Promise<TestServer> {
  const def = protoLoader.loadSync(proto, { keepCase: true, defaults: true });
  const method = (def['demo.Echo'] as grpc.ServiceDefinition).Call as grpc.MethodDefinition<{ key: string }, unknown>;
  const server = new grpc.Server();
  const keys: string[] = [];
  const replies = new Map<string, Reply>();
  const held: (() => void)[] = [];
  const service: grpc.ServiceDefinition = { Call: { ...method, responseStream: true, responseSerialize: (b: Buffer) => b } as grpc.MethodDefinition<unknown, unknown> };
  server.addService(service, {
    Call: (call: grpc.ServerWritableStream<{ key: string }, Buffer>) => {
      const key = call.request.key;
      keys.push(key);
      const reply = replies.get(key) ?? 'ok';
      const ok = (): void => {
        call.write(method.responseSerialize({ endpoint: 'test', load: 0, key }));
        call.end();
      };
      if (reply === 'fail') call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'test failure' });
      else if (reply === 'garbage') {
        call.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]));
        call.end();
      } else if (reply === 'empty') call.end();
      else if (reply === 'hold') held.push(ok);
      else ok();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    keys,
    replies,
    release: () => held.splice(0).forEach((f) => f()),
    close: () => server.forceShutdown(),
  };
}

const ep = (address: string): Endpoint => ({ id: 't', address, weight: 1 });

describe('transport: grpc calls on the channel (grpc-exchange.ts)', function () {
  this.timeout(20_000);
  let dir: string;
  let proto: string;
  let server: TestServer;
  let transport: Transport;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rpcb-grpc-exchange-'));
    proto = writeDemoProto(join(dir, 'demo.proto'));
    server = await testServer(proto);
    const pool = { name: 'g', transport: 'grpc', endpoints: [ep(server.address)], request: { proto, service: 'demo.Echo', method: 'Call', message: { key: 'fixed' } } } as PoolConfig;
    transport = await createTransport(pool, { connections: 4, timeoutMs: 2000, baseDir: dir });
  });

  afterEach(async () => {
    await transport.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends the template's message each time and a request's payload when it has one", async () => {
    assert.deepEqual(await transport.call(ep(server.address), { seq: 1 }), { ok: true });
    assert.deepEqual(await transport.call(ep(server.address), { seq: 2, payload: { key: 'k2' } }), { ok: true });
    assert.deepEqual(await transport.call(ep(server.address), { seq: 3 }), { ok: true });
    assert.deepEqual(server.keys, ['fixed', 'k2', 'fixed']);
  });

  it('a payload that does not fit the message type (bytes that are not base64) is protocol, and nothing is sent', async () => {
    const r = await transport.call(ep(server.address), { seq: 1, payload: { key: 'k', payload: 'not base64 !!' } });
    assert.deepEqual(r, { ok: false, errorKind: 'protocol' });
    assert.deepEqual(server.keys, []);
  });

  it('a reply that is not a CallReply is grpc_INTERNAL; OK without a message is grpc_UNIMPLEMENTED (as grpc-js Client says)', async () => {
    server.replies.set('bad', 'garbage').set('none', 'empty');
    assert.deepEqual(await transport.call(ep(server.address), { seq: 1, payload: { key: 'bad' } }), { ok: false, errorKind: 'grpc_INTERNAL' });
    assert.deepEqual(await transport.call(ep(server.address), { seq: 2, payload: { key: 'none' } }), { ok: false, errorKind: 'grpc_UNIMPLEMENTED' });
    assert.deepEqual(await transport.call(ep(server.address), { seq: 3 }), { ok: true });
  });

  it('pooled exchanges: 200 calls, 64 at a time, half failing, each get their own answer', async () => {
    for (let i = 0; i < 200; i += 2) server.replies.set(`k${i}`, 'fail');
    for (let start = 0; start < 200; start += 64) {
      const batch = Array.from({ length: Math.min(64, 200 - start) }, (_, j) => start + j);
      const results = await Promise.all(batch.map((i) => transport.call(ep(server.address), { seq: i, payload: { key: `k${i}` } })));
      results.forEach((r, j) => assert.deepEqual(r, batch[j] % 2 === 0 ? { ok: false, errorKind: 'grpc_UNAVAILABLE' } : { ok: true }, `call ${batch[j]}`));
    }
  });

  it("a call's cancel after its answer leaves the next call on the same exchange alone", async () => {
    const first: CallControl = {};
    assert.deepEqual(await transport.call(ep(server.address), { seq: 1 }, first), { ok: true });
    server.replies.set('held', 'hold');
    const second = transport.call(ep(server.address), { seq: 2, payload: { key: 'held' } });
    // The first call's exchange now carries the second: a late cancel of the first must not end it.
    first.cancel!();
    await waitFor(() => server.keys.includes('held'));
    server.release();
    assert.deepEqual(await second, { ok: true });
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
