import { strict as assert } from 'node:assert';
import type { StrategyName } from '../../../src/engine/types';
import type { PoolConfig } from '../../../src/pools/types';
import type { RunResult } from '../../../src/result/types';
import { assertValidRunResult } from '../../../src/result/validate';
import { simulate } from '../../../src/simulate';
import { runDiffModel } from '../../../src/webview/model/run-diff';

/** Four servers, s2 ten times slower: a latency-aware strategy should beat round robin on it. */
function slowServerPool(failing = false): PoolConfig {
  return {
    name: 'diff',
    transport: 'http',
    endpoints: ['s1', 's2', 's3', 's4'].map((id, i) => ({
      id,
      address: `http://10.0.0.${i + 1}:8080`,
      weight: 1,
      ...(id === 's2' ? { sim: { service: { type: 'lognormal' as const, medianMs: 40, p99Ms: 200 }, ...(failing ? { errorRate: 0.3 } : {}) } } : {}),
    })),
    simulation: { defaults: { slots: 8, service: { type: 'lognormal', medianMs: 4, p99Ms: 20 } } },
  } as PoolConfig;
}

function run(strategy: StrategyName, pool = slowServerPool()): RunResult {
  const r = simulate({ pool, strategy, load: { model: 'open', rate: 300 }, durationMs: 6_000, seed: 11 });
  assertValidRunResult(r);
  return r;
}

describe('compare-two-runs model', () => {
  let rr: RunResult;
  let ewma: RunResult;
  before(() => {
    rr = run('round-robin');
    ewma = run('p2c-peak-ewma');
  });

  it('gives throughput, p50, p99, p99.9 and errors of both runs with the change from A to B', () => {
    const m = runDiffModel(rr, ewma, { a: 'before', b: 'after' });
    assert.deepEqual(m.rows.map((r) => r.metric), ['Throughput', 'p50', 'p99', 'p99.9', 'Errors']);
    const p99 = m.rows.find((r) => r.metric === 'p99')!;
    const d = ewma.totals.latency.p99 - rr.totals.latency.p99;
    assert.ok(d < 0, `p2c-peak-ewma's p99 ${ewma.totals.latency.p99} should be below round robin's ${rr.totals.latency.p99} with one slow server`);
    assert.match(p99.delta, /^−/);
    assert.match(p99.relative ?? '', /^−\d/);
    assert.equal(m.a.label, 'before');
    assert.equal(m.b.strategy, 'p2c-peak-ewma');
  });

  it('marks the lower latency and the higher throughput better, and the overall verdict by figures won', () => {
    const m = runDiffModel(rr, ewma);
    assert.equal(m.rows.find((r) => r.metric === 'p99')!.better, 'b');
    const reversed = runDiffModel(ewma, rr);
    assert.equal(reversed.rows.find((r) => r.metric === 'p99')!.better, 'a');
    // Whichever way round, the same run is judged better.
    assert.equal(m.overall === 'b', reversed.overall === 'a');
    assert.equal(m.overall, 'b');
    assert.match(m.verdict, /^B is better: on \d of 5 figures/);
  });

  it('marks the endpoint share closer to fair share better: the slow s2 gets less than fair under p2c-peak-ewma', () => {
    const m = runDiffModel(rr, ewma);
    assert.deepEqual(m.shares.map((s) => s.endpoint), ['s1', 's2', 's3', 's4']);
    assert.ok(m.shares.every((s) => s.fairShare === '25.0%'));
    // Round robin hands s2 its fair share exactly; the latency-aware strategy moves load off it.
    assert.equal(m.shares.find((s) => s.endpoint === 's2')!.better, 'a');
  });

  it('calls two runs of the same seeded config the same on every figure', () => {
    const m = runDiffModel(rr, run('round-robin'));
    assert.ok(m.rows.every((r) => r.better === 'same' && (r.delta === '±0' || r.delta.startsWith('±0'))), JSON.stringify(m.rows));
    assert.equal(m.overall, 'same');
    assert.match(m.verdict, /Neither run is better/);
  });

  it('marks the run with fewer errors better on errors', () => {
    const failing = run('round-robin', slowServerPool(true));
    const m = runDiffModel(failing, rr);
    assert.ok(failing.totals.errors > 0);
    const errors = m.rows.find((r) => r.metric === 'Errors')!;
    assert.equal(errors.better, 'b');
    assert.match(errors.delta, /^−.* of requests$/);
  });

  it('shows an endpoint only one run has as absent, never better', () => {
    const three = slowServerPool();
    three.endpoints = three.endpoints!.slice(0, 3);
    const m = runDiffModel(run('round-robin', three), rr);
    const s4 = m.shares.find((s) => s.endpoint === 's4')!;
    assert.equal(s4.a, 'absent');
    assert.equal(s4.better, 'same');
  });
});
