import { strict as assert } from 'node:assert';
import Ajv from 'ajv';
import { parsePool, PoolErrors } from '../../../src/pools/parse';
import { MAX_THRESHOLDS } from '../../../src/pools/parse-thresholds';
import { poolSchema } from '../../../src/pools/schema';

const pool = (thresholds: unknown) => ({ name: 'api', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:8081' }], thresholds });

function problems(thresholds: unknown): string[] {
  try {
    parsePool(pool(thresholds));
  } catch (e) {
    assert.ok(e instanceof PoolErrors, String(e));
    return e.errors.map((x) => x.message);
  }
  return assert.fail('expected the pool to be rejected');
}

describe('parsePool: thresholds', () => {
  it('keeps the clauses as written (trimmed), in order', () => {
    assert.deepEqual(parsePool(pool(['p99<200ms', ' errors < 1% ', 'throughput>=500rps', 'p99.9<1s'])).thresholds, ['p99<200ms', 'errors < 1%', 'throughput>=500rps', 'p99.9<1s']);
    assert.equal(parsePool({ ...pool([]), thresholds: undefined }).thresholds, undefined);
  });

  it('rejects a value that is not a list', () => {
    assert.deepEqual(problems('p99<200ms'), ['thresholds: expected a list of clauses like ["p99<200ms", "errors<1%"], got "p99<200ms"']);
  });

  it('rejects a clause that is not a string, with its index', () => {
    assert.deepEqual(problems(['p99<200ms', 200]), ['thresholds[1]: expected a clause like "p99<200ms", got 200']);
  });

  it('rejects an unreadable clause, with the language\'s own message', () => {
    assert.deepEqual(problems(['latency<2ms']), [
      'thresholds[0]: cannot read "latency<2ms": expected METRIC OP VALUE with METRIC one of p50, p90, p99, p999, max, mean, errors, throughput (e.g. "p99>200ms", "errors>1%")',
    ]);
  });

  it('rejects a latency without a unit and a throughput in %', () => {
    assert.deepEqual(problems(['p99<200', 'throughput>5%']), ['thresholds[0]: "p99<200": latency needs a unit, ms or s', 'thresholds[1]: "throughput>5%": throughput takes rps or no unit']);
  });

  it('rejects a duplicate (two tests of one name)', () => {
    assert.deepEqual(problems(['p99<200ms', ' p99<200ms']), ['thresholds[1]: duplicate threshold "p99<200ms" (also thresholds[0])']);
  });

  it(`rejects more than ${MAX_THRESHOLDS}`, () => {
    assert.deepEqual(problems(Array.from({ length: MAX_THRESHOLDS + 1 }, (_, i) => `p99<${i + 1}ms`)), [`thresholds: at most ${MAX_THRESHOLDS} thresholds, got ${MAX_THRESHOLDS + 1}`]);
  });

  it('the JSON Schema (editor squiggles) accepts what parsePool accepts and flags an unreadable clause', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(poolSchema);
    assert.ok(validate(pool(['p99<200ms', 'errors<1%', 'p99.9 <= 1.5s'])), JSON.stringify(validate.errors));
    assert.equal(validate(pool(['latency<2ms'])), false);
    assert.equal(validate(pool(['p99<200ms', 'p99<200ms'])), false);
  });
});
