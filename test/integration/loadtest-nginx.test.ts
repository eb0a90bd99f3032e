/**
 * nginx (Debian's /usr/sbin/nginx) as a real HTTP backend for the runner: no errors against
 * `return 200`, round-robin splits evenly over its ports, and 503s are counted as http_503.
 * Fails (not skips) when nginx is missing: the helper says to install it.
 */
import assert from 'node:assert/strict';
import { runLoadTest } from '../../src/loadtest';
import type { PoolConfig } from '../../src/pools/types';
import { assertValidRunResult } from '../../src/result/validate';
import { describeEachHttpClient } from '../helpers/http-clients';
import { startNginx } from '../helpers/nginx';
import type { NginxHandle } from '../helpers/nginx';

describeEachHttpClient('runLoadTest against nginx', function () {
  this.timeout(30_000);
  let nginx: NginxHandle;
  before(async () => {
    nginx = await startNginx({ ports: 3 });
  });
  after(async () => {
    await nginx?.stop();
  });

  const pool = (path: string): PoolConfig => ({
    name: 'nginx',
    transport: 'http',
    endpoints: nginx.urls.map((address, i) => ({ id: `n${i}`, address, weight: 1 })),
    request: { method: 'GET', path },
  });

  it('closed model over 3 ports: no errors, round-robin shares within 1 request per caller', async () => {
    const result = await runLoadTest({ pool: pool('/'), load: { model: 'closed', concurrency: 16 }, durationMs: 1000, seed: 21 });
    assertValidRunResult(result);
    assert.equal(result.totals.errors, 0);
    assert.ok(result.totals.requests > 1000, `${result.totals.requests} requests`);
    const counts = result.endpoints.map((e) => e.requests);
    assert.ok(Math.max(...counts) - Math.min(...counts) <= 16, `uneven: ${counts}`);
  });

  it('open model keeps its rate (within 2 %) against nginx', async () => {
    const result = await runLoadTest({ pool: pool('/'), load: { model: 'open', rate: 1000 }, durationMs: 1500, seed: 22 });
    assertValidRunResult(result);
    assert.ok(Math.abs(result.totals.requests - 1500) <= 30, `${result.totals.requests} of 1500`);
    assert.equal(result.totals.errors, 0);
  });

  it('counts 503s per endpoint as http_503, and the run completes', async () => {
    const result = await runLoadTest({ pool: pool('/status/503'), load: { model: 'closed', concurrency: 4 }, requests: 300, seed: 23 });
    assertValidRunResult(result);
    assert.equal(result.status, 'completed');
    assert.equal(result.totals.errorsByKind.http_503, 300);
    for (const ep of result.endpoints) assert.equal(ep.errorsByKind.http_503, ep.requests);
  });
});
