/**
 * `parsePolicy`: the `policy` section of a pool or a run (issue 12), as the issue writes it —
 *
 *     "policy": { "deadline": "2s",
 *       "retry": { "maxAttempts": 3, "initialBackoff": "25ms", "maxBackoff": "1s", "backoffMultiplier": 2,
 *                  "retryOn": ["refused", "http_503"], "perTryTimeout": "500ms", "otherEndpoint": true, "honorPushback": true },
 *       "hedging": { "maxAttempts": 2, "delay": "20ms", "nonFatal": ["http_503"] },
 *       "budget": { "ratio": 0.2, "minPerSecond": 10, "ttl": "10s" },
 *       "throttling": { "maxTokens": 10, "tokenRatio": 0.1 },
 *       "circuitBreaker": { "maxRequests": 1024, "maxRetries": 3 } }
 *
 * — checked field by field with its JSON path, durations turned into ms and defaults filled in
 * from POLICY_DEFAULTS, giving the shape of policy-types.ts.
 */
import { show } from '../engine/errors';
import { parseDuration } from './duration';
import { outcomeKindProblem } from './outcome-kinds';
import type { CircuitBreaker, ClientPolicy, HedgingPolicy, RetryBudget, RetryPolicy, RetryThrottling } from './policy-types';
import { at, type Obj, type Problems } from './problems';

export const POLICY_FIELDS = ['deadline', 'retry', 'hedging', 'budget', 'throttling', 'circuitBreaker'] as const;
const RETRY_FIELDS = ['maxAttempts', 'initialBackoff', 'maxBackoff', 'backoffMultiplier', 'retryOn', 'perTryTimeout', 'otherEndpoint', 'honorPushback'] as const;
const HEDGING_FIELDS = ['maxAttempts', 'delay', 'nonFatal'] as const;
const BUDGET_FIELDS = ['ratio', 'minPerSecond', 'ttl'] as const;
const THROTTLING_FIELDS = ['maxTokens', 'tokenRatio'] as const;
const BREAKER_FIELDS = ['maxRequests', 'maxRetries'] as const;

/**
 * Defaults of the fields a section may leave out, each from the system it follows:
 * - retry.maxAttempts 2: Envoy's `num_retries` default 1 (one retry); gRFC A6 caps attempts at 5.
 * - retry.initialBackoff 25 ms, maxBackoff 250 ms: Envoy's `retry_back_off` (base 25 ms, max 10x base).
 * - retry.backoffMultiplier 2: Envoy's exponential back-off doubles; A6 requires a multiplier > 0.
 * - retry.retryOn: Envoy's `connect-failure`, `reset` and `retriable-status-codes` 503, plus A6's
 *   usual UNAVAILABLE; a timeout is not retried unless named (it may have reached the server).
 * - retry.otherEndpoint false: Envoy retries on any host unless the previous_hosts predicate is set.
 * - retry.honorPushback true: A6 always honours `grpc-retry-pushback-ms`.
 * - hedging.maxAttempts 2, nonFatal []: A6 has no default count (one hedge is the common case) and
 *   an empty non-fatal list.
 * - budget ratio 0.2, minPerSecond 10, ttl 10 s: Finagle's `RetryBudget()` default.
 * - circuitBreaker maxRequests 1024, maxRetries 3: Envoy's cluster circuit-breaker defaults.
 * Throttling has none: A6 makes both fields required.
 */
export const POLICY_DEFAULTS = Object.freeze({
  retry: Object.freeze({
    maxAttempts: 2, initialBackoffMs: 25, maxBackoffMs: 250, backoffMultiplier: 2,
    retryOn: Object.freeze(['refused', 'reset', 'http_503', 'grpc_UNAVAILABLE']), otherEndpoint: false, honorPushback: true,
  }),
  hedging: Object.freeze({ maxAttempts: 2, nonFatal: Object.freeze([] as string[]) }),
  budget: Object.freeze({ ratio: 0.2, minPerSecond: 10, ttlMs: 10_000 }),
  circuitBreaker: Object.freeze({ maxRequests: 1024, maxRetries: 3 }),
});

/** Bounds from the same sources: A6 (attempts 2..5, maxTokens (0, 1000]), Finagle (ttl 1..60 s, percentCanRetry 0..1000). */
export const POLICY_BOUNDS = Object.freeze({
  maxAttempts: { min: 2, max: 5 }, ratio: { min: 0, max: 1000 }, ttlMs: { min: 1000, max: 60_000 }, maxTokens: 1000,
});

type Section<T> = T | undefined;

/** The parsed policy of `raw` at `path` (`policy`, `variants[2].policy`); problems go to `p`. */
export function parsePolicy(p: Problems, raw: unknown, path: string): ClientPolicy | undefined {
  const obj = p.object(raw, path);
  if (!obj) return undefined;
  const before = p.count;
  p.fields(obj, path, POLICY_FIELDS);
  const out: ClientPolicy = {};
  if (obj.deadline !== undefined) out.deadlineMs = positiveDuration(p, obj.deadline, at(path, 'deadline'));
  if (obj.retry !== undefined) out.retry = retry(p, obj.retry, at(path, 'retry'));
  if (obj.hedging !== undefined) out.hedging = hedging(p, obj.hedging, at(path, 'hedging'));
  if (obj.retry !== undefined && obj.hedging !== undefined) {
    p.add(at(path, 'hedging'), 'a policy has retry or hedging, not both (as a gRPC method config)');
  }
  if (obj.budget !== undefined) out.budget = budget(p, obj.budget, at(path, 'budget'));
  if (obj.throttling !== undefined) out.throttling = throttling(p, obj.throttling, at(path, 'throttling'));
  if (obj.circuitBreaker !== undefined) out.circuitBreaker = breaker(p, obj.circuitBreaker, at(path, 'circuitBreaker'));
  if (out.retry?.perTryTimeoutMs !== undefined && out.deadlineMs !== undefined && out.retry.perTryTimeoutMs > out.deadlineMs) {
    p.add(at(at(path, 'retry'), 'perTryTimeout'), `must not be longer than the deadline (${out.deadlineMs} ms), got ${out.retry.perTryTimeoutMs} ms`);
  }
  return p.count === before ? out : undefined;
}

function positiveDuration(p: Problems, v: unknown, path: string): number | undefined {
  const ms = p.catch(() => parseDuration(v, path));
  if (ms !== undefined && ms <= 0) p.add(path, `must be longer than 0, got ${show(v)}`);
  return ms;
}

function attempts(p: Problems, v: unknown, path: string, fallback: number): number {
  if (v === undefined) return fallback;
  const { min, max } = POLICY_BOUNDS.maxAttempts;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    p.add(path, `must be ${min}..${max} (attempts including the first; gRFC A6 caps it at ${max}), got ${show(v)}`);
    return fallback;
  }
  return v;
}

function kinds(p: Problems, v: unknown, path: string, fallback: readonly string[]): string[] {
  if (v === undefined) return [...fallback];
  if (!Array.isArray(v)) {
    p.add(path, `expected a list of outcome kinds like ["refused", "http_503"], got ${show(v)}`);
    return [];
  }
  v.forEach((k, i) => {
    if (typeof k !== 'string') return p.add(at(path, i), `expected an outcome kind, got ${show(k)}`);
    const problem = outcomeKindProblem(k);
    if (problem) p.add(at(path, i), problem);
  });
  return v.filter((k): k is string => typeof k === 'string');
}

function retry(p: Problems, raw: unknown, path: string): Section<RetryPolicy> {
  const obj = p.object(raw, path);
  if (!obj) return undefined;
  p.fields(obj, path, RETRY_FIELDS);
  const d = POLICY_DEFAULTS.retry;
  const initial = obj.initialBackoff === undefined ? d.initialBackoffMs : positiveDuration(p, obj.initialBackoff, at(path, 'initialBackoff'));
  const max = obj.maxBackoff === undefined ? Math.max(d.maxBackoffMs, initial ?? 0) : positiveDuration(p, obj.maxBackoff, at(path, 'maxBackoff'));
  if (initial !== undefined && max !== undefined && max < initial && obj.maxBackoff !== undefined) {
    p.add(at(path, 'maxBackoff'), `must be at least initialBackoff (${initial} ms), got ${show(obj.maxBackoff)}`);
  }
  const multiplier = obj.backoffMultiplier === undefined ? d.backoffMultiplier : p.number(obj.backoffMultiplier, at(path, 'backoffMultiplier'), { min: 0, exclusiveMin: true, max: 100 });
  const out: RetryPolicy = {
    maxAttempts: attempts(p, obj.maxAttempts, at(path, 'maxAttempts'), d.maxAttempts),
    initialBackoffMs: initial ?? d.initialBackoffMs,
    maxBackoffMs: max ?? d.maxBackoffMs,
    backoffMultiplier: multiplier ?? d.backoffMultiplier,
    retryOn: kinds(p, obj.retryOn, at(path, 'retryOn'), d.retryOn),
    otherEndpoint: obj.otherEndpoint === undefined ? d.otherEndpoint : p.boolean(obj.otherEndpoint, at(path, 'otherEndpoint')) ?? d.otherEndpoint,
    honorPushback: obj.honorPushback === undefined ? d.honorPushback : p.boolean(obj.honorPushback, at(path, 'honorPushback')) ?? d.honorPushback,
  };
  if (Array.isArray(obj.retryOn) && obj.retryOn.length === 0) p.add(at(path, 'retryOn'), 'expected at least one outcome kind to retry');
  if (obj.perTryTimeout !== undefined) {
    const ms = positiveDuration(p, obj.perTryTimeout, at(path, 'perTryTimeout'));
    if (ms !== undefined) out.perTryTimeoutMs = ms;
  }
  return out;
}

function hedging(p: Problems, raw: unknown, path: string): Section<HedgingPolicy> {
  const obj = p.object(raw, path);
  if (!obj) return undefined;
  p.fields(obj, path, HEDGING_FIELDS);
  const d = POLICY_DEFAULTS.hedging;
  const maxAttempts = attempts(p, obj.maxAttempts, at(path, 'maxAttempts'), d.maxAttempts);
  let delayMs = 0;
  if (obj.delay === undefined) p.add(at(path, 'delay'), 'required: how long to wait before each further attempt, like "20ms"');
  else {
    delayMs = p.catch(() => parseDuration(obj.delay, at(path, 'delay'))) ?? 0;
    // A6 allows 0 (every attempt at once); the issue does not: it only multiplies load.
    if (delayMs === 0) p.add(at(path, 'delay'), `must be longer than 0 with maxAttempts ${maxAttempts} (0 sends every attempt at once), got ${show(obj.delay)}`);
  }
  return { maxAttempts, delayMs, nonFatal: kinds(p, obj.nonFatal, at(path, 'nonFatal'), d.nonFatal) };
}

function budget(p: Problems, raw: unknown, path: string): Section<RetryBudget> {
  const obj = p.object(raw, path);
  if (!obj) return undefined;
  p.fields(obj, path, BUDGET_FIELDS);
  const d = POLICY_DEFAULTS.budget;
  const { ratio: rb, ttlMs: tb } = POLICY_BOUNDS;
  const ratio = obj.ratio === undefined ? d.ratio : p.number(obj.ratio, at(path, 'ratio'), rb) ?? d.ratio;
  const minPerSecond = obj.minPerSecond === undefined ? d.minPerSecond : p.number(obj.minPerSecond, at(path, 'minPerSecond'), { min: 0, max: 1e6 }) ?? d.minPerSecond;
  let ttlMs: number = d.ttlMs;
  if (obj.ttl !== undefined) {
    const ms = p.catch(() => parseDuration(obj.ttl, at(path, 'ttl')));
    if (ms !== undefined && (ms < tb.min || ms > tb.max)) p.add(at(path, 'ttl'), `must be 1s..60s (Finagle's bounds), got ${show(obj.ttl)}`);
    else if (ms !== undefined) ttlMs = ms;
  }
  return { ratio, minPerSecond, ttlMs };
}

function throttling(p: Problems, raw: unknown, path: string): Section<RetryThrottling> {
  const obj = p.object(raw, path);
  if (!obj) return undefined;
  p.fields(obj, path, THROTTLING_FIELDS);
  const req = (key: 'maxTokens' | 'tokenRatio', bounds: Parameters<Problems['number']>[2]): number => {
    if (obj[key] === undefined) {
      p.add(at(path, key), 'required (gRFC A6 retryThrottling)');
      return 1;
    }
    return p.number(obj[key], at(path, key), bounds) ?? 1;
  };
  return {
    maxTokens: req('maxTokens', { min: 0, exclusiveMin: true, max: POLICY_BOUNDS.maxTokens }),
    tokenRatio: req('tokenRatio', { min: 0, exclusiveMin: true, max: POLICY_BOUNDS.maxTokens }),
  };
}

function breaker(p: Problems, raw: unknown, path: string): Section<CircuitBreaker> {
  const obj: Obj | undefined = p.object(raw, path);
  if (!obj) return undefined;
  p.fields(obj, path, BREAKER_FIELDS);
  const d = POLICY_DEFAULTS.circuitBreaker;
  const count = (key: 'maxRequests' | 'maxRetries', min: number): number =>
    obj[key] === undefined ? d[key] : p.number(obj[key], at(path, key), { min, integer: true, max: 1e9 }) ?? d[key];
  return { maxRequests: count('maxRequests', 1), maxRetries: count('maxRetries', 0) };
}
