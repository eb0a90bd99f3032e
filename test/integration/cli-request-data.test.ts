/**
 * Request data through the `rpc-balancer` command: a pool file's `requests.file` resolves against
 * the pool file's folder (not the current directory, the repository root here), a bad data file exits 2 with the file's line
 * before anything is sent, and a good one sends its rows to the demo servers.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServers, type DemoServers } from '../../src/demo';
import { demoServerOptions } from '../../src/pools/demo-pool';
import type { RunResult } from '../../src/result/types';
import { cli } from '../helpers/cli';

describe('rpc-balancer with request data', function () {
  this.timeout(90_000);
  let servers: DemoServers;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rpc-balancer-cli-data-'));
    mkdirSync(join(dir, 'pools'));
    servers = await startDemoServers(demoServerOptions({ seed: 4 }));
  });
  after(async () => {
    await servers?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const poolFile = (data: string, extra: Record<string, unknown> = {}): string => {
    writeFileSync(join(dir, 'pools', 'keys.csv'), data);
    const file = join(dir, 'pools', 'pool.json');
    const pool = { ...servers.pool('http'), strategy: 'maglev', key: { field: 'user' }, requests: { file: 'keys.csv', order: 'sequential' }, ...extra };
    writeFileSync(file, JSON.stringify(pool));
    return file;
  };

  it('a CSV row with a missing field exits 2 naming the file line, and nothing is sent', async () => {
    servers.resetStats();
    const r = await cli(['run', '--pool', poolFile('user,region\nann,eu\nbob,us\ncat\n'), '--concurrency', '2', '--requests', '10']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /pool\.requests\.file: keys\.csv line 4: 1 field, the header has 2 \(user, region\)/);
    assert.equal(servers.stats().endpoints.reduce((s, e) => s + e.requests, 0), 0);
  });

  it('sequential rows bound the run: 30 rows, 30 requests served, though --requests asks for 100', async () => {
    servers.resetStats();
    const rows = Array.from({ length: 30 }, (_, i) => `user-${i},r${i % 3}`);
    const json = join(dir, 'run.json');
    const r = await cli(['run', '--pool', poolFile(['user,region', ...rows].join('\r\n') + '\r\n'), '--concurrency', '3', '--requests', '100', '--json', json]);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(readFileSync(json, 'utf8')) as RunResult;
    assert.equal(result.totals.requests, 30);
    assert.equal(servers.stats().endpoints.reduce((s, e) => s + e.requests, 0), 30);
    assert.deepEqual([...result.ring!.sampleKeys].sort(), rows.map((r) => r.split(',')[0]).sort());
  });
});
