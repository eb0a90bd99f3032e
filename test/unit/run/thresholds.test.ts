import assert from 'node:assert/strict';
import { checkThresholds, describeBreach, parseFailOn } from '../../../src/run/thresholds';
import type { RunResult } from '../../../src/result/types';

function totals(p99: number, requests: number, errors: number, throughput: number): RunResult {
  const latency = { count: requests, min: 1, mean: p99 / 2, stdev: 1, p50: p99 / 3, p90: p99 / 2, p99, p999: p99 * 2, max: p99 * 3 };
  return { totals: { requests, ok: requests - errors, errors, errorsByKind: {}, throughput, latency, histogram: '' } } as unknown as RunResult;
}

describe('--fail-on', () => {
  it('reads latency in ms and s, errors as a share or a count, throughput', () => {
    const t = parseFailOn('p99>200ms, p50>=1.5s,errors>1%,errors>=10,throughput<500rps,p99.9>1s');
    assert.deepEqual(
      t.map((x) => [x.metric, x.op, x.value, x.percent]),
      [
        ['p99', '>', 200, false],
        ['p50', '>=', 1500, false],
        ['errors', '>', 0.01, true],
        ['errors', '>=', 10, false],
        ['throughput', '<', 500, false],
        ['p999', '>', 1000, false],
      ],
    );
  });

  it('fails only the clauses that hold', () => {
    const result = totals(250, 1000, 5, 900);
    const breaches = checkThresholds(result, parseFailOn('p99>200ms,errors>1%,throughput<500'));
    assert.deepEqual(breaches.map((b) => b.threshold.metric), ['p99']);
    assert.equal(describeBreach(breaches[0]), '--fail-on p99>200ms: p99 was 250.00ms');
    assert.deepEqual(checkThresholds(totals(100, 1000, 20, 900), parseFailOn('errors>1%')).map((b) => b.actual), [0.02]);
  });

  it('names what is wrong', () => {
    assert.throws(() => parseFailOn('p99>200'), /--fail-on: "p99>200": latency needs a unit, ms or s/);
    assert.throws(() => parseFailOn('latency>2ms'), /--fail-on: cannot read "latency>2ms": expected METRIC OP VALUE/);
    assert.throws(() => parseFailOn(''), /--fail-on: expected clauses/);
    assert.throws(() => parseFailOn('errors>2ms'), /errors take % or a count/);
  });
});
