import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDuration, parseDuration } from '../../../src/pools/duration';
import { PoolErrors } from '../../../src/pools/problems';
import { loadScenarioFile, parseScenario } from '../../../src/pools/scenario';

const IDS = ['s1', 's2', 's3'];

function messages(json: unknown): string[] {
  try {
    parseScenario(json, IDS);
  } catch (e) {
    assert.ok(e instanceof PoolErrors);
    return e.errors.map((x) => x.message);
  }
  assert.fail('expected the scenario to be rejected');
}

describe('parseDuration', () => {
  const good: [unknown, number][] = [['3s', 3000], ['250ms', 250], ['1m', 60_000], ['1.5s', 1500], ['1m30s', 90_000], ['2h', 7_200_000], ['.5s', 500], [' 10ms ', 10], [1200, 1200], [0, 0]];
  for (const [text, ms] of good) it(`reads ${JSON.stringify(text)} as ${ms} ms`, () => assert.equal(parseDuration(text, 'x'), ms));

  for (const bad of ['3', '3 s', 's', '-1s', '1d', '', '1s2', null, true, -5, Infinity, NaN]) {
    it(`rejects ${String(typeof bad === 'string' ? JSON.stringify(bad) : bad)} naming the path`, () => {
      assert.throws(() => parseDuration(bad, 'faults[0].at'), (e: Error) => e.message.startsWith('faults[0].at: expected a duration'));
    });
  }

  it('formats back', () => {
    assert.equal(formatDuration(1500), '1.5s');
    assert.equal(formatDuration(250), '250ms');
  });
});

describe('parseScenario', () => {
  it('reads the object form, every action, sorted by time (stable for ties)', () => {
    const steps = parseScenario({
      faults: [
        { at: '5s', endpoint: 's3', recover: true },
        { at: '3s', endpoint: 's2', slow: 10 },
        { at: '1s', endpoint: 's1', fail: 0.5 },
        { at: 4000, endpoint: 's1', stall: '1s' },
        { at: '3s', endpoint: 's1', leave: true },
        { at: '6s', endpoint: 's1', join: true },
        { at: '7s', endpoint: 's2', remove: true },
        { at: '8s', endpoint: 's2', add: true },
      ],
    }, IDS);
    assert.deepEqual(steps, [
      { at: 1000, endpoint: 's1', action: 'fail', value: 0.5 },
      { at: 3000, endpoint: 's2', action: 'slow', value: 10 },
      { at: 3000, endpoint: 's1', action: 'leave' },
      { at: 4000, endpoint: 's1', action: 'stall', value: 1000 },
      { at: 5000, endpoint: 's3', action: 'recover' },
      { at: 6000, endpoint: 's1', action: 'join' },
      { at: 7000, endpoint: 's2', action: 'remove' },
      { at: 8000, endpoint: 's2', action: 'add' },
    ]);
  });

  it('reads coldJoin with its figures or the defaults (5x, warm after 10 s)', () => {
    assert.deepEqual(parseScenario([{ at: '1s', endpoint: 's2', coldJoin: { factor: 8, for: '4s' } }, { at: '2s', endpoint: 's3', coldJoin: true }], IDS), [
      { at: 1000, endpoint: 's2', action: 'coldJoin', value: 8, forMs: 4000 },
      { at: 2000, endpoint: 's3', action: 'coldJoin', value: 5, forMs: 10_000 },
    ]);
  });

  it('reads the array form, with paths [i]', () => {
    assert.deepEqual(parseScenario([{ at: '2s', endpoint: 's2', slow: 3 }], IDS), [{ at: 2000, endpoint: 's2', action: 'slow', value: 3 }]);
    assert.deepEqual(messages([{ at: '2s', endpoint: 's2', slow: 0.5 }]), ['[0].slow: must be at least 1, got 0.5']);
  });

  const cases: [string, unknown, string[]][] = [
    ['an endpoint not in the pool', { faults: [{ at: '1s', endpoint: 's1', slow: 2 }, { at: '2s', endpoint: 's9', leave: true }] }, ['faults[1].endpoint: no endpoint "s9" in the pool (endpoints: s1, s2, s3)']],
    ['no action', { faults: [{ at: '1s', endpoint: 's1' }] }, ['faults[0]: expected exactly one action of slow, fail, stall, leave, join, recover, remove, add, coldJoin, got none']],
    ['two actions', { faults: [{ at: '1s', endpoint: 's1', slow: 2, fail: 0.1 }] }, ['faults[0]: expected exactly one action of slow, fail, stall, leave, join, recover, remove, add, coldJoin, got slow and fail']],
    ['a bad time', { faults: [{ at: 'soon', endpoint: 's1', leave: true }] }, ['faults[0].at: expected a duration like "3s", "250ms", "1m" or a number of milliseconds, got "soon"']],
    ['a missing time', { faults: [{ endpoint: 's1', leave: true }] }, ['faults[0].at: expected a duration like "3s", "250ms", "1m" or a number of milliseconds, got nothing']],
    ['a fail share above 1', { faults: [{ at: 0, endpoint: 's1', fail: 50 }] }, ['faults[0].fail: must be at most 1, got 50']],
    ['a zero stall', { faults: [{ at: 0, endpoint: 's1', stall: 0 }] }, ['faults[0].stall: must be greater than 0, got 0']],
    ['leave: false', { faults: [{ at: 0, endpoint: 's1', leave: false }] }, ['faults[0].leave: expected true, got false']],
    ['an unknown field', { faults: [{ at: 0, endpoint: 's1', leave: true, why: 'x' }] }, ['faults[0].why: unknown field (known: at, endpoint, slow, fail, stall, leave, join, recover, remove, add, coldJoin)']],
    ['an unknown top-level field', { faults: [], steps: [] }, ['steps: unknown field (known: description, faults)']],
    ['no faults', { steps: [] }, ['steps: unknown field (known: description, faults)', 'faults: expected an array of faults or { "faults": [...] }, got nothing']],
    ['a step that is not an object', ['s1 slow'], ['[0]: expected an object, got "s1 slow"']],
    ['a coldJoin factor below 1', [{ at: 0, endpoint: 's1', coldJoin: { factor: 0.5 } }], ['[0].coldJoin.factor: must be at least 1, got 0.5']],
    ['a coldJoin warm-up of 0', [{ at: 0, endpoint: 's1', coldJoin: { for: '0s' } }], ['[0].coldJoin.for: must be greater than 0, got 0']],
    ['a coldJoin warm-up that is no duration', [{ at: 0, endpoint: 's1', coldJoin: { for: 'long' } }], ['[0].coldJoin.for: expected a duration like "3s", "250ms", "1m" or a number of milliseconds, got "long"']],
    ['a coldJoin with an unknown field', [{ at: 0, endpoint: 's1', coldJoin: { factor: 2, warm: '1s' } }], ['[0].coldJoin.warm: unknown field (known: factor, for)']],
    ['coldJoin: false', [{ at: 0, endpoint: 's1', coldJoin: false }], ['[0].coldJoin: expected an object, got false']],
    ['a non-string endpoint', [{ at: 0, endpoint: 2, leave: true }], ['[0].endpoint: expected a non-empty string, got 2']],
  ];
  for (const [what, json, expected] of cases) it(`rejects ${what}`, () => assert.deepEqual(messages(json), expected));

  it('lists every problem of every step', () => {
    assert.deepEqual(messages([{ at: 'x', endpoint: 's9', slow: 2 }, { at: '1s', endpoint: 's1' }]).map((m) => m.split(':')[0]), ['[0].at', '[0].endpoint', '[1]']);
  });

  it('loadScenarioFile reads a file and names it in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
    try {
      const file = join(dir, 'faults.json');
      writeFileSync(file, JSON.stringify({ faults: [{ at: '3s', endpoint: 's2', slow: 10 }] }));
      assert.deepEqual(loadScenarioFile(file, IDS), [{ at: 3000, endpoint: 's2', action: 'slow', value: 10 }]);
      writeFileSync(file, JSON.stringify({ faults: [{ at: '3s', endpoint: 's7', slow: 10 }] }));
      assert.throws(() => loadScenarioFile(file, IDS), (e: PoolErrors) => e.source === file && e.path === 'faults[0].endpoint');
      writeFileSync(file, '{ "faults": [ } ');
      assert.throws(() => loadScenarioFile(file, IDS), (e: Error) => e.message.startsWith(`${file}: invalid JSON at line 1 column 15`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
