/**
 * Variants files and their policy sections: every field checked with its path before anything
 * is exported, one rejection each, all problems at once.
 */
import assert from 'node:assert/strict';
import { exportConfig, parseVariants, POLICY_DEFAULTS, poolVariant } from '../../src/config-export';
import { parsePool } from '../../src/pools/parse';
import { PoolErrors } from '../../src/pools/problems';

/** The messages of the problems `raw` has, or [] when it parses. */
function problems(raw: unknown): string[] {
  try {
    parseVariants(raw);
    return [];
  } catch (e) {
    if (!(e instanceof PoolErrors)) throw e;
    return e.errors.map((x) => x.message);
  }
}
const one = (v: object) => problems([{ name: 'v', strategy: 'round-robin', ...v }]);
const policy = (p: object) => one({ policy: p });

describe('config export: variants files', () => {
  it('parses a full variant: durations in ms, defaults filled in', () => {
    const [v] = parseVariants([{
      name: 'od-retry', strategy: 'least-request', strategyOptions: { choiceCount: 3 }, outlierDetection: { consecutiveErrors: 3 },
      policy: { deadline: '2s', retry: { maxAttempts: 3, initialBackoff: '25ms', perTryTimeout: '500ms', otherEndpoint: true }, budget: { ratio: 0.1 }, circuitBreaker: { maxRequests: 100 } },
    }]);
    assert.deepEqual(v, {
      name: 'od-retry', strategy: 'least-request', strategyOptions: { choiceCount: 3 }, outlierDetection: { consecutiveErrors: 3 },
      policy: {
        deadlineMs: 2000,
        retry: { maxAttempts: 3, initialBackoffMs: 25, maxBackoffMs: 250, backoffMultiplier: 2, retryOn: [...POLICY_DEFAULTS.retry.retryOn], perTryTimeoutMs: 500, otherEndpoint: true, honorPushback: true },
        budget: { ratio: 0.1, minPerSecond: 10, ttlMs: 10_000 },
        circuitBreaker: { maxRequests: 100, maxRetries: 3 },
      },
    });
  });

  it('rejects what is not a non-empty list', () => {
    assert.match(problems({})[0], /^variants: expected a non-empty list of variants/);
    assert.match(problems([])[0], /^variants: expected a non-empty list of variants/);
  });

  const cases: [string, () => string[], RegExp][] = [
    ['an empty name', () => problems([{ name: '', strategy: 'random' }]), /^variants\[0\]\.name: expected a non-empty string/],
    ['two unnamed variants of one strategy (the name defaults to the strategy)', () => problems([{ strategy: 'random' }, { strategy: 'random' }]), /^variants\[1\]\.strategy: "random" is used by an earlier variant/],
    ['a name used twice', () => problems([{ name: 'a', strategy: 'random' }, { name: 'a', strategy: 'random' }]), /^variants\[1\]\.name: "a" is used by an earlier variant/],
    ['an unknown strategy', () => one({ strategy: 'fastest' }), /^variants\[0\]\.strategy: unknown strategy "fastest" \(valid: round-robin, /],
    ['an unknown field', () => one({ strategyOption: {} }), /^variants\[0\]\.strategyOption: unknown field/],
    ['a strategy option the engine refuses', () => one({ strategy: 'maglev', strategyOptions: { tableSize: 100 } }), /^variants\[0\]\.strategyOptions: .*tableSize/],
    ['bad outlier detection', () => one({ outlierDetection: { consecutiveErrors: -1 } }), /^variants\[0\]\.outlierDetection\.consecutiveErrors: /],
    ['a policy that is not an object', () => one({ policy: 3 }), /^variants\[0\]\.policy: expected an object, got 3/],
    ['an unknown policy field', () => policy({ retries: {} }), /^variants\[0\]\.policy\.retries: unknown field/],
    ['a bad deadline', () => policy({ deadline: 'soon' }), /^variants\[0\]\.policy\.deadline: expected a duration/],
    ['a zero deadline', () => policy({ deadline: '0s' }), /^variants\[0\]\.policy\.deadline: must be longer than 0/],
    ['maxAttempts 9', () => policy({ retry: { maxAttempts: 9 } }), /^variants\[0\]\.policy\.retry\.maxAttempts: must be 2\.\.5 \(attempts including the first; gRFC A6 caps it at 5\), got 9$/],
    ['a retryOn kind no run produces', () => policy({ retry: { maxAttempts: 2, retryOn: ['http_503', 'grpc_UNAVAILIBLE'] } }), /^variants\[0\]\.policy\.retry\.retryOn\[1\]: "grpc_UNAVAILIBLE" is not a gRPC status/],
    ['an empty retryOn', () => policy({ retry: { maxAttempts: 2, retryOn: [] } }), /^variants\[0\]\.policy\.retry\.retryOn: expected at least one outcome kind to retry/],
    ['maxBackoff under initialBackoff', () => policy({ retry: { maxAttempts: 2, initialBackoff: '2s', maxBackoff: '1s' } }), /^variants\[0\]\.policy\.retry\.maxBackoff: must be at least initialBackoff \(2000 ms\), got "1s"/],
    ['a zero backoffMultiplier', () => policy({ retry: { maxAttempts: 2, backoffMultiplier: 0 } }), /^variants\[0\]\.policy\.retry\.backoffMultiplier: must be greater than 0/],
    ['a non-boolean otherEndpoint', () => policy({ retry: { maxAttempts: 2, otherEndpoint: 'yes' } }), /^variants\[0\]\.policy\.retry\.otherEndpoint: expected true or false/],
    ['a non-boolean honorPushback', () => policy({ retry: { maxAttempts: 2, honorPushback: 1 } }), /^variants\[0\]\.policy\.retry\.honorPushback: expected true or false/],
    ['a bad perTryTimeout', () => policy({ retry: { maxAttempts: 2, perTryTimeout: -5 } }), /^variants\[0\]\.policy\.retry\.perTryTimeout: expected a duration of at least 0 ms/],
    ['a hedging delay of 0 with maxAttempts 2', () => policy({ hedging: { maxAttempts: 2, delay: 0 } }), /^variants\[0\]\.policy\.hedging\.delay: must be longer than 0 with maxAttempts 2/],
    ['a hedging without delay', () => policy({ hedging: { maxAttempts: 2 } }), /^variants\[0\]\.policy\.hedging\.delay: required/],
    ['a nonFatal kind no run produces', () => policy({ hedging: { maxAttempts: 2, delay: '20ms', nonFatal: ['http_999'] } }), /^variants\[0\]\.policy\.hedging\.nonFatal\[0\]: unknown outcome kind "http_999"/],
    ['retry and hedging together', () => policy({ retry: { maxAttempts: 2 }, hedging: { maxAttempts: 2, delay: '20ms' } }), /^variants\[0\]\.policy\.hedging: a policy has retry or hedging, not both/],
    ['a budget ratio over 1000 (Finagle bounds percentCanRetry by 1000)', () => policy({ budget: { ratio: 2000 } }), /^variants\[0\]\.policy\.budget\.ratio: must be at most 1000, got 2000/],
    ['a negative minPerSecond', () => policy({ budget: { minPerSecond: -1 } }), /^variants\[0\]\.policy\.budget\.minPerSecond: must be at least 0/],
    ['a zero budget ttl', () => policy({ budget: { ttl: '0s' } }), /^variants\[0\]\.policy\.budget\.ttl: must be 1s\.\.60s \(Finagle's bounds\)/],
    ['throttling without maxTokens', () => policy({ throttling: { tokenRatio: 0.1 } }), /^variants\[0\]\.policy\.throttling\.maxTokens: required/],
    ['throttling maxTokens over 1000', () => policy({ throttling: { maxTokens: 5000, tokenRatio: 0.1 } }), /^variants\[0\]\.policy\.throttling\.maxTokens: must be at most 1000/],
    ['throttling without tokenRatio', () => policy({ throttling: { maxTokens: 10 } }), /^variants\[0\]\.policy\.throttling\.tokenRatio: required/],
    ['a circuit breaker limit of 0', () => policy({ circuitBreaker: { maxRequests: 0 } }), /^variants\[0\]\.policy\.circuitBreaker\.maxRequests: must be at least 1, got 0/],
    ['a fractional maxRetries', () => policy({ circuitBreaker: { maxRetries: 1.5 } }), /^variants\[0\]\.policy\.circuitBreaker\.maxRetries: expected a whole number/],
  ];
  for (const [what, run, want] of cases) {
    it(`rejects ${what}, naming its path`, () => {
      const got = run();
      assert.equal(got.length, 1, got.join('\n'));
      assert.match(got[0], want);
    });
  }

  it('reports every problem of every variant at once', () => {
    const got = problems([{ name: 'a', strategy: 'nope' }, { name: 'b', strategy: 'random', policy: { retry: { maxAttempts: 7 }, deadline: 'x' } }]);
    assert.deepEqual(got.map((m) => m.split(':')[0]), ['variants[0].strategy', 'variants[1].policy.deadline', 'variants[1].policy.retry.maxAttempts']);
  });

  it("exports a pool file's own policy with its own strategy or another (a pool needs no variants file)", () => {
    const pool = parsePool({ name: 'p', transport: 'http', strategy: 'round-robin', endpoints: [{ id: 'a', address: 'http://127.0.0.1:8081' }], policy: { retry: { maxAttempts: 3, retryOn: ['grpc_UNAVAILABLE', 'http_503'] } } });
    for (const variant of [poolVariant(pool), poolVariant(pool, 'pick-first')]) {
      const config = JSON.parse(exportConfig(pool, variant, 'grpc').text) as { methodConfig?: { retryPolicy?: { maxAttempts: number; retryableStatusCodes: string[] } }[] };
      assert.equal(config.methodConfig?.[0]?.retryPolicy?.maxAttempts, 3);
      assert.deepEqual(config.methodConfig?.[0]?.retryPolicy?.retryableStatusCodes, ['UNAVAILABLE']);
    }
    const plain = parsePool({ name: 'p', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:8081' }] });
    assert.equal(poolVariant(plain).policy, undefined);
  });
});
