import { strict as assert } from 'node:assert';
import { assertValidComparison, assertValidRunResult, jsonPath, validateComparison, validateRunResult } from '../../../src/result/validate';
import type { Comparison, RunResult } from '../../../src/result/types';
import { recorder } from './fixtures';

function sample(): RunResult {
  const r = recorder({ warmupMs: 100, intervalMs: 250, ring: { strategy: 'maglev', options: { tableSize: 65537 }, points: 65537, sampleKeys: ['k1'] } });
  for (let t = 0; t < 1000; t += 5) {
    const i = t % 3 === 0 ? 0 : 1;
    r.startedAt(i, t);
    r.finishedAt(i, t, t + 3, 3, t % 7 !== 0, t % 7 === 0 ? 'reset' : undefined);
  }
  r.noEndpoint(900);
  r.lateSend(2, 500);
  r.dropped(600);
  r.event({ at: 400, type: 'slowed', endpoint: 'b', detail: 'slowed 10x', value: 10 });
  return r.result('completed', 1000);
}

/** A parsed JSON document, edited freely by the tests that break it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

/** Deep copy, then `edit` breaks it. */
function broken(edit: (r: Doc) => void): unknown {
  const copy = JSON.parse(JSON.stringify(sample())) as Doc;
  edit(copy);
  return copy;
}

function problems(x: unknown): string[] {
  const v = validateRunResult(x);
  assert.equal(v.ok, false, 'expected the result to be rejected');
  return v.ok ? [] : v.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('result/validate', () => {
  it('accepts what the recorder writes, also after a JSON round trip', () => {
    const r = sample();
    assertValidRunResult(r);
    assertValidRunResult(JSON.parse(JSON.stringify(r)));
    assertValidRunResult(recorder().result('failed', 0, 'connect ECONNREFUSED'));
  });

  it('names the JSON path of what is wrong', () => {
    assert.deepEqual(problems(broken((r) => (r.endpoints[1].share = 1.5))), ['endpoints[1].share: must be <= 1']);
    assert.deepEqual(problems(broken((r) => delete r.totals.latency)), ['totals.latency: is required']);
    assert.deepEqual(problems(broken((r) => (r.kind = 'benchmark'))), ['kind: must be one of "loadtest", "simulation"']);
    assert.deepEqual(problems(broken((r) => (r.schemaVersion = 3 as never))), ['schemaVersion: must be one of 1, 2']);
    assert.deepEqual(problems(broken((r) => (r.timeline[0].endpoints.a.p99 = -1))), ['timeline[0].endpoints.a.p99: must be >= 0']);
    assert.deepEqual(problems(broken((r) => (r.events[0].type = 'exploded'))), [
      `events[0].type: must be one of ${['ejected', 'restored', 'added', 'removed', 'reweighted', 'slowed', 'stalled', 'failed', 'recovered', 'left', 'joined', 'discovery-error', 'warmup-ended', 'panic', 'panic-ended', 'budget-exhausted', 'budget-recovered', 'throttling-on', 'throttling-off'].map((s) => JSON.stringify(s)).join(', ')}`,
    ]);
    assert.deepEqual(problems(broken((r) => (r.endpoints[0].colour = 'red'))), ['endpoints[0].colour: is not a known field']);
    assert.deepEqual(problems(broken((r) => (r.startedAt = 'yesterday'))), ['startedAt: must match pattern "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$"']);
    assert.ok(problems(broken((r) => (r.config.load = { model: 'open', rate: -1 }))).some((p) => p.startsWith('config.load')));
  });

  it('checks the sums a schema cannot state', () => {
    assert.deepEqual(problems(broken((r) => (r.endpoints[0].ok += 1))), ['endpoints[0]: ok (' + (sample().endpoints[0].ok + 1) + ') + errors (' + sample().endpoints[0].errors + ') must equal requests (' + sample().endpoints[0].requests + ')']);
    assert.deepEqual(problems(broken((r) => (r.totals.errorsByKind.reset += 1))), [`totals.errorsByKind: adds up to ${sample().totals.errors + 1}, but errors is ${sample().totals.errors}`]);
  });

  it('throws one error listing every problem', () => {
    const bad = broken((r) => {
      r.status = 'exploded';
      r.endpoints[0].requests = 'many';
    });
    assert.throws(() => assertValidRunResult(bad), (e: Error) => /invalid RunResult:\n {2}status: .*\n {2}endpoints\[0\]\.requests: must be integer/.test(e.message));
  });

  it('validates a Comparison and its results', () => {
    const c: Comparison = {
      kind: 'comparison',
      schemaVersion: 1,
      mode: 'simulated',
      rows: [{ strategy: 'round-robin', throughput: 100, p50: 1, p99: 2, p999: 3, errors: 0, errorRate: 0, maxShareRatio: 1.1, reactionMs: null, best: true }],
      results: [sample()],
    };
    assertValidComparison(c);
    const bad = JSON.parse(JSON.stringify(c)) as Doc;
    bad.rows[0].errorRate = 2;
    bad.results[0].totals.requests = -1;
    const v = validateComparison(bad);
    assert.equal(v.ok, false);
    const paths = v.ok ? [] : v.problems.map((p) => p.path);
    assert.deepEqual(paths.sort(), ['results[0].totals.requests', 'rows[0].errorRate']);
  });

  it('writes JSON paths readably', () => {
    assert.equal(jsonPath(''), '');
    assert.equal(jsonPath('/endpoints/2/share'), 'endpoints[2].share');
    assert.equal(jsonPath('/timeline/0/endpoints/s-1'), 'timeline[0].endpoints["s-1"]');
    assert.equal(jsonPath('/a~1b'), '["a/b"]');
  });
});
