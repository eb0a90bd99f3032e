/**
 * `rpc-balancer export-config` as users run it: the config on stdout or in a file, the notes on
 * stderr, bad flags named with exit code 2.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';

describe('rpc-balancer export-config', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'rpcb-export-cli-'));
  const pool = join(dir, 'pool.json');
  const variants = join(dir, 'variants.json');
  writeFileSync(pool, JSON.stringify({ name: 'api', transport: 'http', strategy: 'least-request', endpoints: [{ id: 'a', address: 'http://127.0.0.1:9001' }, { id: 'b', address: 'http://127.0.0.1:9002', weight: 3 }] }));
  writeFileSync(variants, JSON.stringify([
    { name: 'plain', strategy: 'round-robin' },
    { name: 'ewma-retry', strategy: 'p2c-peak-ewma', policy: { retry: { maxAttempts: 3, retryOn: ['reset', 'http_503'] }, budget: { ratio: 0.2 } } },
  ]));

  it('writes the variant\'s nginx config to -o and the notes to stderr', async () => {
    const out = join(dir, 'nginx.conf');
    const r = await cli(['export-config', '--pool', pool, '--variants', variants, '--variant', 'ewma-retry', '--format', 'nginx', '-o', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^note: p2c-peak-ewma cannot be expressed in open-source nginx: nearest used, random two least_conn$/m);
    assert.match(r.stderr, /^note: budget cannot be expressed in nginx/m);
    assert.match(readFileSync(out, 'utf8'), /upstream api \{\n {4}random two least_conn;\n {4}server 127\.0\.0\.1:9001 max_fails=0; {2}# a\n {4}server 127\.0\.0\.1:9002 weight=3 max_fails=0; {2}# b/);
  });

  it('exports the pool\'s own strategy to stdout when no variant is named', async () => {
    const r = await cli(['export-config', '--pool', pool, '--format', 'envoy']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { cluster: { lb_policy: string } }).cluster.lb_policy, 'LEAST_REQUEST');
  });

  it('names the flag of each bad input, exit 2', async () => {
    const runs: [string[], RegExp][] = [
      [['--pool', pool, '--format', 'haproxy'], /--format: expected one of grpc, envoy, nginx, got "haproxy"/],
      [['--pool', pool], /--format: required/],
      [['--format', 'grpc'], /--pool: required/],
      [['--pool', pool, '--format', 'grpc', '--variants', variants, '--variant', 'nope'], /--variant: no variant "nope" in .* \(it has plain, ewma-retry\)/],
      [['--pool', pool, '--format', 'grpc', '--variants', variants], /--variant: required, the file has 2 variants: plain, ewma-retry/],
      [['--pool', pool, '--format', 'grpc', '--strategy', 'fastest'], /--strategy: expected one of round-robin/],
      [['--pool', pool, '--format', 'nginx', '--listen', 'anywhere'], /--listen: expected a port or host:port/],
    ];
    for (const [args, want] of runs) {
      const r = await cli(['export-config', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, want);
    }
  });
});
