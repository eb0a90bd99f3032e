/**
 * The view models of a run under a client policy (caller vs server view, the timeline's attempts
 * and retries, the legend) and the header every result gets, from seeded simulations of the
 * README's worked example (examples/retry-*.rpcpool.json).
 */
import { strict as assert } from 'node:assert';
import { parsePool } from '../../../src/pools/parse';
import { add, create, decode, summarize } from '../../../src/result/histogram';
import type { RunResult } from '../../../src/result/types';
import { simulate } from '../../../src/simulate';
import { callerViewModel } from '../../../src/webview/model/caller-view';
import { distributionModel } from '../../../src/webview/model/distribution';
import { latencyModel } from '../../../src/webview/model/latency';
import { lineLegend } from '../../../src/webview/model/legend';
import { timelineModel } from '../../../src/webview/model/timeline';
import { eventColor } from '../../../src/webview/render/theme';
import { eventfulResult } from './fixtures';
import { examplePool, retryResult } from './policy-fixture';

describe('webview: caller vs server view', () => {
  const storm = retryResult('retry-storm');
  const budget = retryResult('retry-budget');

  it('is absent for a run without a policy', () => {
    assert.equal(callerViewModel(eventfulResult()), undefined);
  });

  it('unbudgeted retries: servers take ~1.94x the requests (1 + 1/2 + ... + 1/16) at 50% errors; callers see ~1/32 of them', () => {
    const m = callerViewModel(storm)!;
    assert.ok(Math.abs(m.amplification - 1.9375) < 0.03, `amplification ${m.amplification}`);
    assert.equal(m.servers.count, storm.totals.attempts);
    assert.equal(m.callers.count, storm.totals.requests);
    assert.ok(Math.abs(m.servers.errorRate - 0.5) < 0.02, `server error rate ${m.servers.errorRate}`);
    // Five tries each failing half: 0.5^5 = 3.1 % of requests fail for the caller.
    assert.ok(Math.abs(m.callers.errorRate - 0.03125) < 0.006, `caller error rate ${m.callers.errorRate}`);
    assert.equal(m.counters.find((c) => c.key === 'retries')!.value, storm.totals.attempts! - storm.totals.requests);
    assert.equal(m.counters.find((c) => c.key === 'budgetDenied')!.value, 0);
  });

  it('a 0.2 budget holds amplification near 1.2 and counts what it refused', () => {
    const m = callerViewModel(budget)!;
    assert.ok(m.amplification > 1.15 && m.amplification < 1.2 + 0.015, `amplification ${m.amplification}`);
    const denied = m.counters.find((c) => c.key === 'budgetDenied')!;
    assert.equal(denied.value, budget.totals.budgetDenied);
    assert.ok(denied.value > 5000);
    assert.equal(m.counters.find((c) => c.key === 'amplification')!.text, `${m.amplification.toFixed(2)}x`);
    // Callers see more errors than under the storm: the budget trades caller errors for server load.
    assert.ok(m.callers.errorRate > callerViewModel(storm)!.callers.errorRate * 5);
  });

  it("the servers' latency is the endpoints' histograms summed, not their percentiles averaged", () => {
    const m = callerViewModel(budget)!;
    const sum = create();
    for (const ep of budget.endpoints) add(sum, decode(ep.histogram));
    assert.deepEqual(m.servers.latency, summarize(sum));
    assert.equal(m.servers.latency!.count, budget.totals.attempts);
    // Each attempt is one 5 ms service (or a fast failure); callers wait across retries and backoff.
    assert.ok(m.servers.latency!.max <= 5.21 && m.callers.latency!.p99 > 20, `servers max ${m.servers.latency!.max}, callers p99 ${m.callers.latency!.p99}`);
    assert.deepEqual(m.table.rows.map((r) => r[0]), ['Callers (requests)', 'Servers (attempts)']);
    assert.equal(m.table.rows[1][1], budget.totals.attempts!.toLocaleString('en-US'));
  });

  it('a histogram that will not decode is named, and the servers latency shows as -', () => {
    const broken: RunResult = { ...budget, endpoints: budget.endpoints.map((e, i) => (i === 1 ? { ...e, histogram: 'not base64!' } : e)) };
    const m = callerViewModel(broken)!;
    assert.equal(m.problems.length, 1);
    assert.match(m.problems[0], /^s2: histogram:/);
    assert.equal(m.servers.latency, undefined);
    assert.equal(m.table.rows[1][7], '-');
  });

  it('counts hedges under a hedging policy', () => {
    const pool = parsePool({ ...examplePool('retry-storm'), policy: { hedging: { maxAttempts: 2, delay: '3ms' } } });
    const r = simulate({ pool, strategy: 'round-robin', load: { model: 'open', rate: 500 }, durationMs: 4000, seed: 3 });
    const m = callerViewModel(r)!;
    const hedges = m.counters.find((c) => c.key === 'hedges')!.value;
    assert.ok(hedges > 0 && hedges === r.totals.hedges, `hedges ${hedges}`);
    assert.equal(m.counters.find((c) => c.key === 'retries')!.value, 0);
  });
});

describe('webview: attempts and retries on the timeline', () => {
  const budget = retryResult('retry-budget');
  const model = timelineModel(budget);

  it('has an attempts and a retries line whose areas are the run totals', () => {
    const p = model.policy!;
    const lengths = model.total.samples.map((x, i) => 2 * (x.t - budget.timeline[i].t));
    const area = (s: typeof p.attempts) => s.samples.reduce((sum, x, i) => sum + (x.throughput * lengths[i]) / 1000, 0);
    assert.ok(Math.abs(area(p.attempts) - budget.totals.attempts!) < 1e-6, `attempts ${area(p.attempts)}`);
    assert.ok(Math.abs(area(p.retries) - budget.totals.retries!) < 1e-6, `retries ${area(p.retries)}`);
    // Attempts stay above requests in every full interval, by the budget's share.
    for (let i = 0; i < model.total.samples.length - 1; i++) assert.ok(p.attempts.samples[i].throughput > model.total.samples[i].throughput);
    assert.ok(model.throughputMax >= Math.max(...p.attempts.samples.map((x) => x.throughput)));
  });

  it('lists attempts and retries per interval in the table', () => {
    const at = model.table.columns.indexOf('Attempts');
    assert.deepEqual(model.table.columns.slice(at, at + 2), ['Attempts', 'Retries']);
    assert.deepEqual(model.table.rows.map((r) => r[at]), budget.timeline.map((x) => (x.total.attempts ?? 0).toLocaleString('en-US')));
  });

  it('marks the budget running out like the other events, in the trouble colour', () => {
    const m = model.markers.filter((x) => x.type === 'budget-exhausted');
    assert.equal(m.length, budget.events.filter((e) => e.type === 'budget-exhausted').length);
    assert.ok(m.length > 0);
    assert.equal(eventColor('budget-exhausted'), 'var(--rb-bad)');
    assert.equal(eventColor('throttling-on'), 'var(--rb-bad)');
    assert.equal(eventColor('budget-recovered'), 'var(--rb-good)');
    assert.equal(eventColor('throttling-off'), 'var(--rb-good)');
  });

  it('without a policy: no policy lines, no extra columns', () => {
    const plain = timelineModel(eventfulResult());
    assert.equal(plain.policy, undefined);
    assert.ok(!plain.table.columns.includes('Attempts'));
  });
});

describe('webview: line legend', () => {
  it('names every endpoint drawn, the total and the policy lines, matched by attribute', () => {
    const model = timelineModel(retryResult('retry-budget', 3000));
    const items = lineLegend(model.endpoints, model.total, model.policy);
    assert.deepEqual(items.map((i) => i.label), ['s1', 's2', 's3', 's4', 's5', 'total (callers)', 'attempts (servers)', 'retries']);
    assert.deepEqual(items.map((i) => i.colorIndex), [0, 1, 2, 3, 4, -1, -1, -1]);
    assert.deepEqual(items[5].match, { attr: 'data-id', value: '' });
    assert.deepEqual(items[6], { label: 'attempts (servers)', colorIndex: -1, dash: 'attempts', match: { attr: 'data-series', value: 'attempts' } });
  });

  it('without a policy the total is just the total', () => {
    const model = timelineModel(eventfulResult());
    const items = lineLegend(model.endpoints, model.total, model.policy);
    assert.equal(items.length, model.endpoints.length + 1);
    assert.equal(items[items.length - 1].label, 'total');
  });
});

describe('webview: tables under a policy name what they count', () => {
  const budget = retryResult('retry-budget', 3000);

  it('the distribution table counts attempts, the latency table names the callers\' total', () => {
    const d = distributionModel(budget);
    assert.equal(d.table.columns[3], 'Attempts');
    assert.deepEqual(d.table.rows.map((r) => r[3]), budget.endpoints.map((e) => e.requests.toLocaleString('en-US')));
    assert.equal(latencyModel(budget).table.rows[0][0], 'total (callers)');
  });

  it('without a policy they read as before', () => {
    const plain = eventfulResult();
    assert.equal(distributionModel(plain).table.columns[3], 'Requests');
    assert.equal(latencyModel(plain).table.rows[0][0], 'total');
  });
});
