import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StrategyName } from '../../../src/engine/types';
import { ConfigError } from '../../../src/engine/errors';
import { HISTORY_DEFAULTS, listRuns, readMaxRuns, recordRun } from '../../../src/extension/history/store';
import { detailOf, titleOf } from '../../../src/extension/history/summary';
import type { RunResult } from '../../../src/result/types';
import { assertValidRunResult } from '../../../src/result/validate';
import { simulate } from '../../../src/simulate';

function result(strategy: StrategyName, secret = false): RunResult {
  const r = simulate({
    pool: {
      name: 'hist',
      transport: 'http',
      ...(secret ? { headers: { authorization: 'Bearer s3cret-token' } } : {}),
      endpoints: [1, 2, 3].map((i) => ({ id: `s${i}`, address: `http://10.0.0.${i}:80`, weight: 1 })),
      simulation: { defaults: { slots: 4, service: { type: 'constant', ms: 5 } } },
    },
    strategy,
    load: { model: 'closed', concurrency: 4 },
    durationMs: 500,
    seed: 3,
  } as Parameters<typeof simulate>[0]);
  assertValidRunResult(r);
  return r;
}

const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 1, 0, s));

describe('run history store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rb-history-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists runs newest first, each with its kind, strategy, status, p99 and errors', async () => {
    const strategies: StrategyName[] = ['round-robin', 'random', 'least-request'];
    for (const [i, s] of strategies.entries()) await recordRun(dir, { view: 'result', payload: result(s) }, 50, at(i));
    const { entries, skipped } = await listRuns(dir);
    assert.deepEqual(skipped, []);
    assert.deepEqual(entries.map((e) => e.summary.strategy), ['least-request', 'random', 'round-robin']);
    const e = entries[0];
    assert.equal(titleOf(e.summary), 'Simulation: least-request on hist');
    assert.equal(e.summary.p99, (e.state.payload as RunResult).totals.latency.p99);
    assert.match(detailOf(e.summary), /^completed · p99 [\d.]+ ms · 0 errors$/);
  });

  it('orders runs recorded in the same millisecond by when they were recorded', async () => {
    const now = at(5);
    await recordRun(dir, { view: 'result', payload: result('round-robin') }, 50, now);
    await recordRun(dir, { view: 'result', payload: result('random') }, 50, now);
    await recordRun(dir, { view: 'result', payload: result('least-request') }, 50, now);
    const { entries } = await listRuns(dir);
    assert.deepEqual(entries.map((e) => e.summary.strategy), ['least-request', 'random', 'round-robin']);
  });

  it('keeps at most maxRuns files, deleting the oldest', async () => {
    const r = result('round-robin');
    const deleted: string[] = [];
    for (let i = 0; i < 5; i++) deleted.push(...(await recordRun(dir, { view: 'result', payload: r }, 3, at(i))).deleted);
    const names = (await readdir(dir)).sort();
    assert.equal(names.length, 3);
    assert.ok(names[0].startsWith('2026-12-02T01-00-02-000Z'), names[0]);
    assert.equal(deleted.length, 2);
    assert.match(deleted[0], /2026-12-02T01-00-00-000Z/);
    assert.match(deleted[1], /2026-12-02T01-00-01-000Z/);
  });

  it('skips a corrupt file and a file that is not a result, each with what is wrong, and lists the rest', async () => {
    await recordRun(dir, { view: 'result', payload: result('random') }, 50, at(1));
    await writeFile(join(dir, '2026-12-02T01-00-09-000Z-00-simulation-cut.json'), '{"kind": "simulation", "endpo');
    await writeFile(join(dir, '2026-12-02T01-00-08-000Z-00-other.json'), '{"kind": "pool"}');
    const { entries, skipped } = await listRuns(dir);
    assert.deepEqual(entries.map((e) => e.summary.strategy), ['random']);
    assert.equal(skipped.length, 2);
    assert.match(skipped[0].file, /cut\.json$/);
    assert.match(skipped[0].problem, /^not valid JSON: /);
    assert.match(skipped[1].problem, /not an RPC Balancer result: "kind" must be/);
  });

  it('writes what Export writes: secrets redacted, schema-checked', async () => {
    const { file } = await recordRun(dir, { view: 'result', payload: result('round-robin', true) }, 50, at(0));
    const text = await readFile(file, 'utf8');
    assert.ok(!text.includes('s3cret-token'));
    assert.match(text, /\[redacted\]/);
  });

  it('records comparisons with the best strategy and how many ran', async () => {
    const a = result('round-robin');
    const b = result('random');
    const row = (r: RunResult, best: boolean) => ({ strategy: r.config.strategy, throughput: r.totals.throughput, p50: r.totals.latency.p50, p99: r.totals.latency.p99, p999: r.totals.latency.p999, errors: 0, errorRate: 0, maxShareRatio: 1, best });
    await recordRun(dir, { view: 'comparison', payload: { kind: 'comparison', schemaVersion: a.schemaVersion, mode: 'simulated', rows: [row(a, true), row(b, false)], results: [a, b] } }, 50, at(0));
    const { entries, skipped } = await listRuns(dir);
    assert.deepEqual(skipped, []);
    assert.equal(titleOf(entries[0].summary), 'Comparison: round-robin best of 2 on hist');
  });

  it('reads rpcBalancer.history.maxRuns, default 50, and rejects a bad value naming the setting', () => {
    assert.equal(readMaxRuns(undefined), HISTORY_DEFAULTS.maxRuns);
    assert.equal(readMaxRuns(7), 7);
    for (const bad of [0, 2.5, -1, '10', 1001]) {
      assert.throws(() => readMaxRuns(bad), (e: unknown) => e instanceof ConfigError && e.message.startsWith('rpcBalancer.history.maxRuns: expected a whole number from 1 to 1000'));
    }
  });

  it('lists nothing for a folder not yet made', async () => {
    assert.deepEqual(await listRuns(join(dir, 'missing')), { entries: [], skipped: [] });
  });
});
