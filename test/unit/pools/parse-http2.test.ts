/**
 * `http2` and `tls` (parse-http2.ts): what they parse to, one rejection per field with its JSON
 * path, the same pools accepted and rejected by the JSON Schema, and the run config's own check
 * of a pool a library caller built (`pool.http2...`).
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { ConfigError } from '../../../src/engine/errors';
import { makePlan } from '../../../src/loadtest/plan';
import { HTTP2_DEFAULTS } from '../../../src/pools/parse-http2';
import { parsePool } from '../../../src/pools/parse';
import type { HttpPool } from '../../../src/pools/types';
import { poolSchema } from '../../../src/pools/schema';

const validPool = new Ajv({ allErrors: true, strict: false }).compile(poolSchema);
const base = { transport: 'http', endpoints: [{ id: 'a', address: 'https://127.0.0.1:8443' }] };

function problems(pool: Record<string, unknown>): string[] {
  try {
    parsePool(pool);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.message.split('\n').map((l) => l.trim()).filter(Boolean);
  }
  return [];
}

describe('pool http2 and tls', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'rpcb-h2-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('http2: true takes the defaults (100 streams, 1 connection); an object overrides them; false is HTTP/1.1', () => {
    assert.deepEqual((parsePool({ ...base, http2: true }) as HttpPool).http2, { maxConcurrentStreams: 100, connections: 1 });
    assert.deepEqual(HTTP2_DEFAULTS, { maxConcurrentStreams: 100, connections: 1 });
    assert.deepEqual((parsePool({ ...base, transport: 'jsonrpc', request: { method: 'm' }, http2: { connections: 4 } }) as HttpPool).http2, { maxConcurrentStreams: 100, connections: 4 });
    assert.equal('http2' in parsePool({ ...base, http2: false }), false);
  });

  it('tls: a CA file resolves against the pool file\'s folder; PEM text is kept as it is', () => {
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\n');
    assert.deepEqual((parsePool({ ...base, tls: { ca: 'ca.pem', servername: 'api.test' } }, { baseDir: dir }) as HttpPool).tls, { ca: join(dir, 'ca.pem'), servername: 'api.test' });
    assert.deepEqual((parsePool({ ...base, tls: { ca: '-----BEGIN CERTIFICATE-----\nMII' } }) as HttpPool).tls, { ca: '-----BEGIN CERTIFICATE-----\nMII' });
    assert.deepEqual((parsePool({ ...base, tls: { insecure: true } }) as HttpPool).tls, { insecure: true });
  });

  const rejected: [string, Record<string, unknown>, string][] = [
    ['streams of 0', { http2: { maxConcurrentStreams: 0 } }, 'http2.maxConcurrentStreams: must be at least 1, got 0'],
    ['too many streams', { http2: { maxConcurrentStreams: 10_001 } }, 'http2.maxConcurrentStreams: must be at most 10000, got 10001'],
    ['fractional connections', { http2: { connections: 1.5 } }, 'http2.connections: expected a whole number, got 1.5'],
    ['too many connections', { http2: { connections: 257 } }, 'http2.connections: must be at most 256, got 257'],
    ['an unknown http2 field', { http2: { window: 1 } }, 'http2.window: unknown field (known: maxConcurrentStreams, connections)'],
    ['http2 as a string', { http2: 'yes' }, 'http2: expected an object, got "yes"'],
    ['http2 on grpc', { transport: 'grpc', endpoints: [{ id: 'a', address: '127.0.0.1:1' }], request: undefined, http2: true }, 'http2: applies to http and jsonrpc pools (grpc always runs over HTTP/2)'],
    ['a missing CA file', { tls: { ca: 'nope.pem' } }, 'tls.ca: no such file "nope.pem"'],
    ['insecure as a string', { tls: { insecure: 'yes' } }, 'tls.insecure: expected true or false, got "yes"'],
    ['a servername with a port', { tls: { servername: 'api.test:443' } }, 'tls.servername: expected a DNS name (SNI carries no IP address or port), got "api.test:443"'],
    ['insecure with a CA', { tls: { ca: '-----BEGIN CERTIFICATE-----', insecure: true } }, 'tls.insecure: given with "ca"'],
    ['an unknown tls field', { tls: { cert: 'x' } }, 'tls.cert: unknown field (known: ca, insecure, servername)'],
  ];
  for (const [what, extra, message] of rejected) {
    it(`rejects ${what} with its path`, () => {
      const found = problems({ ...base, ...extra });
      assert.ok(found.some((p) => p.includes(message)), `${message} not in ${JSON.stringify(found)}`);
    });
  }

  it('the JSON Schema accepts the pools parsePool accepts and rejects the shapes it rejects', () => {
    for (const ok of [{ http2: true }, { http2: { maxConcurrentStreams: 32, connections: 2 } }, { tls: { insecure: true, servername: 'a.test' } }]) {
      assert.ok(validPool({ ...base, ...ok }), JSON.stringify(ok));
    }
    for (const [what, extra] of rejected.slice(0, 6)) assert.equal(validPool({ ...base, ...extra }), false, what);
    assert.equal(validPool({ ...base, tls: { cert: 'x' } }), false);
  });

  it('a run config checks the pool it is handed, with the pool. prefix', () => {
    const config = { pool: { name: 'p', ...base, http2: { maxConcurrentStreams: -1 }, tls: { insecure: 1 } }, requests: 1 };
    assert.throws(() => makePlan(config as never), (e: Error) =>
      /pool\.http2\.maxConcurrentStreams: must be at least 1, got -1/.test(e.message) && /pool\.tls\.insecure: expected true or false, got 1/.test(e.message));
  });
});
