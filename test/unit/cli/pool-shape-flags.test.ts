/** The pool-shape flags: their parse, and every bad value named by its flag (the plan's checks with flag-names.ts). */
import { strict as assert } from 'node:assert';
import { withFlag } from '../../../src/cli/flag-names';
import { poolShapeFlags, type PoolShapeFlags } from '../../../src/cli/pool-shape-flags';
import { ConfigError } from '../../../src/engine/errors';
import { parsePool } from '../../../src/pools/parse';
import { PoolErrors } from '../../../src/pools/problems';
import type { RunSpec } from '../../../src/run/types';
import { planSimulation } from '../../../src/simulate';

const pool = parsePool({
  name: 'p',
  transport: 'http',
  strategy: 'weighted-round-robin',
  endpoints: [{ id: 'a', address: 'http://127.0.0.1:1', zone: 'eu-1' }, { id: 'b', address: 'http://127.0.0.1:2', zone: 'eu-2' }],
});

/** What the CLI prints for `flags`: the flag's own parse error, or the plan's problems with their flags. */
function messages(flags: PoolShapeFlags): string[] {
  try {
    planSimulation({ pool, load: { model: 'closed', concurrency: 1 }, requests: 10, ...poolShapeFlags(flags) } as RunSpec);
    return [];
  } catch (e) {
    if (e instanceof PoolErrors) return e.errors.map((x) => withFlag(x.path, x.problem));
    assert.ok(e instanceof ConfigError, String(e));
    return [e.message];
  }
}

describe('pool-shape flags', () => {
  it('read into the run config fields', () => {
    assert.deepEqual(poolShapeFlags({ overprovisioning: '1.2', localityWeights: 'eu-1=1, eu-2=2.5', panicThreshold: '30', slowStart: '30s:2:20' }), {
      overprovisioningFactor: 1.2, localityWeights: { 'eu-1': 1, 'eu-2': 2.5 }, panicThreshold: 30, slowStart: { window: '30s', aggression: 2, minWeightPercent: 20 },
    });
    assert.deepEqual(poolShapeFlags({ slowStart: '10' }), { slowStart: { window: 10_000 } });
    assert.deepEqual(poolShapeFlags({ slowStart: '500ms:0.5' }), { slowStart: { window: '500ms', aggression: 0.5 } });
    assert.deepEqual(poolShapeFlags({}), {});
    assert.deepEqual(messages({ overprovisioning: '1.2', localityWeights: 'eu-1=1,eu-2=2', panicThreshold: '30', slowStart: '30s:2:20' }), []);
  });

  const cases: [PoolShapeFlags, string][] = [
    [{ overprovisioning: '0' }, '--overprovisioning (overprovisioningFactor): must be greater than 0, got 0'],
    [{ overprovisioning: 'lots' }, '--overprovisioning: expected a number like 1.4, got "lots"'],
    [{ localityWeights: 'eu-1' }, '--locality-weights: expected zone=weight pairs separated by commas, like eu-1=1,eu-2=2, got "eu-1"'],
    [{ localityWeights: '=2' }, '--locality-weights: expected zone=weight pairs separated by commas, like eu-1=1,eu-2=2, got "=2"'],
    [{ localityWeights: 'eu-1=x' }, '--locality-weights: expected a weight for zone "eu-1", got "x"'],
    [{ localityWeights: 'eu-1=-1' }, '--locality-weights (localityWeights["eu-1"]): must be greater than 0, got -1'],
    [{ localityWeights: 'eu-1=1,eu-1=2' }, '--locality-weights: zone "eu-1" given twice'],
    [{ panicThreshold: '120' }, '--panic-threshold (panicThreshold): must be at most 100, got 120'],
    [{ panicThreshold: 'half' }, '--panic-threshold: expected a percent like 50, got "half"'],
    [{ slowStart: 'soon' }, '--slow-start: expected a duration like "3s", "250ms", "1m" or a number of milliseconds, got "soon"'],
    [{ slowStart: '0s' }, '--slow-start (slowStart.window): must be longer than 0, got "0s"'],
    [{ slowStart: '30s:x' }, '--slow-start: expected an aggression after the window (30s:1), got "x"'],
    [{ slowStart: '30s:0' }, '--slow-start (slowStart.aggression): must be greater than 0, got 0'],
    [{ slowStart: '30s:1:150' }, '--slow-start (slowStart.minWeightPercent): must be at most 100, got 150'],
    [{ slowStart: '30s:1:10:5' }, '--slow-start: expected window[:aggression[:minWeightPercent]], like 30s:1:10, got "30s:1:10:5"'],
  ];
  for (const [flags, message] of cases) {
    it(`rejects ${JSON.stringify(flags)}`, () => assert.deepEqual(messages(flags), [message]));
  }
});
