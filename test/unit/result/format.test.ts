import { strict as assert } from 'node:assert';
import {
  formatCount,
  formatMs,
  formatMsSpaced,
  formatPercent,
  formatPercentile,
  formatRate,
  formatRatio,
  formatSeconds,
} from '../../../src/result/format';

describe('result/format', () => {
  it('spells a latency with the same digits glued or spaced', () => {
    const values = [0, 0.012, 0.84, 5.003, 12.34, 250.4, 999.4, 1200, 75_000];
    assert.deepEqual(values.map(formatMs), ['0ms', '0.012ms', '0.84ms', '5.00ms', '12.3ms', '250ms', '999ms', '1.20s', '75.0s']);
    assert.deepEqual(values.map(formatMsSpaced), ['0 ms', '0.012 ms', '0.84 ms', '5.00 ms', '12.3 ms', '250 ms', '999 ms', '1.20 s', '75.0 s']);
  });

  it('prints a figure that is not a number as a dash', () => {
    for (const f of [formatMs, formatMsSpaced, formatPercent, formatCount, formatRate, formatRatio]) {
      assert.deepEqual([NaN, Infinity, -Infinity].map((x) => f(x)), ['-', '-', '-'], f.name);
    }
  });

  it('gives percents one more digit below 1%, none at 0% and 100%', () => {
    assert.deepEqual([0.0004, 0.25, 0.3333, 0.99999].map((f) => formatPercent(f, 2)), ['0.040%', '25.00%', '33.33%', '100.00%']);
    assert.deepEqual([0, 1, 0.5].map((f) => formatPercent(f, 0)), ['0%', '100%', '50%']);
  });

  it('writes rates, ratios, run times and percentile labels', () => {
    assert.deepEqual([0, 2.54, 99.94, 100, 1234.5].map((r) => formatRate(r)), ['0.0/s', '2.5/s', '99.9/s', '100/s', '1,235/s']);
    assert.equal(formatRate(563.2, ' req/s'), '563 req/s');
    assert.deepEqual([1, 1.234, 12].map(formatRatio), ['1.00x', '1.23x', '12.00x']);
    assert.deepEqual([0, 2500, 9_949, 12_345].map(formatSeconds), ['0.0 s', '2.5 s', '9.9 s', '12 s']);
    assert.deepEqual([0, 0.5, 0.9, 0.99, 0.999, 0.9999].map(formatPercentile), ['0%', '50%', '90%', '99%', '99.9%', '99.99%']);
  });

  it('keeps counts exact for integers and to three digits otherwise', () => {
    assert.deepEqual([0, -1234, 0.5, 999.5, 1000.5].map(formatCount), ['0', '-1,234', '0.50', '1,000', '1,001']);
  });
});
