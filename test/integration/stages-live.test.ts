/**
 * Staged loads against the demo servers: the ramp 0 -> 2,000 req/s over 10 s (achieved
 * within 2 % of target in every second after the first, counted by intended send time, and what
 * the servers answered equal to what was sent), a closed-model step, and the ramp on 2 workers.
 */
import assert from 'node:assert/strict';
import { runLoadTest } from '../../src/loadtest';
import { assertValidRunResult } from '../../src/result/validate';
import type { RunResult } from '../../src/result/types';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { demo, servedCounts } from '../helpers/loadtest-servers';

const RAMP = { model: 'open', stages: [{ duration: '10s', target: 2000 }] } as const;

/** Every second after the first: sent within 2 % of the target; the target is the ramp's mean. */
function assertRamp(result: RunResult): void {
  assertValidRunResult(JSON.parse(JSON.stringify(result)));
  assert.equal(result.status, 'completed');
  const seconds = result.timeline.slice(0, 10);
  assert.equal(seconds.length, 10);
  seconds.forEach((p, i) => {
    const target = 100 * (2 * (i + 1) - 1);
    assert.equal(p.target, target, `second ${i}: target`);
    if (i > 0) assert.ok(Math.abs(p.sent! - target) <= 0.02 * target, `second ${i}: ${p.sent} sent, target ${target}`);
  });
  const sent = result.timeline.reduce((s, p) => s + (p.sent ?? 0), 0);
  assert.equal(sent, 10_000, 'the ramp holds 10,000 sends');
  assert.equal(result.totals.requests, sent, 'every send was made and answered');
  // Sends left on time, give or take a busy machine (2 cores shared with other work): late
  // sends count where they were due, but a pacer that fell far behind would not be a ramp.
  assert.ok(result.totals.late!.p50Ms < 250, `late sends: p50 ${result.totals.late!.p50Ms} ms`);
}

describe('runLoadTest: load.stages live', function () {
  this.timeout(60_000);

  it('ramps 0 -> 2,000 req/s over 10 s: within 2 % of target every second after the first', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1 }]);
    try {
      const result = await runLoadTest({ pool, load: RAMP, seed: 21 } as never);
      assertRamp(result);
      const served = servedCounts(servers);
      for (const ep of result.endpoints) assert.equal(ep.requests, served[ep.id], `endpoint ${ep.id}`);
      console.log(`      late sends: p50 ${result.totals.late?.p50Ms} ms, p99 ${result.totals.late?.p99Ms} ms, count > 1 ms ${result.totals.late?.count}`);
    } finally {
      await servers.close();
    }
  });

  it('splits the ramp over 2 workers exactly: the merged timeline is the ramp', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1 }]);
    try {
      const result = await runLoadTest({ pool, load: RAMP, workers: 2, seed: 22 } as never);
      assert.equal(result.config.workers, 2);
      assertRamp(result);
      const served = servedCounts(servers);
      for (const ep of result.endpoints) assert.equal(ep.requests, served[ep.id], `endpoint ${ep.id}`);
    } finally {
      await servers.close();
    }
  });

  it('steps closed-model callers 2 -> 8 -> 1: callers follow, a stopped caller finishes its request', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 20 }, { id: 'b', medianMs: 20 }]);
    try {
      const stages = [2, 8, 1].map((target) => ({ duration: '1s', target, ramp: false }));
      const result = await runLoadTest({ pool, load: { model: 'closed', stages }, seed: 23 } as never);
      assertValidRunResult(JSON.parse(JSON.stringify(result)));
      assert.equal(result.status, 'completed');
      const points = result.timeline.slice(0, 3);
      assert.deepEqual(points.map((p) => p.target), [2, 8, 1]);
      const callers = points.map((p) => p.callers!);
      // Rises at a timer (a few ms late at most); falls as requests of ~20 ms end.
      assert.ok(Math.abs(callers[0] - 2) < 0.1, `${callers}`);
      assert.ok(callers[1] > 7.5 && callers[1] <= 8, `${callers}`);
      assert.ok(callers[2] >= 1 && callers[2] < 1.8, `${callers}`);
      // Throughput follows the callers: ~1000 / 20 ms per caller per second.
      const requests = points.map((p) => p.total.requests);
      assert.ok(requests[1] > 3 * requests[0] && requests[1] < 5 * requests[0], `${requests}`);
      assert.ok(requests[2] < 0.3 * requests[1], `${requests}`);
      const served = servedCounts(servers);
      assert.equal(result.totals.requests, Object.values(served).reduce((a, b) => a + b, 0), 'no request cut off: every one sent was answered and counted');
    } finally {
      await servers.close();
    }
  });

  it('steps callers on 2 workers: each takes its share, together the target', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 20 }, { id: 'b', medianMs: 20 }]);
    try {
      const stages = [3, 7].map((target) => ({ duration: '1s', target, ramp: false }));
      const result = await runLoadTest({ pool, load: { model: 'closed', stages }, workers: 2, seed: 24 } as never);
      assert.equal(result.status, 'completed');
      const points = result.timeline.slice(0, 2);
      assert.deepEqual(points.map((p) => p.target), [3, 7]);
      // A rise waits for a timer in each worker thread (late by up to ~150 ms on a busy 2-core
      // machine); one worker's share alone would be 3 or 4.
      const [c0, c1] = points.map((p) => p.callers!);
      assert.ok(c0 > 2.6 && c0 <= 3 && c1 > 6 && c1 <= 7, `callers ${c0}, ${c1}`);
      assert.equal(result.totals.requests, Object.values(servedCounts(servers)).reduce((a, b) => a + b, 0));
    } finally {
      await servers.close();
    }
  });

  it('rpc-balancer run --stage: a ramp and a step from the command line, the target in --json; bad stages exit 2 naming the flag', async () => {
    const { servers, pool } = await demo([{ id: 'a', medianMs: 1 }]);
    const dir = mkdtempSync(join(tmpdir(), 'rb-stages-'));
    try {
      writeFileSync(join(dir, 'pool.json'), JSON.stringify(pool));
      const out = join(dir, 'r.json');
      const ok = await cli(['run', '--pool', join(dir, 'pool.json'), '--stage', '1s:200', '--stage', '1s:100:step', '--json', out], { timeoutMs: 30_000 });
      assert.equal(ok.code, 0, ok.stderr);
      const result = JSON.parse(readFileSync(out, 'utf8')) as RunResult;
      assert.deepEqual(result.timeline.slice(0, 2).map((p) => [p.target, p.sent]), [[100, 100], [100, 100]]);
      assert.ok(result.durationMs > 1900, `${result.durationMs} ms: the stages' sum, ending at the last send's answer`);
      const bad = await cli(['run', '--pool', join(dir, 'pool.json'), '--stage', '1s:-5'], { timeoutMs: 30_000 });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--stage \/ --caller-stage \(load\.stages\[0\]\.target\): must be at least 0, got -5/);
      const both = await cli(['run', '--pool', join(dir, 'pool.json'), '--stage', '1s:5', '--duration', '3s'], { timeoutMs: 30_000 });
      assert.equal(both.code, 2);
      assert.match(both.stderr, /--duration \(durationMs\): not with load\.stages/);
    } finally {
      await servers.close();
    }
  });
});
