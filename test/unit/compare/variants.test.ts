/** compareStrategies with variants (simulated): names label rows, a policy variant's amplification and caller errors, bad input by path. */
import { strict as assert } from 'node:assert';
import { compareStrategies, formatComparison, type VariantInput } from '../../../src/compare';
import { PoolErrors } from '../../../src/pools/problems';
import { junitSuitesOf } from '../../../src/run/junit';
import type { VirtualServerConfig } from '../../../src/pools/types';
import { assertValidComparison } from '../../../src/result/validate';
import { poolOf } from '../simulate/helpers';

const fast: VirtualServerConfig = { slots: 50, service: { type: 'constant', ms: 5 } };

/** Five servers, s3 failing every request: what retries on another endpoint buy is the whole fifth. */
function failingPool(): ReturnType<typeof poolOf> {
  const pool = poolOf(5, fast);
  pool.endpoints[2].sim = { ...fast, errorRate: 1 };
  return pool;
}

const VARIANTS: VariantInput[] = [
  { strategy: 'round-robin' },
  { name: 'rr+retry', strategy: 'round-robin', policy: { retry: { maxAttempts: 3, retryOn: ['http_500'], otherEndpoint: true, initialBackoff: '1ms' } } },
  { name: 'p2c', strategy: 'p2c-peak-ewma', strategyOptions: { decayMs: 2000 } },
];

describe('compareStrategies with variants (simulated)', function () {
  this.timeout(20_000);

  it('labels rows by name, applies each policy, and never ranks the failing variant best', async () => {
    const progress: string[] = [];
    const c = await compareStrategies({
      pool: failingPool(), variants: VARIANTS, load: { model: 'open', rate: 1000 }, requests: 10_000, seed: 1,
      onProgress: (p) => progress.push(`${p.index}/${p.total} ${p.name}`),
    });
    assertValidComparison(JSON.parse(JSON.stringify(c)));
    assert.deepEqual(progress, ['0/3 round-robin', '1/3 rr+retry', '2/3 p2c']);
    const by = new Map(c.rows.map((r) => [r.name, r]));
    const plain = by.get('round-robin')!;
    const retry = by.get('rr+retry')!;
    assert.equal(retry.strategy, 'round-robin');
    assert.equal(by.get('p2c')!.strategy, 'p2c-peak-ewma');
    // Round-robin sends s3 its fifth, exactly; retries on another endpoint recover nearly all of it.
    assert.equal(plain.errorRate, 0.2);
    assert.equal(plain.amplification, 1);
    assert.ok(retry.errorRate < 0.001, `caller errors with retries ${retry.errorRate}`);
    // 1 + s3's share of first attempts: a fifth, and a little more, since each retry also advances round-robin's counter.
    assert.ok(retry.amplification! >= 1.18 && retry.amplification! <= 1.27, `amplification ${retry.amplification}`);
    // The servers' view still shows s3's failures: about its fifth of the first attempts over 1.2 attempts each.
    assert.ok(retry.attemptErrorRate! > 0.15 && retry.attemptErrorRate! < 0.2, `attempt errors ${retry.attemptErrorRate}`);
    // Whatever p99 says, plain round-robin fails 20 points more than the retrying variant: never best.
    assert.equal(plain.failsMore, true);
    assert.notEqual(c.rows[0].name, 'round-robin');
    assert.equal(c.rows[0].best, true);
    // The rows and their results stay aligned, and each run recorded its own policy (or none).
    c.rows.forEach((r, i) => assert.equal(c.results[i].config.strategy, r.strategy));
    assert.equal((c.results[c.rows.indexOf(retry)].config.policy as { retry: { maxAttempts: number } }).retry.maxAttempts, 3);
    assert.equal(c.results[c.rows.indexOf(plain)].config.policy, undefined);

    const text = formatComparison(c);
    assert.match(text, /caller error rate/);
    assert.match(text, /attempt error rate/);
    assert.match(text, /amplification/);
    assert.match(text, /rr\+retry \(round-robin\)/);
    assert.match(text, /round-robin \(fails more\)/);
    assert.match(text, /within 0\.5 percentage points of the lowest/);
    assert.doesNotMatch(text, /^note \(/m, 'a simulation applies the policy: nothing to note');
    // JUnit suites (`--junit`) are named by variant, so two round-robin variants stay apart.
    assert.deepEqual(junitSuitesOf(c).map((suite) => suite.name).sort(), ['simulation p2c (p2c-peak-ewma) on test', 'simulation round-robin on test', 'simulation rr+retry (round-robin) on test']);
    const line = text.split('\n').find((l) => l.includes('rr+retry'))!;
    assert.match(line, /\b1\.2\d\dx\b/, `amplification printed: ${line}`);
  });

  it('rejects a bad variant by its path before any run', async () => {
    const bad: VariantInput[] = [{ strategy: 'round-robin' }, { name: 'x', strategy: 'round-robin', policy: { retry: { maxAttempts: 9 } } }];
    await assert.rejects(compareStrategies({ pool: failingPool(), variants: bad }), (e: unknown) => {
      assert.ok(e instanceof PoolErrors);
      assert.match(String((e as Error).message), /variants\[1\]\.policy\.retry\.maxAttempts: must be 2\.\.5 .*got 9/);
      return true;
    });
  });

  it('rejects duplicate names, an unknown strategy, and strategies with variants', async () => {
    await assert.rejects(compareStrategies({ pool: failingPool(), variants: [{ strategy: 'random' }, { strategy: 'random' }] }), /variants\[1\]\.strategy: "random" is used by an earlier variant/);
    await assert.rejects(compareStrategies({ pool: failingPool(), variants: [{ strategy: 'fastest' }] }), /variants\[0\]\.strategy: unknown strategy "fastest"/);
    await assert.rejects(compareStrategies({ pool: failingPool(), variants: [{ strategy: 'random' }], strategies: ['random'] }), /variants: give strategies or variants, not both/);
    await assert.rejects(compareStrategies({ pool: failingPool(), variants: [] }), /variants: expected a non-empty list of variants/);
  });
});
