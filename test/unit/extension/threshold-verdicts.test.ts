import { strict as assert } from 'node:assert';
import { thresholdVerdicts } from '../../../src/extension/editor/threshold-verdicts';
import { formatMsSpaced, formatPercent } from '../../../src/result/format';
import type { RunResult } from '../../../src/result/types';
import { eventfulResult } from '../webview/fixtures';

describe('pool thresholds → Test Explorer results', () => {
  let result: RunResult;
  before(() => {
    result = eventfulResult();
  });

  it('passes a clause that holds and fails one that does not, each with the measured value', () => {
    const p99 = result.totals.latency.p99;
    const share = result.totals.errors / result.totals.requests;
    assert.ok(share > 0.001, `the fixture has errors (${share})`);
    const above = `p99<${(p99 * 2).toFixed(3)}ms`;
    const below = `p99<${(p99 / 2).toFixed(3)}ms`;
    const errorsHeld = `errors<${(share * 100 * 2).toFixed(3)}%`;
    const errorsBroken = `errors<${(share * 100 / 2).toFixed(3)}%`;
    const v = thresholdVerdicts(result, [above, below, errorsHeld, errorsBroken]);
    assert.deepEqual(v.map((x) => x.state), ['passed', 'failed', 'passed', 'failed']);
    const requests = result.totals.requests.toLocaleString('en-US');
    assert.equal(v[0].message, `p99 was ${formatMsSpaced(p99)} over ${requests} requests (needs ${above})`);
    assert.equal(v[1].message, `p99 was ${formatMsSpaced(p99)} over ${requests} requests, so ${below} does not hold`);
    assert.equal(v[3].message, `errors was ${formatPercent(share, 2)} over ${requests} requests, so ${errorsBroken} does not hold`);
    assert.equal(v[0].actual, p99);
    assert.equal(v[2].actual, share);
  });

  it('reads throughput and error counts in their own units', () => {
    const [t, e] = thresholdVerdicts(result, ['throughput>=1rps', 'errors<1']);
    assert.equal(t.state, 'passed');
    assert.match(t.message, /^throughput was [\d,.]+\/s over /);
    assert.equal(e.state, 'failed');
    assert.match(e.message, new RegExp(`^errors was ${result.totals.errors.toLocaleString('en-US')} errors over `));
  });

  it('a cancelled or failed run judges nothing: every threshold errors, saying why, with what it had', () => {
    const cancelled = thresholdVerdicts({ ...result, status: 'cancelled' }, ['p99<100s']);
    assert.equal(cancelled[0].state, 'errored');
    assert.match(cancelled[0].message, /^the run was cancelled, so p99<100s was not judged \(p99 was .* so far\)$/);
    const failed = thresholdVerdicts({ ...result, status: 'failed', error: 'connect ECONNREFUSED' }, ['p99<100s']);
    assert.match(failed[0].message, /^the run failed: connect ECONNREFUSED, so p99<100s was not judged/);
  });
});
