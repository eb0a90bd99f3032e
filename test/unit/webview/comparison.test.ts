import { strict as assert } from 'node:assert';
import type { Comparison } from '../../../src/result/types';
import { comparisonModel, type ComparisonModel } from '../../../src/webview/model/comparison';
import { comparisonOf, variantComparison } from './fixtures';

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

  it('tables caller errors and amplification, and states the best rule', () => {
    const t = model.table;
    assert.deepEqual(t.columns, ['Variant', 'Throughput', 'p50', 'p99', 'p99.9', 'Caller errors', 'Amplification', 'Max share / fair', 'Reaction']);
    // Without a policy every variant sends one attempt per request.
    for (const row of t.rows) assert.equal(row[6], '1.000x');
    assert.match(model.notes[0], /^Best: the lowest p99 among the variants whose caller error rate is within 0\.5 percentage points of the lowest/);
  });
});

describe('webview comparison model: variants', () => {
  let comparison: Comparison;
  let model: ComparisonModel;
  before(async () => {
    comparison = await variantComparison();
    model = comparisonModel(comparison);
  });

  it('labels rows and columns by variant, with the strategy when the name does not say it', () => {
    const labels = model.columns.map((c) => c.label);
    assert.deepEqual([...labels].sort(), ['p2c-peak-ewma', 'round-robin', 'rr + outlier + retry (round-robin)']);
    // Two variants share round-robin: each column still draws its own run, in ranking order.
    model.columns.forEach((col, i) => assert.equal(col.strategy, comparison.results[i].config.strategy));
    assert.equal(model.table.rows.length, 3);
  });

  it('shows what retries buy: caller errors near zero at an amplification above 1, attempt errors beside them', () => {
    const t = model.table;
    assert.deepEqual(t.columns, ['Variant', 'Throughput', 'p50', 'p99', 'p99.9', 'Caller errors', 'Attempt errors', 'Amplification', 'Max share / fair', 'Reaction']);
    const retry = t.rows.find((r) => r[0].startsWith('rr + outlier + retry'))!;
    const plain = t.rows.find((r) => r[0].startsWith('round-robin'))!;
    // Outlier detection ejects s3 within its first few failures, so retries have little left to do.
    const amp = Number.parseFloat(retry[7]);
    assert.ok(amp > 1 && amp < 1.05, `amplification ${retry[7]}`);
    assert.equal(plain[7], '1.000x');
    // s3 fails half of its quarter from 1 s of 6: about 10 % of round-robin's requests; retries hide nearly all.
    const callerRetry = Number.parseFloat(retry[5]);
    const callerPlain = Number.parseFloat(plain[5]);
    assert.ok(callerRetry < 0.5, `caller errors with retries ${retry[5]}`);
    assert.ok(callerPlain > 7 && callerPlain < 13, `caller errors without ${plain[5]}`);
    assert.ok(Number.parseFloat(retry[6]) > callerRetry, `attempt errors ${retry[6]} above caller errors ${retry[5]}`);
    // Failing ten points more than the retrying variant, plain round-robin is marked and never best.
    assert.match(plain[0], /\(fails more\)$/);
    assert.ok(!model.columns.find((c) => c.label === 'round-robin')!.best);
    assert.match(model.notes.join(' '), /Attempt errors: attempts the servers failed/);
  });
});
