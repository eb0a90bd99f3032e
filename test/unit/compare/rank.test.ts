/** The best rule (compare/rank.ts): never a variant that fails more requests than another by more than 0.5 pp. */
import { strict as assert } from 'node:assert';
import { BEST_ERROR_MARGIN, rank } from '../../../src/compare';
import type { ComparisonRow, RunResult } from '../../../src/result/types';

function row(name: string, p99: number, errorRate: number, extra: Partial<ComparisonRow> = {}): ComparisonRow {
  return { strategy: 'round-robin', name, throughput: 100, p50: p99 / 2, p99, p999: p99 * 2, errors: Math.round(errorRate * 10_000), errorRate, maxShareRatio: 1, ...extra };
}

/** Ranks rows; each row's "result" is a stand-in carrying its name, to check the two stay aligned. */
function ranked(rows: ComparisonRow[]): { names: string[]; best: string[]; failsMore: string[] } {
  const results = rows.map((r) => ({ name: r.name }) as unknown as RunResult);
  const out = rank(rows, results);
  assert.deepEqual(out.results.map((r) => (r as unknown as { name: string }).name), out.rows.map((r) => r.name), 'results follow their rows');
  return {
    names: out.rows.map((r) => r.name!),
    best: out.rows.filter((r) => r.best).map((r) => r.name!),
    failsMore: out.rows.filter((r) => r.failsMore).map((r) => r.name!),
  };
}

describe('compare: the best rule', () => {
  it('is half a percentage point', () => assert.equal(BEST_ERROR_MARGIN, 0.005));

  it('never crowns the lowest p99 when it fails more than 0.5 pp more requests than another', () => {
    const r = ranked([row('fast-but-failing', 10, 0.1), row('retrying', 40, 0.001), row('slow', 90, 0.002)]);
    assert.deepEqual(r.best, ['retrying']);
    assert.deepEqual(r.names, ['retrying', 'slow', 'fast-but-failing']);
    assert.deepEqual(r.failsMore, ['fast-but-failing']);
  });

  it('ranks by p99 alone within the margin', () => {
    const r = ranked([row('a', 30, 0.004), row('b', 20, 0.0), row('c', 10, 0.005)]);
    assert.deepEqual(r.names, ['c', 'b', 'a']);
    assert.deepEqual(r.best, ['c']);
    assert.deepEqual(r.failsMore, []);
  });

  it('ties at exactly 0.5 pp stay eligible; a hair more does not', () => {
    // 1.5 % - 1.0 % is 0.005000000000000001 in floating point: still exactly half a point.
    assert.deepEqual(ranked([row('edge', 10, 0.015), row('low', 50, 0.01)]).best, ['edge']);
    assert.deepEqual(ranked([row('over', 10, 0.01501), row('low', 50, 0.01)]).best, ['low']);
  });

  it('breaks p99 ties by error rate, then throughput, then name', () => {
    assert.deepEqual(ranked([row('x', 10, 0.003), row('y', 10, 0.001)]).names, ['y', 'x']);
    assert.deepEqual(ranked([row('x', 10, 0.001, { throughput: 90 }), row('y', 10, 0.001, { throughput: 110 })]).names, ['y', 'x']);
    assert.deepEqual(ranked([row('b', 10, 0.001), row('a', 10, 0.001)]).names, ['a', 'b']);
  });

  it('when every variant fails alike, the lowest p99 is best', () => {
    const r = ranked([row('a', 30, 0.5), row('b', 20, 0.5)]);
    assert.deepEqual(r.best, ['b']);
    assert.deepEqual(r.failsMore, []);
  });

  it('measures the margin against completed rows only; partial rows come last and are never best', () => {
    // A cancelled row with no errors must not make the completed ones "fail more".
    const r = ranked([row('cancelled', 5, 0, { status: 'cancelled' }), row('a', 30, 0.02), row('b', 20, 0.021)]);
    assert.deepEqual(r.names, ['b', 'a', 'cancelled']);
    assert.deepEqual(r.best, ['b']);
    assert.deepEqual(r.failsMore, []);
    assert.deepEqual(ranked([row('only', 5, 0, { status: 'failed' })]).best, []);
  });

  it('re-ranking a ranked list gives the same marks', () => {
    const first = rank([row('f', 10, 0.1), row('r', 40, 0.001)], [{} as RunResult, {} as RunResult]);
    const again = rank(first.rows, first.results);
    assert.deepEqual(again.rows, first.rows);
  });
});
