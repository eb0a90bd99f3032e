import { strict as assert } from 'node:assert';
import { renderCapacityReport } from '../../../src/report';
import { isPersistedState, isShowMessage, showOf, stateOf } from '../../../src/protocol/webview';
import type { CapacityResult } from '../../../src/result/capacity';
import { validateCapacityResult } from '../../../src/result/capacity-validate';
import { checkRestoredState } from '../../../src/extension/panels/restore-check';
import { exportJson, stateOfResultFile } from '../../../src/extension/export-content';
import { stateOfPayload } from '../../../src/webview/app';
import { capacityModel, sloLimits } from '../../../src/webview/model/capacity';
import { capacityFixture, SLO_MS } from './capacity-fixture';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function problems(x: unknown): string[] {
  const v = validateCapacityResult(x);
  return v.ok ? [] : v.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('capacity view', () => {
  const result = capacityFixture();

  it('reads the SLO: latency lines by percentile, errors as a share, the rest named as not drawn', () => {
    assert.deepEqual(sloLimits('p99<100ms, errors<1%'), { limits: { latency: [{ metric: 'p99', ms: 100, text: 'p99<100ms' }], errors: 0.01 }, notes: [] });
    assert.deepEqual(sloLimits('p50<=0.2s,p99.9<1s').limits.latency.map((l) => [l.metric, l.ms]), [['p50', 200], ['p999', 1000]]);
    assert.deepEqual(sloLimits('throughput>10').notes, ['SLO clause "throughput>10" is not drawn']);
  });

  it('a series per variant in its colour, the best marked, scales that keep the SLO region in view', () => {
    const m = capacityModel(result);
    assert.deepEqual(m.series.map((s) => [s.name, s.colorIndex, s.best]), [['least-request', 0, true], ['p2c-peak-ewma', 1, false], ['round-robin', 2, false]]);
    const maxRate = Math.max(...result.variants.flatMap((v) => v.curve.map((p) => p.rate)));
    assert.ok(m.rateMax >= maxRate && m.rateMax <= maxRate * 1.1, `rateMax ${m.rateMax}`);
    // A saturated step is 10 s: the y domain stops at 2.5 x the SLO, not there.
    assert.ok(m.msMax > SLO_MS && m.msMax <= SLO_MS * 2.5, `msMax ${m.msMax}`);
    assert.equal(m.slo.errors, 0.01);
    assert.deepEqual(m.ranking.rows.map((r) => r[0]), ['least-request', 'p2c-peak-ewma', 'round-robin']);
    assert.equal(m.ranking.rows[0][2], '272 req/s');
    assert.equal(m.ranking.rows[2][3], `${((result.variants[2].relative) * 100).toFixed(1)}%`);
    assert.equal(m.steps.rows.length, result.variants.reduce((n, v) => n + v.curve.length, 0));
    assert.ok(m.steps.rows.some((r) => r[6] === 'broken') && m.steps.rows.some((r) => r[6] === 'holds'));
  });

  it('a variant that never held the SLO, and one whose search failed before a step, still make a finite model', () => {
    const r = clone(result);
    r.variants[1] = { ...r.variants[1], capacity: 0, relative: 0, curve: r.variants[1].curve.map((p) => ({ ...p, holds: false })) };
    r.variants[2] = { ...r.variants[2], capacity: 0, relative: 0, curve: [], status: 'failed', message: 'connection refused' };
    assert.deepEqual(problems(r), []);
    const m = capacityModel(r);
    for (const v of [m.rateMax, m.msMax, m.errorsMax]) assert.ok(Number.isFinite(v) && v > 0, String(v));
    assert.deepEqual(m.series.map((s) => s.best), [true, false, false]);
    assert.deepEqual(m.ranking.rows.map((row) => row[5]), ['ok', 'ok', 'failed: connection refused']);
    const none = capacityModel({ ...r, variants: [] });
    for (const v of [none.rateMax, none.msMax, none.errorsMax]) assert.ok(Number.isFinite(v) && v > 0, String(v));
  });

  it('is recognised as a payload, a message and a persisted state, and survives the round trip', () => {
    assert.deepEqual(stateOfPayload(result), { view: 'capacity', payload: result });
    const m = { type: 'show' as const, view: 'capacity' as const, capacity: result };
    assert.ok(isShowMessage(m));
    assert.ok(!isShowMessage({ type: 'show', view: 'capacity' }), 'without its payload');
    const state = stateOf(m);
    assert.ok(isPersistedState(state));
    assert.deepEqual(showOf(state), m);
    const restored = checkRestoredState(clone(state));
    assert.equal(restored.ok, true);
    assert.deepEqual(JSON.parse(exportJson(state)), result);
    assert.deepEqual(stateOfResultFile(clone(result)), state);
  });

  it('accepts what the search writes; names each problem of a damaged file by its JSON path', () => {
    assert.deepEqual(problems(result), []);
    const cases: [string, (r: CapacityResult) => void, string][] = [
      ['kind', (r) => ((r as { kind: string }).kind = 'comparison'), 'kind: must be "capacity"'],
      ['slo', (r) => delete (r as Partial<CapacityResult>).slo, 'slo: is required'],
      ['mode', (r) => ((r as { mode: string }).mode = 'live'), 'mode: must be one of "loadtest", "simulation"'],
      ['capacity', (r) => (r.variants[1].capacity = -1), 'variants[1].capacity: must be >= 0'],
      ['relative', (r) => (r.variants[0].relative = 1.5), 'variants[0].relative: must be <= 1'],
      ['errors', (r) => (r.variants[2].curve[3].errors = 2), 'variants[2].curve[3].errors: must be <= 1'],
      ['holds', (r) => ((r.variants[0].curve[0] as unknown as { holds: string }).holds = 'yes'), 'variants[0].curve[0].holds: must be boolean'],
      ['sorted', (r) => r.variants[0].curve.reverse(), 'variants[0].curve[1].rate: the curve must be sorted by rate'],
      ['p50 over p99', (r) => (r.variants[1].curve[0].p50 = 1e6), 'variants[1].curve[0]: p50 (1000000) is above p99'],
      ['names', (r) => (r.variants[2].name = r.variants[0].name), 'variants[2].name: duplicate variant name "least-request"'],
    ];
    for (const [what, damage, expected] of cases) {
      const bad = clone(result);
      damage(bad);
      const found = problems(bad);
      assert.ok(found.some((p) => p.startsWith(expected)), `${what}: ${found.join('; ')}`);
    }
  });

  it('the report page embeds a valid result and refuses an invalid one before drawing', () => {
    const assets = { script: '', style: '' };
    const html = renderCapacityReport(result, { assets });
    assert.match(html, /<title>RPC Balancer: capacity at p99&lt;100ms,errors&lt;1% \(simulated\)<\/title>/);
    const bad = clone(result);
    bad.variants[0].curve[0].rate = -5;
    assert.throws(() => renderCapacityReport(bad, { assets }), /invalid capacity result:\n {2}variants\[0\]\.curve\[0\]\.rate: must be >= 0/);
    const failed = clone(result);
    failed.variants[1] = { ...failed.variants[1], status: 'failed', message: 'refused by http://admin:hunter2@10.0.0.2:8080' };
    const page = renderCapacityReport(failed, { assets });
    assert.ok(!page.includes('hunter2'), 'the message is redacted');
    assert.ok(page.includes('refused by http://'), 'the rest of the message stays');
  });
});
