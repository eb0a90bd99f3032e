import * as assert from 'node:assert/strict';
import { makePlan } from '../../../src/loadtest/plan';
import { balancingOptions } from '../../../src/pools/parse-balancing';
import { parsePool, PoolErrors } from '../../../src/pools/parse';
import { runConfigOf } from '../../../src/run/describe';
import { planSimulation } from '../../../src/simulate';

type Json = Record<string, unknown>;

const base = (): Json => ({
  name: 'tiers',
  transport: 'http',
  strategy: 'weighted-round-robin',
  endpoints: [
    { id: 'a', address: 'http://127.0.0.1:1', zone: 'eu-1' },
    { id: 'b', address: 'http://127.0.0.1:2', zone: 'eu-2', priority: 1 },
  ],
});

function problems(change: (pool: Json) => void): string[] {
  const pool = base();
  change(pool);
  try {
    parsePool(pool);
  } catch (e) {
    assert.ok(e instanceof PoolErrors, `expected PoolErrors, got ${e}`);
    return e.errors.map((x) => x.message);
  }
  assert.fail('expected the pool to be rejected');
}

describe('pool files: priorities, localities, panic threshold, slow start', () => {
  const full = (): Json => ({
    ...base(),
    overprovisioningFactor: 1.2,
    localityWeights: { 'eu-1': 1, 'eu-2': 2 },
    panicThreshold: 30,
    slowStart: { window: '30s', aggression: 2, minWeightPercent: 5 },
  });

  it('keeps every field as written and gives the engine the window in ms', () => {
    const pool = parsePool(full());
    assert.equal(pool.endpoints[1].priority, 1);
    assert.equal(pool.endpoints[0].priority, undefined);
    assert.deepEqual(pool.slowStart, { window: '30s', aggression: 2, minWeightPercent: 5 });
    assert.deepEqual(balancingOptions(pool), {
      overprovisioningFactor: 1.2, localityWeights: { 'eu-1': 1, 'eu-2': 2 }, panicThreshold: 30,
      slowStart: { windowMs: 30_000, aggression: 2, minWeightPercent: 5 },
    });
  });

  it('the plan keeps them, a run overrides them field by field, and the RunConfig records them', () => {
    const pool = parsePool(full());
    for (const plan of [makePlan, planSimulation]) {
      const p = plan({ pool, load: { model: 'closed', concurrency: 1 }, durationMs: 1000, panicThreshold: 0 });
      assert.deepEqual(p.balancing, {
        overprovisioningFactor: 1.2, localityWeights: { 'eu-1': 1, 'eu-2': 2 }, panicThreshold: 0,
        slowStart: { window: '30s', aggression: 2, minWeightPercent: 5 },
      });
      const config = runConfigOf(p);
      assert.equal(config.panicThreshold, 0);
      assert.deepEqual(config.slowStart, { window: '30s', aggression: 2, minWeightPercent: 5 });
    }
  });

  it('DNS SRV discovery turns priority levels on from the start (its priorities arrive later)', () => {
    assert.deepEqual(balancingOptions(undefined, { discovery: { type: 'dns-srv' } }), { panicThreshold: 50 });
    assert.deepEqual(balancingOptions(undefined, { discovery: { type: 'etcd' } }), {});
  });

  const cases: [string, (p: Json) => void, string][] = [
    ['a negative priority', (p) => ((p.endpoints as Json[])[0].priority = -1), 'endpoints[0].priority: must be at least 0, got -1'],
    ['a fractional priority', (p) => ((p.endpoints as Json[])[0].priority = 0.5), 'endpoints[0].priority: expected a whole number, got 0.5'],
    ['overprovisioningFactor 0', (p) => (p.overprovisioningFactor = 0), 'overprovisioningFactor: must be greater than 0, got 0'],
    ['panicThreshold above 100', (p) => (p.panicThreshold = 101), 'panicThreshold: must be at most 100, got 101'],
    ['a zero locality weight', (p) => (p.localityWeights = { 'eu-1': 0 }), 'localityWeights["eu-1"]: must be greater than 0, got 0'],
    ['empty localityWeights', (p) => (p.localityWeights = {}), 'localityWeights: expected at least one zone and its weight'],
    ['slowStart without a window', (p) => (p.slowStart = {}), 'slowStart.window: required: how long a joining endpoint ramps up, like "30s"'],
    ['slowStart window "soon"', (p) => (p.slowStart = { window: 'soon' }), 'slowStart.window: expected a duration like "3s", "250ms", "1m" or a number of milliseconds, got "soon"'],
    ['slowStart window 0', (p) => (p.slowStart = { window: '0s' }), 'slowStart.window: must be longer than 0, got "0s"'],
    ['slowStart aggression 0', (p) => (p.slowStart = { window: '1s', aggression: 0 }), 'slowStart.aggression: must be greater than 0, got 0'],
    ['slowStart minWeightPercent 200', (p) => (p.slowStart = { window: '1s', minWeightPercent: 200 }), 'slowStart.minWeightPercent: must be at most 100, got 200'],
    ['an unknown slowStart field', (p) => (p.slowStart = { window: '1s', windowMs: 5 }), 'slowStart.windowMs: unknown field (known: window, aggression, minWeightPercent)'],
    [
      'slowStart with a strategy that ignores weights',
      (p) => ((p.strategy = 'round-robin'), (p.slowStart = { window: '1s' })),
      'slowStart: round-robin does not pick by weight, so it cannot ramp (slow start works with weighted-round-robin, weighted-random, least-connections, least-response-time, least-request)',
    ],
  ];
  for (const [what, change, message] of cases) {
    it(`rejects ${what}`, () => assert.deepEqual(problems(change), [message]));
  }
});
