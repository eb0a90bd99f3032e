/**
 * Each transport's cancel and pushback (what a client policy needs of it), against the demo
 * servers on 127.0.0.1: a call handed a CallControl can be abandoned, resolving `cancelled` at once
 * and ending the exchange on the wire (the server sends no reply); a failure carries the server's
 * pushback as it said it (`Retry-After` seconds over HTTP, `grpc-retry-pushback-ms` over gRPC).
 */
import assert from 'node:assert/strict';
import type { Endpoint } from '../../src/engine/types';
import { createTransport, type CallControl } from '../../src/loadtest/transports';
import type { Pool } from '../../src/pools/types';
import { describeEachHttpClient } from '../helpers/http-clients';
import { demo } from '../helpers/loadtest-servers';

const opts = { connections: 4, timeoutMs: 5000, baseDir: process.cwd() };

/** Waits on a condition, not a sleep: `busy` requests are in service at the server. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** The two tests of transport `name`. */
function cancelAndPushback(name: 'http' | 'jsonrpc' | 'grpc'): void {
  it(`${name}: a cancelled call resolves "cancelled" and the 2 s server sends no reply; a call without a control is untouched`, async () => {
    const { servers, pool } = await demo([{ id: 's1', medianMs: 2000, p99Ms: 2000 }], name === 'grpc' ? 'grpc' : 'http');
    const p = (name === 'jsonrpc' ? servers.pool('jsonrpc') : pool) as unknown as Pool;
    const transport = await createTransport(p, opts);
    try {
      const ep = p.endpoints[0] as Endpoint;
      const control: CallControl = {};
      const call = transport.call(ep, { seq: 1 }, control);
      assert.equal(typeof control.cancel, 'function', 'set before call returns');
      await until(() => servers.stats().endpoints[0].busy === 1);
      control.cancel!();
      assert.deepEqual(await call, { ok: false, errorKind: 'cancelled' });
      const plain = await transport.call(ep, { seq: 2 });
      assert.equal(plain.ok, true, JSON.stringify(plain));
      // The cancelled one's 2 s were up before the plain call's: had it been answered, it would be counted.
      assert.equal(servers.stats().endpoints[0].requests, 1, JSON.stringify(servers.stats()));
    } finally {
      await transport.close();
      await servers.close();
    }
  });

  it(`${name}: a failure carries the server's pushback (200 ms; -1), a success none`, async () => {
    const { servers, pool } = await demo([{ id: 's1', medianMs: 1, p99Ms: 2, errorRate: 1 }, { id: 's2', medianMs: 1, p99Ms: 2 }], name === 'grpc' ? 'grpc' : 'http');
    const p = (name === 'jsonrpc' ? servers.pool('jsonrpc') : pool) as unknown as Pool;
    const transport = await createTransport(p, opts);
    try {
      const [s1, s2] = p.endpoints as Endpoint[];
      servers.pushback('s1', 200);
      servers.pushback('s2', 200);
      const failed = await transport.call(s1, { seq: 1 });
      assert.equal(failed.ok, false);
      assert.deepEqual(failed.pushback, name === 'grpc' ? { grpcRetryPushbackMs: '200' } : { retryAfter: '1' });
      assert.equal((await transport.call(s2, { seq: 2 })).pushback, undefined);
      servers.pushback('s1', -1);
      // HTTP has no "do not retry": the demo sends no Retry-After then.
      assert.deepEqual((await transport.call(s1, { seq: 3 })).pushback, name === 'grpc' ? { grpcRetryPushbackMs: '-1' } : undefined);
    } finally {
      await transport.close();
      await servers.close();
    }
  });
}

describeEachHttpClient('transports: cancel and pushback (demo servers)', function () {
  this.timeout(60_000);
  cancelAndPushback('http');
  cancelAndPushback('jsonrpc');
});

describe('transports: cancel and pushback (demo servers) [grpc]', function () {
  this.timeout(60_000);
  cancelAndPushback('grpc');
});
