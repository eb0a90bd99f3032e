/** The serializer's check of a panel's persisted state: whole and valid, or every problem named. */
import { strict as assert } from 'node:assert';
import { checkRestoredState, describeProblems, MAX_RING_SAMPLE_KEYS } from '../../../src/extension/panels/restore-check';
import { ringViewOf, simulationConfigOf } from '../../../src/extension/run-configs';
import { readLoadSettings } from '../../../src/extension/settings';
import { compareStrategies } from '../../../src/compare';
import { demoPool } from '../../../src/pools/demo-pool';
import { parsePool } from '../../../src/pools/parse';
import type { Comparison, RunResult } from '../../../src/result/types';
import { simulate } from '../../../src/simulate';

const settings = readLoadSettings((k) => ({ 'loadTest.duration': '1s', 'loadTest.concurrency': 4 } as Record<string, unknown>)[k]);
const pool = parsePool(demoPool('http'));
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function problems(state: unknown): string[] {
  const c = checkRestoredState(state);
  assert.equal(c.ok, false, 'expected the state to be refused');
  return (c as { problems: { path: string; message: string }[] }).problems.map((p) => `${p.path}: ${p.message}`);
}

describe('extension panel restore check', () => {
  let result: RunResult;
  let comparison: Comparison;
  before(async () => {
    result = simulate(simulationConfigOf(pool, 'round-robin', settings, 'closed'));
    comparison = await compareStrategies({ pool, strategies: ['round-robin', 'random'], mode: 'simulated', seed: 1, durationMs: 500 });
  });

  it('accepts what the extension itself persists: a result, a comparison, a ring', () => {
    for (const state of [{ view: 'result', payload: result }, { view: 'comparison', payload: comparison }, { view: 'ring', payload: ringViewOf(pool, 'maglev') }]) {
      const c = checkRestoredState(clone(state));
      assert.equal(c.ok, true, c.ok ? '' : describeProblems(c.problems));
    }
  });

  it('accepts two runs to compare, and refuses one whose run B is not a RunResult, naming the path', () => {
    const ok = checkRestoredState(clone({ view: 'runDiff', payload: { a: result, b: result, labels: { a: 'A', b: 'B' } } }));
    assert.equal(ok.ok, true, ok.ok ? '' : describeProblems(ok.problems));
    const broken = clone({ view: 'runDiff', payload: { a: result, b: { ...result, totals: 7 }, labels: { a: 'A', b: '' } } });
    const found = problems(broken);
    assert.ok(found.some((p) => p.startsWith('payload.b.totals: ')), found.join('; '));
    assert.ok(found.includes('payload.labels.b: expected a string of 1 to 2000 characters, got ""'), found.join('; '));
    assert.ok(!found.some((p) => p.startsWith('payload.a')), found.join('; '));
  });

  it('refuses what is not a state at all', () => {
    assert.deepEqual(problems(null), [': expected an object with "view" and "payload", got null']);
    assert.deepEqual(problems('result'), [': expected an object with "view" and "payload", got "result"']);
    assert.deepEqual(problems([]), [': expected an object with "view" and "payload", got []']);
    assert.deepEqual(problems({ view: 'chart', payload: {} }), ['view: expected "result", "comparison", "ring", "capacity" or "runDiff", got "chart"']);
    assert.deepEqual(problems({ view: 'ring', payload: ringViewOf(pool, 'maglev'), extra: 1 }), ['extra: is not a known field']);
  });

  it('refuses a tampered result, naming the JSON path (the result schema)', () => {
    const bad = clone(result);
    (bad.endpoints[1] as unknown as Record<string, unknown>).share = 7;
    assert.ok(problems({ view: 'result', payload: bad }).includes('payload.endpoints[1].share: must be <= 1'));
    const sums = clone(result);
    sums.totals.ok += 1;
    assert.match(problems({ view: 'result', payload: sums })[0], /^payload\.totals: ok \(\d+\) \+ errors \(\d+\) must equal requests \(\d+\)$/);
    assert.ok(problems({ view: 'result', payload: { ...clone(result), endpoints: 'all' } }).some((p) => p.startsWith('payload.endpoints: ')));
  });

  it('refuses a tampered comparison, naming the JSON path', () => {
    const bad = clone(comparison);
    delete (bad.results[0] as unknown as Record<string, unknown>).totals;
    assert.ok(problems({ view: 'comparison', payload: bad }).includes('payload.results[0].totals: is required'));
  });

  describe('ring views', () => {
    const ring = () => clone(ringViewOf(pool, 'consistent-hash'));
    const ringProblems = (edit: (r: Record<string, unknown>) => void) => {
      const r = ring() as unknown as Record<string, unknown>;
      edit(r);
      return problems({ view: 'ring', payload: r });
    };
    const eps = (r: Record<string, unknown>) => r.endpoints as Record<string, unknown>[];

    it('refuses a strategy that is not a hash strategy', () => {
      assert.deepEqual(ringProblems((r) => (r.strategy = 'round-robin')), ['payload.strategy: expected one of consistent-hash, bounded-load-hash, maglev, rendezvous, got "round-robin"']);
    });
    it('refuses options that are not an object', () => {
      assert.deepEqual(ringProblems((r) => (r.options = [1])), ['payload.options: expected an object, got [1]']);
    });
    it('refuses options the strategy rejects, with the engine\'s own message', () => {
      const [p] = ringProblems((r) => {
        r.strategy = 'maglev';
        r.options = { tableSize: 100 };
      });
      assert.match(p, /^payload\.options: .*tableSize.*prime/);
    });
    it('refuses an empty endpoint list and one of a silly size', () => {
      assert.deepEqual(ringProblems((r) => (r.endpoints = [])), ['payload.endpoints: expected an array of 1 to 1000 endpoints, got []']);
      assert.match(ringProblems((r) => (r.endpoints = Array.from({ length: 1001 }, (_, i) => ({ id: `e${i}`, address: 'a', weight: 1 }))))[0], /^payload\.endpoints: expected an array of 1 to 1000 endpoints/);
    });
    it('refuses a bad endpoint field by field', () => {
      assert.deepEqual(ringProblems((r) => ((r.endpoints as unknown[])[2] = 'x')), ['payload.endpoints[2]: expected an endpoint object, got "x"']);
      assert.deepEqual(ringProblems((r) => (eps(r)[1].weight = -1)), ['payload.endpoints[1].weight: expected a positive number, got -1']);
      assert.deepEqual(ringProblems((r) => (eps(r)[1].weight = '2')), ['payload.endpoints[1].weight: expected a positive number, got "2"']);
      assert.deepEqual(ringProblems((r) => (eps(r)[0].id = 7)), ['payload.endpoints[0].id: expected a string of 1 to 2000 characters, got 7']);
      assert.deepEqual(ringProblems((r) => (eps(r)[0].address = 'x'.repeat(2001))).map((p) => p.slice(0, 60)), ['payload.endpoints[0].address: expected a string of 1 to 2000 '.slice(0, 60)]);
      assert.deepEqual(ringProblems((r) => (eps(r)[3].id = eps(r)[0].id)), ['payload.endpoints[3].id: duplicate id "s1"']);
      assert.deepEqual(ringProblems((r) => (eps(r)[0].script = '<img>')), ['payload.endpoints[0].script: is not a known field']);
    });
    it('refuses sample keys that are not strings, or too many', () => {
      assert.deepEqual(ringProblems((r) => ((r.sampleKeys as unknown[])[5] = { k: 1 })), ['payload.sampleKeys[5]: expected a string of at most 2000 characters, got {"k":1}']);
      assert.match(ringProblems((r) => (r.sampleKeys = Array.from({ length: MAX_RING_SAMPLE_KEYS + 1 }, (_, i) => `k${i}`)))[0], /^payload\.sampleKeys: expected an array of at most 10000 keys/);
      assert.deepEqual(ringProblems((r) => (r.sampleKeys = 'k')), ['payload.sampleKeys: expected an array of at most 10000 keys, got "k"']);
    });
  });

  it('describes problems in one bounded line, whatever names a tampered state chose', () => {
    const bad = { view: 'ring', payload: { ...ringViewOf(pool, 'maglev'), ['\n'.repeat(5) + 'k'.repeat(100_000)]: 1, a: 1, b: 2, c: 3 } };
    const line = describeProblems(checkRestoredState(bad).ok ? [] : (checkRestoredState(bad) as { problems: { path: string; message: string }[] }).problems);
    assert.ok(!line.includes('\n'));
    assert.ok(line.length < 1400, `${line.length} characters`);
    assert.match(line, /\(and 1 more\)$/);
  });
});
