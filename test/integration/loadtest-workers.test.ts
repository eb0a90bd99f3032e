/**
 * `workers: N`: the load split over worker threads, their RunResults merged exactly. The counts
 * must still equal what the servers answered, the merged histograms must hold every sample, and
 * scenario steps must be applied once. Also runs the workers from esbuild bundles (the way the
 * CLI and the extension load them) to check the worker entry is found next to a bundle.
 */
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ConfigError } from '../../src/engine/errors';
import { runLoadTest } from '../../src/loadtest';
import type { RunProgress } from '../../src/loadtest';
import { decode, summarize } from '../../src/result/histogram';
import { assertValidRunResult } from '../../src/result/validate';
import type { RunResult } from '../../src/result/types';
import { describeEachHttpClient } from '../helpers/http-clients';
import { demo, servedCounts } from '../helpers/loadtest-servers';

function assertHistogramsExact(result: RunResult): void {
  const total = decode(result.totals.histogram);
  assert.equal(total.count, result.totals.requests, 'total histogram holds every request');
  let sum = 0;
  for (const ep of result.endpoints) {
    const h = decode(ep.histogram);
    assert.equal(h.count, ep.requests, `${ep.id}: histogram holds every request`);
    assert.deepEqual(summarize(h), ep.latency, `${ep.id}: summary is the histogram's`);
    sum += h.count;
  }
  assert.equal(sum, total.count);
  assert.deepEqual(summarize(total), result.totals.latency);
}

describeEachHttpClient('runLoadTest with worker threads', function () {
  this.timeout(40_000);

  it('workers: 2 (closed model) counts what the servers counted and merges histograms exactly', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 2 }, { id: 'c', medianMs: 1 }]);
    try {
      const progress: RunProgress[] = [];
      const result = await runLoadTest({ pool, load: { model: 'closed', concurrency: 8 }, durationMs: 1500, workers: 2, seed: 11 }, { onProgress: (p) => progress.push(p) });
      assertValidRunResult(result);
      assert.equal(result.status, 'completed');
      assert.equal(result.config.workers, 2);
      const served = servedCounts(servers);
      for (const ep of result.endpoints) assert.equal(ep.requests, served[ep.id], `endpoint ${ep.id}`);
      assert.ok(result.totals.requests > 300);
      assertHistogramsExact(result);
      assert.ok(progress.length >= 3 && progress.at(-1)!.requests > 0, `${progress.length} progress reports`);
    } finally {
      await servers.close();
    }
  });

  it('workers: 2 (open model, requests bound) sends exactly the requests asked for, interleaved', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1 }]);
    try {
      const result = await runLoadTest({ pool, load: { model: 'open', rate: 400 }, requests: 401, durationMs: 5000, workers: 2, seed: 12 });
      assertValidRunResult(result);
      assert.equal(result.totals.requests, 401);
      const served = servedCounts(servers);
      assert.equal(served.a + served.b, 401);
      assert.ok(result.totals.late, 'late sends reported');
      // 401 at 400/s: each worker paces half the rate (201 and 200 sends at 200/s, the last due at
      // 1000 ms); a worker pacing the whole rate would be done by 500 ms. The result is taken after
      // the last answer. Only "does not hang" bounds it above: 10x the schedule.
      assert.ok(result.durationMs >= 1000, `ended at ${result.durationMs} ms, before the last send was due`);
      assert.ok(result.durationMs < 10_000, `took ${result.durationMs} ms`);
      assertHistogramsExact(result);
    } finally {
      await servers.close();
    }
  });

  it('applies scenario steps once: control faults from the main thread, remove/add in every worker', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1 }]);
    try {
      const result = await runLoadTest({
        pool,
        load: { model: 'closed', concurrency: 4 },
        durationMs: 1500,
        workers: 2,
        seed: 13,
        scenario: [
          { at: 200, endpoint: 'b', action: 'fail', value: 1 },
          { at: 400, endpoint: 'b', action: 'remove' },
          { at: 1000, endpoint: 'b', action: 'add' },
          { at: 1000, endpoint: 'b', action: 'recover' },
        ],
      });
      assertValidRunResult(result);
      assert.deepEqual(result.events.map((e) => `${e.type}:${e.endpoint}`), ['failed:b', 'removed:b', 'added:b', 'recovered:b']);
      const served = servedCounts(servers);
      for (const ep of result.endpoints) assert.equal(ep.requests, served[ep.id]);
      const b = result.endpoints.find((e) => e.id === 'b')!;
      assert.ok(b.errorsByKind.http_500 > 0);
      assert.ok(b.share < 0.4, `b out for 0.6 s of 1.5 s, share ${b.share}`);
    } finally {
      await servers.close();
    }
  });

  it('cancel reaches every worker: a partial, valid result', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }]);
    try {
      const controller = new AbortController();
      const t0 = performance.now();
      // Cancel once both workers' requests are flowing (a condition, not a time).
      const result = await runLoadTest(
        { pool, load: { model: 'closed', concurrency: 4 }, durationMs: 30_000, workers: 2, seed: 14 },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.requests >= 50) controller.abort();
          },
        },
      );
      // Ended by the cancel, not by the 30 s duration; half of it leaves a loaded machine ample room.
      assert.ok(performance.now() - t0 < 15_000, `took ${performance.now() - t0} ms`);
      assertValidRunResult(result);
      assert.equal(result.status, 'cancelled');
      assert.ok(result.totals.requests > 0);
      assert.equal(result.totals.requests, servedCounts(servers).a);
    } finally {
      await servers.close();
    }
  });

  it('a run that cannot start in the workers rejects with the ConfigError', async () => {
    const pool = { name: 'g', transport: 'grpc' as const, endpoints: [{ id: 'a', address: '127.0.0.1:1', weight: 1 }], request: { proto: 'missing.proto', service: 'demo.Echo', method: 'Call' } };
    await assert.rejects(runLoadTest({ pool, load: { model: 'closed', concurrency: 2 }, durationMs: 500, workers: 2, baseDir: '/tmp' }), (e: Error) => e instanceof ConfigError && /request\.proto: file not found/.test(e.message));
  });

  it('finds the worker entry next to a bundle (dist/loadtest-worker.js) and runs from it', async () => {
    const dir = join(__dirname, '..', '..', 'test-output', `loadtest-bundle-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const node = { platform: 'node' as const, target: 'node20', format: 'cjs' as const, bundle: true, logLevel: 'warning' as const, packages: 'external' as const };
    try {
      await build({ ...node, entryPoints: [join(__dirname, '..', '..', 'src', 'loadtest', 'index.ts')], outfile: join(dir, 'index.js') });
      await build({ ...node, entryPoints: [join(__dirname, '..', '..', 'src', 'loadtest', 'worker.ts')], outfile: join(dir, 'loadtest-worker.js') });
      const bundled = createRequire(__filename)(join(dir, 'index.js')) as { runLoadTest: typeof runLoadTest };
      const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1 }]);
      try {
        const result = await bundled.runLoadTest({ pool, load: { model: 'closed', concurrency: 4 }, durationMs: 800, workers: 2, seed: 15 });
        assertValidRunResult(result);
        assert.equal(result.config.workers, 2);
        const served = servedCounts(servers);
        for (const ep of result.endpoints) assert.equal(ep.requests, served[ep.id]);
      } finally {
        await servers.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
