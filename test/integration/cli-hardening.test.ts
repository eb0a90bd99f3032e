/**
 * The CLI as an attacker (or a careless user) would try it: secrets in pool files must not reach
 * any output, bad numbers and templates are exit 2 naming the flag or path, control characters in
 * ids do not reach the terminal raw.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServers, type DemoServers } from '../../src/demo';
import { MAX_NESTING } from '../../src/pools/parse-request';
import type { RunResult } from '../../src/result/types';
import { cli, type CliRun } from '../helpers/cli';

const SECRETS = ['T0KEN-1', 'GOOG-K3Y-2', 'B3ARER-3', 'AUTHN-4', 'PWD-5', 'US3R-P4SS-6'];

function assertNoSecret(where: string, text: string): void {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${where} holds the secret ${s}`);
}

/** The first control character (but a line feed) or bidi override in `text`, as a code. */
function rawControl(text: string): number | undefined {
  for (const c of text) {
    const code = c.charCodeAt(0);
    if ((code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f) || code === 0x202e) return code;
  }
  return undefined;
}

function assertBadInput(r: CliRun, message: RegExp): void {
  assert.equal(r.code, 2, `exit 2 expected, got ${r.code}: ${r.stderr}`);
  assert.match(r.stderr, message);
}

describe('rpc-balancer CLI: hardening', function () {
  this.timeout(90_000);
  let servers: DemoServers;
  let dir: string;
  let secretPool: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rpc-balancer-cli-hard-'));
    servers = await startDemoServers({ endpoints: [{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1 }] });
    const pool = servers.pool('http') as Record<string, unknown>;
    pool.request = {
      method: 'POST',
      path: `/orders?access_token=${SECRETS[0]}&page=1`,
      headers: { 'x-goog-api-key': SECRETS[1], 'x-authorization': `Bearer ${SECRETS[2]}`, authentication: SECRETS[3] },
      body: `user=bob&pwd=${SECRETS[4]}`,
    };
    secretPool = join(dir, 'secret-pool.json');
    writeFileSync(secretPool, JSON.stringify(pool));
  });
  after(async () => servers?.close());

  describe('secrets', () => {
    it('run: none in the table, --json or --html', async () => {
      const json = join(dir, 'run.json');
      const html = join(dir, 'run.html');
      const r = await cli(['run', '--pool', secretPool, '--concurrency', '2', '--requests', '20', '--json', json, '--html', html]);
      assert.equal(r.code, 0, r.stderr);
      const result = JSON.parse(readFileSync(json, 'utf8')) as RunResult;
      assert.equal(result.totals.ok, 20, 'the secrets were sent: the requests went through');
      assert.equal((result.config.pool.request as { path: string }).path, '/orders?access_token=[redacted]&page=1');
      for (const [where, text] of [['stdout', r.stdout], ['stderr', r.stderr], ['--json', readFileSync(json, 'utf8')], ['--html', readFileSync(html, 'utf8')]]) assertNoSecret(where, text);
    });

    it('compare: none in the table, --json or --html', async () => {
      const json = join(dir, 'compare.json');
      const html = join(dir, 'compare.html');
      const r = await cli(['compare', '--pool', secretPool, '--strategies', 'round-robin,random', '--requests', '2000', '--json', json, '--html', html]);
      assert.equal(r.code, 0, r.stderr);
      for (const [where, text] of [['stdout', r.stdout], ['--json', readFileSync(json, 'utf8')], ['--html', readFileSync(html, 'utf8')]]) assertNoSecret(where, text);
    });

    it('report: a result written elsewhere (unredacted) comes out redacted', async () => {
      const json = join(dir, 'sim.json');
      assert.equal((await cli(['simulate', '--pool', secretPool, '--requests', '500', '--json', json])).code, 0);
      const result = JSON.parse(readFileSync(json, 'utf8')) as RunResult;
      result.config.pool = { ...result.config.pool, request: { headers: { 'x-goog-api-key': SECRETS[1] }, path: `/?token=${SECRETS[0]}` } };
      result.endpoints[0].address = `http://admin:${SECRETS[5]}@127.0.0.1:1`;
      const raw = join(dir, 'raw.json');
      writeFileSync(raw, JSON.stringify(result));
      const html = join(dir, 'raw.html');
      const r = await cli(['report', raw, '-o', html]);
      assert.equal(r.code, 0, r.stderr);
      assertNoSecret('report HTML', readFileSync(html, 'utf8'));
    });

    it('error messages: the echoed value is redacted', async () => {
      const file = join(dir, 'bad-secret.json');
      writeFileSync(file, JSON.stringify({ name: 'p', transport: 'http', endpoints: [{ id: 'a', address: `http://u:${SECRETS[5]}@localhost` }], request: { path: `orders?token=${SECRETS[0]}` } }));
      const r = await cli(['run', '--pool', file, '--requests', '1']);
      assertBadInput(r, /endpoints\[0\]\.address: expected http:\/\/host:port, got "http:\/\/\[redacted\]@localhost"/);
      assert.match(r.stderr, /request\.path: .*"orders\?token=\[redacted\]"/);
      assertNoSecret('stderr', r.stderr);
    });
  });

  describe('bad input is exit 2 naming the flag or path', () => {
    it('--key "{nope}" is refused as it is in a pool file', async () => {
      assertBadInput(await cli(['run', '--pool', secretPool, '--key', '{nope}', '--requests', '1']), /--key \(key\): unknown placeholder "\{nope\}" \(use \{seq\}, \{seq % N\} or \{random N\}\)/);
    });

    it('a header name with a space, a CR/LF in a value', async () => {
      const file = join(dir, 'bad-header.json');
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(secretPool, 'utf8')), request: { headers: { 'x user': 'a', 'x-b': 'v\r\nx-c: 1' } } }));
      const r = await cli(['run', '--pool', file, '--requests', '1']);
      assertBadInput(r, /request\.headers\["x user"\]: a header name is a token/);
      assert.match(r.stderr, /request\.headers\["x-b"\]: a header value is visible ASCII/);
    });

    it('a 100,000-deep body is refused with its path, not a stack overflow', async () => {
      const file = join(dir, 'deep.json');
      const pool = JSON.parse(readFileSync(secretPool, 'utf8')) as { request: Record<string, unknown> };
      pool.request = { method: 'POST', path: '/' , body: 'DEEP' };
      writeFileSync(file, JSON.stringify(pool).replace('"DEEP"', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)));
      assertBadInput(await cli(['run', '--pool', file, '--requests', '1']), new RegExp(`request\\.body(\\.a){${MAX_NESTING}}: nested deeper than ${MAX_NESTING} levels`));
    });

    it('ring --keys 1e12, serve-demo --control-port 70000, demo --rate and --duration out of range', async () => {
      const runs = await Promise.all([
        cli(['ring', '--keys', '1e12']),
        cli(['serve-demo', '--control-port', '70000']),
        cli(['serve-demo', '--control-port', '-1']),
        cli(['serve-demo', '--seed', '1e300']),
        cli(['demo', '--rate', '1e9']),
        cli(['demo', '--duration', '100h']),
      ]);
      assertBadInput(runs[0], /--keys: expected a whole number from 1 to 1000000, got "1e12"/);
      assertBadInput(runs[1], /--control-port: expected a whole number from 0 to 65535, got "70000"/);
      assertBadInput(runs[2], /--control-port: expected a whole number from 0 to 65535, got "-1"/);
      assertBadInput(runs[3], /--seed: expected a whole number from 0 to 4294967295, got "1e300"/);
      assertBadInput(runs[4], /--rate: expected a number from 1 to 100000, got "1e9"/);
      assertBadInput(runs[5], /--duration: expected a duration between 100ms and 3600s, got "100h"/);
    });

    it('--help states the bounds', async () => {
      assert.match((await cli(['ring', '--help'])).stdout, /1 to 1000000/);
      assert.match((await cli(['serve-demo', '--help'])).stdout, /1 to 65535/);
    });
  });

  it('control characters in endpoint ids reach the terminal escaped, in the table and in errors', async () => {
    const file = join(dir, 'ids.json');
    const pool = { name: 'p\u001b]0;owned\u0007', transport: 'http', endpoints: [{ id: 'a\u001b[2J', address: 'http://127.0.0.1:1' }, { id: 'b\r\u202e', address: 'http://127.0.0.1:2' }] };
    writeFileSync(file, JSON.stringify(pool));
    const r = await cli(['simulate', '--pool', file, '--requests', '200']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^a\\u001b\[2J\s/m);
    assert.match(r.stdout, /^b\\u000d\\u202e\s/m);
    assert.match(r.stdout, /^p\\u001b\]0;owned\\u0007 · /m);
    assert.equal(rawControl(r.stdout + r.stderr), undefined, 'no raw control character but line feeds');
    const ring = await cli(['ring', '--pool', file, '--keys', '100']);
    assert.equal(ring.code, 0, ring.stderr);
    assert.match(ring.stdout, /^a\\u001b\[2J\s/m);
    assert.equal(rawControl(ring.stdout), undefined);
  });
});
