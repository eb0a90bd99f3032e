/** Bad input is rejected before the run, naming the JSON path and what is wrong. */
import { strict as assert } from 'node:assert';
import { ConfigError } from '../../../src/engine/errors';
import { PoolErrors } from '../../../src/pools/problems';
import { simulate, type SimulationConfig } from '../../../src/simulate';
import { poolOf } from './helpers';

function base(): SimulationConfig {
  return { pool: poolOf(3), load: { model: 'open', rate: 100 }, requests: 100, seed: 1 };
}

/** Runs `simulate` and returns the ConfigError it must throw. */
function rejects(config: SimulationConfig): ConfigError {
  try {
    simulate(config);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected simulate to throw');
}

function paths(e: ConfigError): string[] {
  return e instanceof PoolErrors ? e.errors.map((x) => x.path) : [e.path];
}

describe('simulate: bad input', () => {
  it('rejects a lognormal whose p99 is below its median', () => {
    const c = base();
    c.pool.endpoints[1].sim = { service: { type: 'lognormal', medianMs: 10, p99Ms: 5 } };
    const e = rejects(c);
    assert.deepEqual(paths(e), ['pool.endpoints[1].sim.service.p99Ms']);
    assert.match(e.message, /pool\.endpoints\[1\]\.sim\.service\.p99Ms: must be at least medianMs \(10\), got 5/);
  });

  it('rejects a negative rate', () => {
    const e = rejects({ ...base(), load: { model: 'open', rate: -5 } });
    assert.deepEqual(paths(e), ['load.rate']);
    assert.match(e.message, /load\.rate: must be greater than 0, got -5/);
  });

  it('rejects zero slots, in an endpoint and in the pool defaults', () => {
    const c = base();
    c.pool.endpoints[2].sim = { slots: 0 };
    c.pool.simulation = { defaults: { slots: 0 } };
    const e = rejects(c);
    assert.deepEqual(paths(e).sort(), ['pool.endpoints[2].sim.slots', 'pool.simulation.defaults.slots']);
    assert.match(e.message, /must be at least 1, got 0/);
  });

  it('rejects an unknown strategy, listing the valid ones', () => {
    const e = rejects({ ...base(), strategy: 'fastest' as never });
    assert.deepEqual(paths(e), ['strategy']);
    assert.match(e.message, /unknown strategy "fastest" \(valid: round-robin, .*rendezvous.*\)/);
  });

  it('rejects a bad strategy option through the engine', () => {
    const e = rejects({ ...base(), strategy: 'p2c-peak-ewma', strategyOptions: { decayMs: -1 } });
    assert.match(e.message, /p2c-peak-ewma/);
  });

  it('rejects a scenario naming a missing endpoint', () => {
    const e = rejects({ ...base(), scenario: [{ at: 1000, endpoint: 's9', action: 'slow', value: 4 }] });
    assert.deepEqual(paths(e), ['scenario[0].endpoint']);
    assert.match(e.message, /scenario\[0\]\.endpoint: no endpoint "s9" in the pool \(endpoints: s1, s2, s3\)/);
  });

  it('rejects scenario steps that cannot happen in order', () => {
    const e = rejects({
      ...base(),
      scenario: [
        { at: 2000, endpoint: 's1', action: 'join' },
        { at: 1000, endpoint: 's2', action: 'add' },
        { at: 500, endpoint: 's3', action: 'slow', value: 0.5 },
      ],
    });
    assert.deepEqual(paths(e).sort(), ['scenario[0].action', 'scenario[1].action', 'scenario[2].value']);
  });

  it('rejects other impossible values with their paths, all at once', () => {
    const c = base();
    c.pool.endpoints[0].sim = { errorRate: 1.5, service: { type: 'exponential', meanMs: 0 } };
    const e = rejects({
      ...c,
      load: { model: 'closed', concurrency: 0 },
      durationMs: -1,
      key: { space: 0, skew: 'uniform' },
      seed: Number.NaN,
    });
    assert.deepEqual(paths(e).sort(), [
      'durationMs',
      'key.space',
      'load.concurrency',
      'pool.endpoints[0].sim.errorRate',
      'pool.endpoints[0].sim.service.meanMs',
      'seed',
    ]);
  });

  it('rejects an unknown distribution type and a bad Zipf exponent', () => {
    const c = base();
    c.pool.endpoints[0].sim = { service: { type: 'pareto' } as never };
    const e = rejects({ ...c, key: { space: 10, skew: { zipf: 0 } } });
    assert.deepEqual(paths(e).sort(), ['key.skew.zipf', 'pool.endpoints[0].sim.service.type']);
  });
});
