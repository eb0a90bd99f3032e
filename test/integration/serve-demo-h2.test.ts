/**
 * `serve-demo --h2c --h2` as a user runs it: one process serving the demo pool over HTTP/1.1,
 * h2c and TLS h2 (a certificate openssl makes at start), its pool files written beside --write,
 * then short bounded `run`s against the h2c and h2 pools whose tables and JSON say what was negotiated.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../src/result/types';
import { cli } from '../helpers/cli';
import { waitFor } from '../helpers/wait';

describe('serve-demo --h2c --h2', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'rpcb-serve-h2-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the pool over h2c and TLS h2; a live run against each reports that protocol per endpoint', async () => {
    const file = join(dir, 'demo-pool.json');
    let runsDone = false;
    const serving = cli(['serve-demo', '--h2c', '--h2', '--write', file], { interruptWhen: { stderr: /Ctrl-C stops them/, ready: () => runsDone }, timeoutMs: 50_000 });
    try {
      await waitFor('serve-demo to write its pool files', () => existsSync(file), 30_000);
      const runs = await Promise.all((['h2c', 'h2'] as const).map(async (wire) => {
        const json = join(dir, `${wire}.result.json`);
        const r = await cli(['run', '--pool', join(dir, `demo-pool.${wire}.json`), '--requests', '50', '--concurrency', '4', '--json', json], { timeoutMs: 30_000 });
        return { wire, r, result: r.code === 0 ? (JSON.parse(readFileSync(json, 'utf8')) as RunResult) : undefined };
      }));
      for (const { wire, r, result } of runs) {
        assert.equal(r.code, 0, `${wire}: ${r.stderr}`);
        assert.equal(result!.totals.requests, 50);
        assert.deepEqual(result!.endpoints.map((e) => e.protocol), result!.endpoints.map(() => wire), wire);
        const header = r.stdout.split('\n').find((l) => l.startsWith('endpoint'))!;
        assert.match(header, /^endpoint\s+protocol\s+weight/, wire);
        for (const ep of result!.endpoints) assert.match(r.stdout, new RegExp(`^${ep.id}\\s+${wire}\\s`, 'm'), `${wire}: row of ${ep.id}`);
        assert.doesNotMatch(r.stdout, /asked for/, `${wire}: no fallback note`);
      }
    } finally {
      runsDone = true;
    }
    const served = await serving;
    assert.equal(served.code, 0, served.stderr);
    assert.match(served.stderr, /^h2c \(HTTP\/2, prior knowledge\) demo servers on http:\/\/127\.0\.0\.1:\d+/m);
    assert.match(served.stderr, /^TLS h2 \(h2 and http\/1\.1 by ALPN\) demo servers on https:\/\/127\.0\.0\.1:\d+.*self-signed certificate \S+cert\.pem$/m);
    const certFile = /self-signed certificate (\S+)$/m.exec(served.stderr)![1];
    assert.equal(existsSync(certFile), false, 'the certificate is removed when serve-demo stops');
  });

  it('rejects --h2c with --transport grpc, and --h2 without openssl, naming the flag', async () => {
    const [grpc, noOpenssl] = await Promise.all([
      cli(['serve-demo', '--transport', 'grpc', '--h2c']),
      cli(['serve-demo', '--h2'], { env: { PATH: join(dir, 'no-such-bin') } }),
    ]);
    assert.equal(grpc.code, 2, grpc.stderr);
    assert.match(grpc.stderr, /--h2c: is for the http and jsonrpc demo servers/);
    assert.equal(noOpenssl.code, 2, noOpenssl.stderr);
    assert.match(noOpenssl.stderr, /^rpc-balancer: --h2: a TLS listener needs a self-signed certificate, made with openssl, which is not on the PATH: install openssl/m);
    assert.equal(noOpenssl.stdout, '', 'no pool file printed for servers that did not start');
  });
});
