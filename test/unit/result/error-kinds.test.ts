import { strict as assert } from 'node:assert';
import { FOLDED_KINDS_COUNTED, foldErrorKinds, MAX_ERROR_KINDS } from '../../../src/result/error-kinds';
import { mergeResults } from '../../../src/result/merge';
import { assertValidRunResult } from '../../../src/result/validate';
import { recorder } from './fixtures';

/** `n` failed requests to endpoint `ep`, the i-th of kind `kind(i)`. */
function fail(r: ReturnType<typeof recorder>, ep: number, n: number, kind: (i: number) => string | undefined): void {
  for (let i = 0; i < n; i++) {
    r.startedAt(ep, i);
    r.finishedAt(ep, i, i + 1, 2, false, kind(i));
  }
}

describe('result/error-kinds: servers cannot make results grow with their error codes', () => {
  it('keeps 31 named kinds and other per endpoint, and says how many kinds it folded', () => {
    const r = recorder();
    fail(r, 0, 3000, (i) => `jsonrpc_${-32000 - i}`);
    const result = r.result('completed', 3000);
    assertValidRunResult(result);
    const a = result.endpoints[0];
    assert.equal(MAX_ERROR_KINDS, 32);
    assert.equal(Object.keys(a.errorsByKind).length, 32);
    assert.deepEqual(Object.keys(a.errorsByKind).slice(0, 3), ['jsonrpc_-32000', 'jsonrpc_-32001', 'jsonrpc_-32002']);
    assert.equal(a.errorsByKind.other, 3000 - 31);
    assert.equal(a.errorKindsFolded, 3000 - 31);
    assert.equal(a.errors, 3000);
    assert.equal(result.totals.errorKindsFolded, 3000 - 31);
    assert.deepEqual(result.totals.errorsByKind, a.errorsByKind);
    assert.ok(JSON.stringify(result.totals).length < 3000, `totals ${JSON.stringify(result.totals).length} characters`);
  });

  it('goes on counting kinds it already has, other included, once the cap is reached', () => {
    const r = recorder();
    fail(r, 0, 40, (i) => (i === 0 ? undefined : `k${i}`)); // the first is `other`, then k1..k39
    fail(r, 0, 3, () => 'k1');
    const a = r.result('completed', 100).endpoints[0];
    assert.equal(Object.keys(a.errorsByKind).length, 32);
    assert.equal(a.errorsByKind.k1, 4);
    assert.equal(a.errorsByKind.k31, 1);
    assert.equal(a.errorsByKind.k32, undefined);
    assert.equal(a.errorsByKind.other, 1 + 8); // its own, and k32..k39
    assert.equal(a.errorKindsFolded, 8);
  });

  it('has no errorKindsFolded while every kind fits', () => {
    const r = recorder();
    fail(r, 0, 31, (i) => `k${i}`);
    fail(r, 0, 5, () => undefined);
    const result = r.result('completed', 100);
    assert.equal(Object.keys(result.endpoints[0].errorsByKind).length, 32);
    assert.equal(result.endpoints[0].errorsByKind.other, 5);
    assert.equal('errorKindsFolded' in result.endpoints[0], false);
    assert.equal('errorKindsFolded' in result.totals, false);
  });

  it('caps the totals too, keeping the most frequent kinds', () => {
    const r = recorder();
    fail(r, 0, 20, (i) => `a${i}`); // a0..a19 once each
    fail(r, 1, 40, (i) => `b${i % 20}`); // b0..b19 twice each
    const result = r.result('completed', 100);
    assertValidRunResult(result);
    assert.equal(result.endpoints[0].errorKindsFolded, undefined);
    const kinds = Object.keys(result.totals.errorsByKind);
    assert.equal(kinds.length, 32);
    assert.ok(kinds.includes('b19') && kinds.includes('a0') && kinds.includes('a10') && !kinds.includes('a11'), kinds.join(' '));
    assert.equal(result.totals.errorsByKind.other, 9);
    assert.equal(result.totals.errorKindsFolded, 9);
    assert.equal(Object.values(result.totals.errorsByKind).reduce((s, n) => s + n, 0), result.totals.errors);
  });

  it('keeps no_endpoint among the totals when it is frequent', () => {
    const r = recorder();
    fail(r, 0, 40, (i) => `k${i}`);
    for (let i = 0; i < 5; i++) r.noEndpoint(50);
    const t = r.result('completed', 100).totals;
    assert.equal(t.errorsByKind.no_endpoint, 5);
    assert.equal(Object.keys(t.errorsByKind).length, 32);
    assert.equal(t.errorsByKind.other, 9 + 1); // k31..k39 folded in the endpoint, k30 in the totals
    assert.equal(t.errorKindsFolded, 10);
  });

  it('counts distinct folded kinds up to FOLDED_KINDS_COUNTED', () => {
    const r = recorder();
    fail(r, 0, 5000, (i) => `k${i}`);
    fail(r, 0, 10, (i) => `k${4000 + i}`); // seen before: not counted twice
    const a = r.result('completed', 5000).endpoints[0];
    assert.equal(a.errorKindsFolded, FOLDED_KINDS_COUNTED);
    assert.equal(a.errorsByKind.other, 5010 - 31);
  });

  it('caps what merging worker results adds up, and sums what the workers folded', () => {
    const parts = [0, 1].map((w) => {
      const r = recorder();
      fail(r, 0, 40, (i) => `w${w}_${i}`);
      return r.result('completed', 100);
    });
    const merged = mergeResults(...parts);
    assertValidRunResult(merged);
    for (const counts of [merged.endpoints[0].errorsByKind, merged.totals.errorsByKind]) {
      assert.equal(Object.keys(counts).length, 32);
      assert.equal(Object.values(counts).reduce((s, n) => s + n, 0), 80);
    }
    // each worker folded 9; the merge folds 31 of the 62 named kinds it got
    assert.equal(merged.endpoints[0].errorKindsFolded, 9 + 9 + 31);
    assert.equal(merged.totals.errorKindsFolded, 9 + 9 + 31);
  });

  it('leaves counts within the cap as they are', () => {
    const counts = { timeout: 3, other: 1, http_500: 2 };
    assert.equal(foldErrorKinds(counts).counts, counts);
    assert.equal(foldErrorKinds(counts).folded.size, 0);
  });
});
