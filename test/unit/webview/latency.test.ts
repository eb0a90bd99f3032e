import { strict as assert } from 'node:assert';
import { latencyModel } from '../../../src/webview/model/latency';
import { eventfulResult } from './fixtures';

describe('webview latency model', () => {
  const result = eventfulResult();
  const model = latencyModel(result);

  it('draws a percentile curve for the total and each endpoint from the encoded histograms', () => {
    assert.equal(model.problems.length, 0);
    assert.equal(model.total.count, result.totals.requests);
    assert.deepEqual(
      model.endpoints.map((c) => c.id),
      result.endpoints.filter((e) => e.requests > 0).map((e) => e.id),
    );
    for (const c of [model.total, ...model.endpoints]) {
      assert.ok(c.points.length > 10, `${c.label}: ${c.points.length} points`);
      for (let i = 1; i < c.points.length; i++) {
        assert.ok(c.points[i].p > c.points[i - 1].p, 'percentiles ascend');
        assert.ok(c.points[i].ms >= c.points[i - 1].ms, 'values never fall');
      }
    }
  });

  it('agrees with the summary: p50, p99 and max of the total', () => {
    const at = (p: number) => model.total.points.find((pt) => Math.abs(pt.p - p) < 1e-12)?.ms;
    assert.equal(at(0.5), result.totals.latency.p50);
    assert.equal(model.total.points[model.total.points.length - 1].ms, result.totals.latency.max);
    // 99% lies between two plotted ticks; the curve brackets it.
    const below = model.total.points.filter((pt) => pt.p <= 0.99).pop()!;
    const above = model.total.points.find((pt) => pt.p >= 0.99)!;
    assert.ok(below.ms <= result.totals.latency.p99 && result.totals.latency.p99 <= above.ms);
  });

  it('plots x as 1/(1-p) and puts the max one decade past the last finite point', () => {
    for (const pt of model.total.points) if (pt.p < 1) assert.ok(Math.abs(pt.x - 1 / (1 - pt.p)) < 1e-6 * pt.x);
    const finite = Math.max(...model.total.points.filter((pt) => pt.p < 1).map((pt) => pt.x));
    assert.ok(model.xMax > finite && Math.log10(model.xMax) % 1 === 0);
    assert.equal(model.total.points[model.total.points.length - 1].x, model.xMax);
    assert.ok(model.msMax >= result.totals.latency.max);
  });

  it('keeps the busiest endpoints when there are too many curves, and says how many it left out', () => {
    const two = latencyModel(result, 2);
    assert.equal(two.endpoints.length, 2);
    assert.equal(two.hiddenEndpoints, result.endpoints.length - 2);
    const busiest = [...result.endpoints].sort((a, b) => b.requests - a.requests).slice(0, 2).map((e) => e.id);
    assert.deepEqual(new Set(two.endpoints.map((c) => c.id)), new Set(busiest));
    assert.equal(two.table.rows.length, result.endpoints.length + 1, 'the table still has every endpoint and the total');
  });

  it('reports a histogram that will not decode instead of failing the view', () => {
    const broken = { ...result, endpoints: result.endpoints.map((e, i) => (i === 0 ? { ...e, histogram: 'not-a-histogram' } : e)) };
    const m = latencyModel(broken);
    assert.equal(m.problems.length, 1);
    assert.match(m.problems[0], /^s1: /);
    assert.equal(m.endpoints[0].points.length, 0);
  });
});
