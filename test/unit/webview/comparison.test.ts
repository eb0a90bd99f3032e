import { strict as assert } from 'node:assert';
import type { Comparison } from '../../../src/result/types';
import { comparisonModel, type ComparisonModel } from '../../../src/webview/model/comparison';
import { comparisonOf } from './fixtures';

describe('webview comparison model', () => {
  let comparison: Comparison;
  let model: ComparisonModel;
  before(async () => {
    comparison = await comparisonOf(['round-robin', 'least-connections', 'p2c-peak-ewma']);
    model = comparisonModel(comparison);
  });

  it('has a column per strategy, in ranking order', () => {
    assert.deepEqual(
      model.columns.map((c) => c.strategy),
      comparison.rows.map((r) => r.strategy),
    );
    assert.equal(model.columns.filter((c) => c.best).length, 1);
    assert.equal(model.columns[0].best, true);
  });

  it('gives every column the same scales: the largest of any strategy', () => {
    const s = model.scales;
    assert.equal(s.maxShare, Math.max(...model.columns.map((c) => c.distribution.maxShare)));
    assert.equal(s.latencyMsMax, Math.max(...model.columns.map((c) => c.latency.msMax)));
    assert.equal(s.latencyXMax, Math.max(...model.columns.map((c) => c.latency.xMax)));
    assert.equal(s.throughputMax, Math.max(...model.columns.map((c) => c.timeline.throughputMax)));
    assert.equal(s.p99Max, Math.max(...model.columns.map((c) => c.timeline.p99Max)));
    for (const c of model.columns) assert.ok(c.latency.msMax <= s.latencyMsMax);
  });

  it('tables the ranking', () => {
    assert.equal(model.table.rows.length, comparison.rows.length);
    assert.match(model.table.rows[0][0], /\(best\)$/);
  });
});
