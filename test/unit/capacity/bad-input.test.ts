/** Every capacity field checked before any step, each problem with its path; one rejection each. */
import { strict as assert } from 'node:assert';
import { findCapacity, parseSlo, type CapacityConfig } from '../../../src/capacity';
import { ConfigError } from '../../../src/engine/errors';
import { demoPool } from '../../../src/pools/demo-pool';
import { parsePool } from '../../../src/pools/parse';

const pool = parsePool(demoPool());
const base: CapacityConfig = { pool, strategies: ['round-robin'], slo: 'p99<100ms' };

async function rejects(config: unknown, path: string, what: RegExp): Promise<void> {
  let steps = 0;
  await assert.rejects(findCapacity(config as CapacityConfig, { onProgress: () => steps++ }), (e: unknown) => {
    assert.ok(e instanceof ConfigError, String(e));
    assert.ok(e.message.includes(`${path}: `), `wanted path ${path} in ${e.message}`);
    assert.match(e.message, what);
    return true;
  });
  assert.equal(steps, 0, 'no step ran');
}

describe('capacity: bad input', () => {
  it('slo: throughput is rejected (the search sets it)', () => rejects({ ...base, slo: 'throughput<100' }, 'slo', /throughput is what the search sets/));
  it('slo: max and mean are rejected (no rank error)', () => rejects({ ...base, slo: 'p99<100ms,max<1s' }, 'slo', /max cannot be measured/));
  it('slo: a lower bound is rejected', () => rejects({ ...base, slo: 'p99>100ms' }, 'slo', /an SLO is an upper bound/));
  it('slo: an error count is rejected', () => rejects({ ...base, slo: 'errors<5' }, 'slo', /errors need a share/));
  it('slo: unreadable text names the clause', () => rejects({ ...base, slo: 'p98<1ms' }, 'slo', /cannot read "p98<1ms"/));
  it('slo: missing', () => rejects({ ...base, slo: undefined }, 'slo', /expected clauses/));
  it('strategies: unknown name', () => rejects({ ...base, strategies: ['round-robin', 'fastest'] }, 'strategies[1]', /unknown strategy "fastest"/));
  it('strategies and variants both given', () => rejects({ ...base, variants: [{ strategy: 'random' }] }, 'variants', /not both/));
  it('variants: a duplicate name', () => rejects({ pool, slo: 'p99<1s', variants: [{ strategy: 'random', name: 'a' }, { strategy: 'round-robin', name: 'a' }] }, 'variants[1].name', /is used by an earlier variant/));
  it('variants: an unknown field', () => rejects({ pool, slo: 'p99<1s', variants: [{ strategy: 'random', weight: 2 }] }, 'variants[0].weight', /unknown field/));
  it('variants: a client policy, which no step would apply', () =>
    rejects({ pool, slo: 'p99<1s', variants: [{ strategy: 'random', policy: { retry: { maxAttempts: 2 } } }] }, 'variants[0].policy', /do not apply a client policy yet/));
  it('variants: a bad strategy option fails before any step', () => rejects({ pool, slo: 'p99<1s', variants: [{ strategy: 'maglev', strategyOptions: { tableSize: 65536 } }] }, 'maglev', /tableSize/));
  it('precision: out of range', () => rejects({ ...base, precision: 0 }, 'precision', /at least 0.001/));
  it('minRate: not positive', () => rejects({ ...base, minRate: -1 }, 'minRate', /greater than 0/));
  it('maxRate: below minRate', () => rejects({ ...base, minRate: 100, maxRate: 50 }, 'maxRate', /above minRate/));
  it('tailSamples: not whole', () => rejects({ ...base, tailSamples: 10.5 }, 'tailSamples', /whole number/));
  it('live: not a boolean', () => rejects({ ...base, live: 'yes' }, 'live', /true or false/));
  it('an unknown field', () => rejects({ ...base, rate: 5 }, 'rate', /unknown field/));

  it('parseSlo names the flag it was given', () => {
    assert.throws(() => parseSlo('throughput>1', '--slo'), /^ConfigError: --slo: /);
    assert.deepEqual(parseSlo('p99<=0.1s, errors<1%'), [
      { text: 'p99<=0.1s', metric: 'p99', strict: false, value: 100 },
      { text: 'errors<1%', metric: 'errors', strict: true, value: 0.01 },
    ]);
  });
});
