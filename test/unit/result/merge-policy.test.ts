/**
 * Merging results of runs under a client policy (worker threads, `run --shard i/N` then
 * `rpc-balancer merge`): each part held its own policy layer, so the callers' counts (attempts,
 * retries, hedges, refusals) and the timeline's attempts and retries add up, and a share is of the
 * attempts the servers received together, exactly as one recorder that saw everything says.
 */
import { strict as assert } from 'node:assert';
import { mergeResults } from '../../../src/result/merge';
import type { Recorder } from '../../../src/result/recorder';
import type { RunResult } from '../../../src/result/types';
import { assertValidRunResult } from '../../../src/result/validate';
import { recorder, rng } from './fixtures';

/** Apart enough for 3 attempts of at most 10 ms. */
const SPACING = 40;
const FIELDS = ['requests', 'ok', 'errors', 'attempts', 'retries', 'hedges', 'budgetDenied', 'throttled', 'overflow'] as const;

/** Seeded requests of 1..3 attempts, one after another (the recorder is told times in order), fed to `all` and to one part each; refusals told at the end. */
function feed(all: Recorder, parts: Recorder[], n: number): void {
  const next = rng(7);
  const [view, ...views] = [all, ...parts].map((r) => r.useCallerView());
  const refused = parts.map(() => ({ budgetDenied: 0, throttled: 0, overflow: 0 }));
  for (let i = 0; i < n; i++) {
    const part = parts[i % parts.length];
    const t0 = i * SPACING;
    const attempts = 1 + Math.floor(next() * 3);
    const hedged = next() < 0.2;
    let t = t0;
    for (let a = 0; a < attempts; a++) {
      const ep = next() < 0.4 ? 0 : 1;
      const ms = 1 + next() * 9;
      const ok = a === attempts - 1 && next() > 0.1;
      for (const r of [all, part]) {
        r.startedAt(ep, t);
        r.finishedAt(ep, t, t + ms, ms, ok, ok ? undefined : 'http_503');
      }
      t += ms;
    }
    const ok = next() > 0.1;
    const counts = { attempts, retries: hedged ? 0 : attempts - 1, hedges: hedged ? attempts - 1 : 0 };
    for (const r of [all, part]) r.requestFinishedAt(t0, t, t - t0, ok, ok ? undefined : 'http_503', counts);
    const k = i % parts.length;
    if (next() < 0.05) refused[k].budgetDenied++;
    if (next() < 0.03) refused[k].throttled++;
    if (next() < 0.01) refused[k].overflow++;
  }
  const sum = { budgetDenied: 0, throttled: 0, overflow: 0 };
  parts.forEach((_, k) => {
    views[k].refusals(refused[k]);
    for (const f of ['budgetDenied', 'throttled', 'overflow'] as const) sum[f] += refused[k][f];
  });
  view.refusals(sum);
}

function check(merged: RunResult, whole: RunResult): void {
  assertValidRunResult(merged);
  for (const f of FIELDS) assert.equal(merged.totals[f], whole.totals[f], f);
  assert.ok(merged.totals.retries! > 0 && merged.totals.hedges! > 0 && merged.totals.budgetDenied! > 0, 'the fixture exercises every count');
  assert.deepEqual(merged.totals.latency, whole.totals.latency);
  for (const [i, ep] of merged.endpoints.entries()) assert.deepEqual([ep.id, ep.requests, ep.share], [whole.endpoints[i].id, whole.endpoints[i].requests, whole.endpoints[i].share]);
  assert.equal(merged.timeline.length, whole.timeline.length);
  for (const [i, p] of merged.timeline.entries()) {
    const w = whole.timeline[i].total;
    assert.deepEqual([p.total.requests, p.total.attempts, p.total.retries], [w.requests, w.attempts, w.retries], `t=${p.t}`);
  }
}

describe('result/merge under a client policy', () => {
  it('sums the callers\' counts, the timeline\'s attempts and retries, and shares the attempts, as one recorder that saw all (workers)', () => {
    const all = recorder({ intervalMs: 500 });
    const parts = [recorder({ intervalMs: 500 }), recorder({ intervalMs: 500 })];
    feed(all, parts, 4000);
    const end = 4000 * SPACING + 100;
    check(mergeResults(...parts.map((p) => p.result('completed', end))), all.result('completed', end));
  });

  it('does the same for the shards of one run (`rpc-balancer merge`)', () => {
    const all = recorder({ intervalMs: 500 });
    const parts = [0, 1, 2].map(() => recorder({ intervalMs: 500 }));
    feed(all, parts, 3000);
    const shards = parts.map((p, index) => {
      const r = p.result('completed', 3000 * SPACING + 100);
      return { ...r, config: { ...r.config, shard: { index, count: 3 } } };
    });
    const merged = mergeResults(...shards);
    assert.equal(merged.config.shards, 3);
    check(merged, all.result('completed', 3000 * SPACING + 100));
  });
});
