import * as assert from 'node:assert/strict';
import Ajv from 'ajv';
import { poolSchema } from '../../../src/pools/schema';
import { parsePool, PoolErrors } from '../../../src/pools/parse';
import { POLICY_DEFAULTS } from '../../../src/pools/parse-policy';
import { Problems } from '../../../src/pools/problems';
import { planRun } from '../../../src/run/plan';

type Json = Record<string, unknown>;
const pool = (policy: unknown): Json => ({
  name: 'p', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1' }, { id: 'b', address: 'http://127.0.0.1:2' }], policy,
});

function problems(policy: unknown): string[] {
  try {
    parsePool(pool(policy));
  } catch (e) {
    assert.ok(e instanceof PoolErrors, `expected PoolErrors, got ${e}`);
    return e.errors.map((x) => x.message);
  }
  assert.fail('expected the policy to be rejected');
}

describe('pools/parse-policy', () => {
  it('parses the issue example: durations in ms, every field kept', () => {
    const parsed = parsePool(pool({
      deadline: '2s',
      retry: { maxAttempts: 3, initialBackoff: '25ms', maxBackoff: '1s', backoffMultiplier: 2, retryOn: ['refused', 'reset', 'timeout', 'http_503', 'grpc_UNAVAILABLE'], perTryTimeout: '500ms', otherEndpoint: true, honorPushback: true },
      budget: { ratio: 0.2, minPerSecond: 10, ttl: '10s' },
      throttling: { maxTokens: 10, tokenRatio: 0.1 },
      circuitBreaker: { maxRequests: 1024, maxRetries: 3 },
    }));
    assert.deepEqual(parsed.policy, {
      deadlineMs: 2000,
      retry: { maxAttempts: 3, initialBackoffMs: 25, maxBackoffMs: 1000, backoffMultiplier: 2, retryOn: ['refused', 'reset', 'timeout', 'http_503', 'grpc_UNAVAILABLE'], perTryTimeoutMs: 500, otherEndpoint: true, honorPushback: true },
      budget: { ratio: 0.2, minPerSecond: 10, ttlMs: 10_000 },
      throttling: { maxTokens: 10, tokenRatio: 0.1 },
      circuitBreaker: { maxRequests: 1024, maxRetries: 3 },
    });
  });

  it('fills defaults from one frozen object', () => {
    const parsed = parsePool(pool({ retry: {}, budget: {}, circuitBreaker: {} })).policy!;
    assert.deepEqual(parsed.retry, { ...POLICY_DEFAULTS.retry, retryOn: [...POLICY_DEFAULTS.retry.retryOn] });
    assert.deepEqual(parsed.budget, POLICY_DEFAULTS.budget);
    assert.deepEqual(parsed.circuitBreaker, POLICY_DEFAULTS.circuitBreaker);
    assert.ok(Object.isFrozen(POLICY_DEFAULTS) && Object.isFrozen(POLICY_DEFAULTS.retry));
    const hedged = parsePool(pool({ hedging: { delay: '20ms', nonFatal: ['http_503'] } })).policy!;
    assert.deepEqual(hedged.hedging, { maxAttempts: 2, delayMs: 20, nonFatal: ['http_503'] });
  });

  const rejections: [string, unknown, string][] = [
    ['a policy that is not an object', 'retry', 'policy: expected an object, got "retry"'],
    ['an unknown field', { retries: 3 }, 'policy.retries: unknown field'],
    ['maxAttempts over 5', { retry: { maxAttempts: 9 } }, 'policy.retry.maxAttempts: must be 2..5'],
    ['maxAttempts of 1', { hedging: { maxAttempts: 1, delay: '5ms' } }, 'policy.hedging.maxAttempts: must be 2..5'],
    ['a kind we never produce', { retry: { retryOn: ['refused', '503'] } }, 'policy.retry.retryOn[1]: unknown outcome kind "503"'],
    ['a gRPC status that does not exist', { hedging: { delay: '5ms', nonFatal: ['grpc_UNAVAILBLE'] } }, 'policy.hedging.nonFatal[0]: "grpc_UNAVAILBLE" is not a gRPC status'],
    ['an HTTP code that is no error', { retry: { retryOn: ['http_200'] } }, 'policy.retry.retryOn[0]: unknown outcome kind "http_200"'],
    ['an empty retryOn', { retry: { retryOn: [] } }, 'policy.retry.retryOn: expected at least one outcome kind'],
    ['retry and hedging together', { retry: {}, hedging: { delay: '5ms' } }, 'policy.hedging: a policy has retry or hedging, not both'],
    ['a hedging delay of 0', { hedging: { maxAttempts: 3, delay: '0ms' } }, 'policy.hedging.delay: must be longer than 0 with maxAttempts 3'],
    ['hedging without a delay', { hedging: { maxAttempts: 3 } }, 'policy.hedging.delay: required'],
    ['a bad duration', { deadline: '2 seconds' }, 'policy.deadline: expected a duration'],
    ['a zero deadline', { deadline: 0 }, 'policy.deadline: must be longer than 0'],
    ['maxBackoff below initialBackoff', { retry: { initialBackoff: '1s', maxBackoff: '10ms' } }, 'policy.retry.maxBackoff: must be at least initialBackoff (1000 ms)'],
    ['a negative multiplier', { retry: { backoffMultiplier: -1 } }, 'policy.retry.backoffMultiplier: must be greater than 0'],
    ['a perTryTimeout beyond the deadline', { deadline: '1s', retry: { perTryTimeout: '2s' } }, 'policy.retry.perTryTimeout: must not be longer than the deadline (1000 ms)'],
    ['otherEndpoint not a boolean', { retry: { otherEndpoint: 'yes' } }, 'policy.retry.otherEndpoint: expected true or false'],
    ['a budget ratio over Finagle\'s 1000', { budget: { ratio: 1001 } }, 'policy.budget.ratio: must be at most 1000'],
    ['a negative minPerSecond', { budget: { minPerSecond: -1 } }, 'policy.budget.minPerSecond: must be at least 0'],
    ['a budget ttl under 1 s', { budget: { ttl: '500ms' } }, 'policy.budget.ttl: must be 1s..60s'],
    ['throttling without maxTokens', { throttling: { tokenRatio: 0.1 } }, 'policy.throttling.maxTokens: required'],
    ['maxTokens over 1000', { throttling: { maxTokens: 1001, tokenRatio: 0.1 } }, 'policy.throttling.maxTokens: must be at most 1000'],
    ['a tokenRatio of 0', { throttling: { maxTokens: 10, tokenRatio: 0 } }, 'policy.throttling.tokenRatio: must be greater than 0'],
    ['maxRequests of 0', { circuitBreaker: { maxRequests: 0 } }, 'policy.circuitBreaker.maxRequests: must be at least 1'],
    ['fractional maxRetries', { circuitBreaker: { maxRetries: 1.5 } }, 'policy.circuitBreaker.maxRetries: expected a whole number'],
  ];
  for (const [what, policy, message] of rejections) {
    it(`rejects ${what}`, () => {
      const found = problems(policy);
      assert.ok(found.some((m) => m.startsWith(message)), `expected "${message}" in ${JSON.stringify(found)}`);
    });
  }

  it('the pool schema accepts the issue example and rejects what parsePool rejects for its shape', () => {
    const validPool = new Ajv({ allErrors: true, strict: false }).compile(poolSchema);
    const example = {
      deadline: '2s',
      retry: { maxAttempts: 3, initialBackoff: '25ms', maxBackoff: '1s', backoffMultiplier: 2, retryOn: ['refused', 'reset', 'timeout', 'http_503', 'grpc_UNAVAILABLE'], perTryTimeout: '500ms', otherEndpoint: true, honorPushback: true },
      budget: { ratio: 0.2, minPerSecond: 10, ttl: '10s' }, throttling: { maxTokens: 10, tokenRatio: 0.1 }, circuitBreaker: { maxRequests: 1024, maxRetries: 3 },
    };
    assert.ok(validPool(pool(example)), JSON.stringify(validPool.errors));
    assert.ok(validPool(pool({ hedging: { maxAttempts: 2, delay: '20ms', nonFatal: ['http_503', 'grpc_UNAVAILABLE'] } })));
    for (const bad of [{ retry: { maxAttempts: 9 } }, { retry: { retryOn: ['503'] } }, { hedging: { maxAttempts: 2 } }, { retries: 1 }, { throttling: { maxTokens: 10 } }]) {
      assert.equal(validPool(pool(bad)), false, JSON.stringify(bad));
      assert.throws(() => parsePool(pool(bad)), PoolErrors);
    }
  });

  it('planRun takes the run\'s policy over the pool\'s and names problems with their path', () => {
    const parsed = parsePool(pool({ retry: { maxAttempts: 3 } }));
    const spec = { pool: parsed, load: { model: 'closed' as const, concurrency: 1 }, requests: 1 };
    const p = new Problems();
    assert.equal(planRun(p, spec, 'simulation').policy?.retry?.maxAttempts, 3);
    const own = planRun(p, { ...spec, policy: { hedging: { delay: '10ms' } } }, 'simulation').policy;
    assert.deepEqual(own, { hedging: { maxAttempts: 2, delayMs: 10, nonFatal: [] } });
    assert.equal(p.count, 0);
    planRun(p, { ...spec, policy: { retry: { maxAttempts: 6 } } }, 'simulation');
    assert.deepEqual(p.list.map((e) => e.path), ['policy.retry.maxAttempts']);
  });
});
