/**
 * Hostile and careless input: random pool files, run configs and scenarios thrown at parsePool and
 * the run plans find only ConfigErrors that name a path (what the CLI shows as exit 2), never
 * another exception. Fixed seeds: a failure here is repeatable, never a flake.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ConfigError } from '../../../src/engine/errors';
import { STRATEGY_NAMES } from '../../../src/engine/types';
import { makePlan } from '../../../src/loadtest/plan';
import { parsePool } from '../../../src/pools/parse';
import { PoolErrors } from '../../../src/pools/problems';
import { parseScenario } from '../../../src/pools/scenario';
import { planSimulation } from '../../../src/simulate';

/** Runs `fn`; anything it throws must be a ConfigError whose every problem has a path (or is about the whole input). */
function onlyConfigErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw new Error(`not a ConfigError: ${(e as Error)?.stack ?? String(e)}`);
    const errors = e instanceof PoolErrors ? e.errors : [e];
    assert.ok(errors.length > 0);
    for (const err of errors) assert.equal(typeof err.path, 'string');
  }
}

const weird = fc.oneof(
  fc.constantFrom(0, -1, 1e300, -1e300, Number.NaN, Infinity, 1e9, 2 ** 31, 0.5, '', ' ', 'x', '10s', '1e9', null, true, [], {}, { a: 1 }),
  fc.anything({ maxDepth: 2 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> => fc.oneof(arb, weird);

const endpoint = fc.record(
  {
    id: maybe(fc.constantFrom('a', 'b', 'c', 'a\u001b[2J')),
    address: maybe(fc.constantFrom('http://127.0.0.1:1', 'http://127.0.0.1:2', '127.0.0.1:3', 'localhost')),
    weight: maybe(fc.double({ min: 0, max: 1e7, noNaN: true })),
    zone: maybe(fc.constant('eu-1')),
    sim: maybe(fc.record({ slots: maybe(fc.integer({ min: 0, max: 64 })), errorRate: maybe(fc.double({ min: 0, max: 1 })) }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);

const poolFile = fc.record(
  {
    name: maybe(fc.constant('p')),
    transport: maybe(fc.constantFrom('http', 'jsonrpc', 'grpc')),
    endpoints: maybe(fc.array(endpoint, { maxLength: 4 })),
    request: maybe(fc.record({ method: maybe(fc.constantFrom('GET', 'x.get')), path: maybe(fc.constant('/{seq}')), headers: maybe(fc.dictionary(fc.string(), fc.string())), body: weird }, { requiredKeys: [] })),
    strategy: maybe(fc.constantFrom(...STRATEGY_NAMES)),
    strategyOptions: weird,
    outlierDetection: weird,
    key: maybe(fc.oneof(fc.constantFrom('user-{seq % 10}', '{random 0}', '{nope', 'k'), fc.record({ space: weird, skew: weird }, { requiredKeys: [] }))),
    control: maybe(fc.constant('http://127.0.0.1:9')),
  },
  { requiredKeys: [] },
);

const step = fc.record(
  {
    at: maybe(fc.integer({ min: -10, max: 5000 })),
    endpoint: maybe(fc.constantFrom('a', 'b', 'zz')),
    action: maybe(fc.constantFrom('slow', 'fail', 'stall', 'leave', 'join', 'recover', 'remove', 'add')),
    value: weird,
  },
  { requiredKeys: [] },
);

const runConfig = fc.record(
  {
    strategy: maybe(fc.constantFrom(...STRATEGY_NAMES)),
    strategyOptions: weird,
    outlierDetection: weird,
    load: maybe(fc.oneof(
      fc.record({ model: fc.constant('open'), rate: weird, maxInFlight: weird }, { requiredKeys: ['model'] }),
      fc.record({ model: fc.constant('closed'), concurrency: weird, thinkTimeMs: weird }, { requiredKeys: ['model'] }),
    )),
    durationMs: weird,
    requests: weird,
    warmupMs: weird,
    timeoutMs: weird,
    intervalMs: weird,
    key: weird,
    seed: weird,
    workers: weird,
    scenario: maybe(fc.array(step, { maxLength: 4 })),
  },
  { requiredKeys: [] },
);

const valid = parsePool({ name: 'v', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1' }, { id: 'b', address: 'http://127.0.0.1:2', weight: 3 }] });

describe('hostile input: only ConfigErrors with paths', function () {
  this.timeout(60_000);

  it('parsePool, on random pool files', () => {
    fc.assert(fc.property(poolFile, (raw) => onlyConfigErrors(() => parsePool(raw))), { seed: 11, numRuns: 600 });
  });

  it('parseScenario, on random scenario files', () => {
    const file = fc.array(fc.record({ at: weird, endpoint: weird, slow: weird, fail: weird, stall: weird, leave: weird }, { requiredKeys: [] }), { maxLength: 4 });
    fc.assert(fc.property(fc.oneof(file, weird), (raw) => onlyConfigErrors(() => parseScenario(raw, ['a', 'b']))), { seed: 12, numRuns: 400 });
  });

  it('the load-test and simulation plans, on random configs over a valid pool, a random pool and no pool', () => {
    const pools = fc.oneof(fc.constant(valid), poolFile, weird);
    fc.assert(
      fc.property(runConfig, pools, (config, pool) => {
        const spec = { ...(config as object), pool } as never;
        onlyConfigErrors(() => makePlan(spec));
        onlyConfigErrors(() => planSimulation(spec));
      }),
      { seed: 13, numRuns: 800 },
    );
  });

  it('the plans, on anything at all', () => {
    fc.assert(fc.property(weird, (raw) => {
      onlyConfigErrors(() => makePlan(raw as never));
      onlyConfigErrors(() => planSimulation(raw as never));
    }), { seed: 14, numRuns: 300 });
  });
});
