import { strict as assert } from 'node:assert';
import { mergeResults } from '../../../src/result/merge';
import { Recorder } from '../../../src/result/recorder';
import type { RunResult } from '../../../src/result/types';
import { assertValidRunResult } from '../../../src/result/validate';
import { recorder, rng } from './fixtures';

/** Feeds the same seeded requests, in time order, to `all` and, alternately, to one of `parts`. */
function feed(all: Recorder, parts: Recorder[], n: number): void {
  const next = rng(42);
  type Step = { at: number; i: number; start: boolean; t0: number; ep: number; ms: number; ok: boolean; kind?: string };
  const steps: Step[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = i * 0.5;
    const ep = next() < 0.3 ? 0 : 1;
    const ms = ep === 0 ? 1 + next() * 4 : 2 + next() ** 4 * 400;
    const ok = next() > 0.05;
    const kind = ok ? undefined : next() < 0.5 ? 'timeout' : 'http_503';
    steps.push({ at: t0, i, start: true, t0, ep, ms, ok, kind }, { at: t0 + ms, i, start: false, t0, ep, ms, ok, kind });
  }
  steps.sort((a, b) => a.at - b.at);
  for (const s of steps) {
    for (const r of [all, parts[s.i % parts.length]]) {
      if (s.start) r.startedAt(s.ep, s.t0);
      else r.finishedAt(s.ep, s.t0, s.at, s.ms, s.ok, s.kind);
    }
  }
  parts[0].lateSend(5, 10);
  parts[1].lateSend(0.2, 10);
  all.lateSend(5, 10);
  all.lateSend(0.2, 10);
}

describe('result/merge', () => {
  it('gives the same counts and percentiles as one recorder that saw every sample', () => {
    const all = recorder({ intervalMs: 500 });
    const parts = [recorder({ intervalMs: 500 }), recorder({ intervalMs: 500 })];
    feed(all, parts, 20_000);
    const whole = all.result('completed', 10_000);
    const partResults = parts.map((p) => p.result('completed', 10_000));
    const merged = mergeResults(...partResults);
    assertValidRunResult(merged);
    assert.deepEqual(merged.totals.latency, whole.totals.latency);
    assert.equal(merged.totals.histogram, whole.totals.histogram);
    for (const key of ['requests', 'ok', 'errors', 'throughput'] as const) assert.equal(merged.totals[key], whole.totals[key], key);
    assert.deepEqual(merged.totals.errorsByKind, whole.totals.errorsByKind);
    assert.equal(merged.totals.late!.count, 1);
    for (const [i, ep] of merged.endpoints.entries()) {
      const w = whole.endpoints[i];
      assert.deepEqual([ep.id, ep.requests, ep.ok, ep.errors, ep.share, ep.fairShare], [w.id, w.requests, w.ok, w.errors, w.share, w.fairShare]);
      assert.deepEqual(ep.latency, w.latency);
      assert.deepEqual(ep.errorsByKind, w.errorsByKind);
    }
    assert.equal(merged.timeline.length, whole.timeline.length);
    for (const [i, p] of merged.timeline.entries()) {
      const w = whole.timeline[i];
      assert.equal(p.t, w.t);
      assert.equal(p.total.requests, w.total.requests);
      assert.equal(p.total.errors, w.total.errors);
      assert.equal(p.total.inFlight, w.total.inFlight);
      // documented: the largest of the parts' p99, which bounds the p99 of all samples from above
      assert.equal(p.total.p99, Math.max(...partResults.map((r) => r.timeline[i].total.p99)));
      assert.ok(w.total.p99 <= p.total.p99, `interval ${p.t}: ${w.total.p99} > ${p.total.p99}`);
    }
  });

  it('merges events by time, keeps the worst status and sums drops', () => {
    const a = recorder();
    const b = recorder();
    a.event({ at: 300, type: 'slowed', endpoint: 'b', value: 10 });
    b.event({ at: 300, type: 'slowed', endpoint: 'b', value: 10 });
    b.event({ at: 100, type: 'ejected', endpoint: 'a' });
    a.dropped();
    b.dropped();
    b.dropped();
    const m = mergeResults(a.result('completed', 1000), b.result('failed', 900, 'worker 2 crashed'), a.result('cancelled', 1000));
    assertValidRunResult(m);
    assert.equal(m.status, 'failed');
    assert.equal(m.error, 'worker 2 crashed');
    assert.equal(m.totals.dropped, 4);
    assert.equal(m.durationMs, 1000);
    assert.deepEqual(m.events.map((e) => [e.at, e.type]), [[100, 'ejected'], [300, 'slowed']]);
  });

  it('takes the union of endpoints and recomputes shares', () => {
    const a = recorder();
    const b = new Recorder({ kind: 'loadtest', config: a.result('completed', 0).config, endpoints: [{ id: 'c', address: 'http://127.0.0.1:3', weight: 4 }], toolVersion: '0.1.0' });
    a.startedAt(0, 0);
    a.finishedAt(0, 0, 1, 1, true);
    b.started('c', 0);
    b.finished('c', 0, 1, 1, true);
    const m = mergeResults(a.result('completed', 1000), b.result('completed', 1000));
    assert.deepEqual(m.endpoints.map((e) => [e.id, e.share, e.fairShare]), [['a', 0.5, 0.125], ['b', 0, 0.375], ['c', 0.5, 0.5]]);
    assert.equal(m.startedAt, '2025-01-01T00:00:00.000Z');
  });

  it('refuses different kinds, schema versions and intervals', () => {
    const a = recorder().result('completed', 10);
    const sim = new Recorder({ kind: 'simulation', config: a.config, endpoints: [], toolVersion: '0.1.0' }).result('completed', 10);
    assert.throws(() => mergeResults(a, sim), /mergeResults: results\[1\] is a simulation, results\[0\] a loadtest/);
    const v2 = { ...a, schemaVersion: 3 } as unknown as RunResult;
    assert.throws(() => mergeResults(a, v2), /results\[1\] has schemaVersion 3, this version reads 1, 2/);
    assert.throws(() => mergeResults(a, recorder({ intervalMs: 250 }).result('completed', 10)), /timelineIntervalMs 250/);
    assert.throws(() => mergeResults(), /nothing to merge/);
    const garbled = JSON.parse(JSON.stringify(a)) as RunResult;
    garbled.endpoints[1].histogram = 'xx';
    assert.throws(() => mergeResults(a, garbled), /results\[1\]\.endpoints\[1\]\.histogram: histogram: not a compressed/);
  });
});
