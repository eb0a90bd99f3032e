/**
 * The `policy` section of a variant, checked with its JSON path and turned into the parsed shape
 * of pools/policy-types.ts (durations in ms, defaults filled in). The config export needs it
 * before the policy layer's own parser lands; the two read the same fields the same way.
 */
import { parseDuration } from '../pools/duration';
import type { ClientPolicy, HedgingPolicy, RetryPolicy } from '../pools/policy-types';
import { at, type Obj, type Problems } from '../pools/problems';

/** gRFC A6's defaults where it has them, Finagle's budget, Envoy's breaker limits. */
export const POLICY_DEFAULTS = Object.freeze({
  initialBackoffMs: 25,
  maxBackoffMs: 1000,
  backoffMultiplier: 2,
  retryOn: Object.freeze(['refused', 'reset', 'grpc_UNAVAILABLE', 'http_503']),
  nonFatal: Object.freeze([] as string[]),
  budget: Object.freeze({ ratio: 0.2, minPerSecond: 10, ttlMs: 10_000 }),
  circuitBreaker: Object.freeze({ maxRequests: 1024, maxRetries: 3 }),
});

const POLICY_FIELDS = ['deadline', 'retry', 'hedging', 'budget', 'throttling', 'circuitBreaker'];
const RETRY_FIELDS = ['maxAttempts', 'initialBackoff', 'maxBackoff', 'backoffMultiplier', 'retryOn', 'perTryTimeout', 'otherEndpoint', 'honorPushback'];
const HEDGING_FIELDS = ['maxAttempts', 'delay', 'nonFatal'];

const GRPC_CODES = [
  'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE',
  'DATA_LOSS', 'UNAUTHENTICATED',
];
export const GRPC_STATUS_CODES: readonly string[] = Object.freeze(GRPC_CODES);

/** The error kinds our transports produce (loadtest/transports): a retryOn kind outside them could never match. */
export function isOutcomeKind(kind: string): boolean {
  if (['refused', 'reset', 'timeout', 'protocol', 'too_large', 'other'].includes(kind)) return true;
  if (/^http_[45]\d\d$/.test(kind)) return true;
  if (/^jsonrpc_-?\d+$/.test(kind)) return true;
  return kind.startsWith('grpc_') && GRPC_CODES.includes(kind.slice(5));
}

/** The policy at `path`, or undefined after recording its problems in `p`. */
export function parsePolicy(p: Problems, raw: unknown, path: string): ClientPolicy | undefined {
  const obj = p.object(raw, path);
  if (!obj) return undefined;
  const before = p.count;
  p.fields(obj, path, POLICY_FIELDS);
  const out: ClientPolicy = {};
  if (obj.deadline !== undefined) out.deadlineMs = positiveDuration(p, obj.deadline, at(path, 'deadline'));
  if (obj.retry !== undefined) out.retry = parseRetry(p, obj.retry, at(path, 'retry'));
  if (obj.hedging !== undefined) out.hedging = parseHedging(p, obj.hedging, at(path, 'hedging'));
  if (obj.retry !== undefined && obj.hedging !== undefined) p.add(at(path, 'hedging'), 'a policy has retry or hedging, not both (as a gRPC method config)');
  if (obj.budget !== undefined) {
    const b = section(p, obj.budget, at(path, 'budget'), ['ratio', 'minPerSecond', 'ttl']);
    if (b) {
      const d = POLICY_DEFAULTS.budget;
      out.budget = {
        ratio: b.ratio === undefined ? d.ratio : p.number(b.ratio, at(at(path, 'budget'), 'ratio'), { min: 0, max: 1 }) ?? 0,
        minPerSecond: b.minPerSecond === undefined ? d.minPerSecond : p.number(b.minPerSecond, at(at(path, 'budget'), 'minPerSecond'), { min: 0 }) ?? 0,
        ttlMs: b.ttl === undefined ? d.ttlMs : positiveDuration(p, b.ttl, at(at(path, 'budget'), 'ttl')) ?? 0,
      };
    }
  }
  if (obj.throttling !== undefined) {
    const where = at(path, 'throttling');
    const t = section(p, obj.throttling, where, ['maxTokens', 'tokenRatio']);
    if (t) {
      if (t.maxTokens === undefined) p.add(at(where, 'maxTokens'), 'required: the token bucket size, 1..1000 (gRFC A6)');
      if (t.tokenRatio === undefined) p.add(at(where, 'tokenRatio'), 'required: tokens a success gives back, like 0.1');
      const maxTokens = t.maxTokens === undefined ? undefined : p.number(t.maxTokens, at(where, 'maxTokens'), { min: 0, exclusiveMin: true, max: 1000 });
      const tokenRatio = t.tokenRatio === undefined ? undefined : p.number(t.tokenRatio, at(where, 'tokenRatio'), { min: 0, exclusiveMin: true });
      if (maxTokens !== undefined && tokenRatio !== undefined) out.throttling = { maxTokens, tokenRatio };
    }
  }
  if (obj.circuitBreaker !== undefined) {
    const where = at(path, 'circuitBreaker');
    const c = section(p, obj.circuitBreaker, where, ['maxRequests', 'maxRetries']);
    if (c) {
      const d = POLICY_DEFAULTS.circuitBreaker;
      const limit = (v: unknown, key: string, dflt: number) => (v === undefined ? dflt : p.number(v, at(where, key), { min: 1, integer: true }) ?? dflt);
      out.circuitBreaker = { maxRequests: limit(c.maxRequests, 'maxRequests', d.maxRequests), maxRetries: limit(c.maxRetries, 'maxRetries', d.maxRetries) };
    }
  }
  return p.count === before ? out : undefined;
}

function parseRetry(p: Problems, raw: unknown, path: string): RetryPolicy | undefined {
  const r = section(p, raw, path, RETRY_FIELDS);
  if (!r) return undefined;
  const d = POLICY_DEFAULTS;
  const initialBackoffMs = r.initialBackoff === undefined ? d.initialBackoffMs : positiveDuration(p, r.initialBackoff, at(path, 'initialBackoff'));
  const maxBackoffMs = r.maxBackoff === undefined ? Math.max(d.maxBackoffMs, initialBackoffMs ?? 0) : positiveDuration(p, r.maxBackoff, at(path, 'maxBackoff'));
  if (initialBackoffMs !== undefined && maxBackoffMs !== undefined && maxBackoffMs < initialBackoffMs) {
    p.add(at(path, 'maxBackoff'), `must be at least initialBackoff (${initialBackoffMs} ms), got ${maxBackoffMs} ms`);
  }
  return {
    maxAttempts: attempts(p, r.maxAttempts, at(path, 'maxAttempts')),
    initialBackoffMs: initialBackoffMs ?? 0,
    maxBackoffMs: maxBackoffMs ?? 0,
    backoffMultiplier: r.backoffMultiplier === undefined ? d.backoffMultiplier : p.number(r.backoffMultiplier, at(path, 'backoffMultiplier'), { min: 0, exclusiveMin: true }) ?? 0,
    retryOn: r.retryOn === undefined ? [...d.retryOn] : kinds(p, r.retryOn, at(path, 'retryOn')),
    ...(r.perTryTimeout === undefined ? {} : { perTryTimeoutMs: positiveDuration(p, r.perTryTimeout, at(path, 'perTryTimeout')) }),
    otherEndpoint: r.otherEndpoint === undefined ? false : p.boolean(r.otherEndpoint, at(path, 'otherEndpoint')) ?? false,
    honorPushback: r.honorPushback === undefined ? true : p.boolean(r.honorPushback, at(path, 'honorPushback')) ?? true,
  };
}

function parseHedging(p: Problems, raw: unknown, path: string): HedgingPolicy | undefined {
  const h = section(p, raw, path, HEDGING_FIELDS);
  if (!h) return undefined;
  const maxAttempts = attempts(p, h.maxAttempts, at(path, 'maxAttempts'));
  let delayMs = 0;
  if (h.delay === undefined) p.add(at(path, 'delay'), 'required: how long to wait before the next hedge, like "20ms"');
  else delayMs = p.catch(() => parseDuration(h.delay, at(path, 'delay'))) ?? 0;
  if (h.delay !== undefined && delayMs === 0 && maxAttempts > 1) p.add(at(path, 'delay'), `must be longer than 0 with maxAttempts ${maxAttempts} (every hedge would go at once), got ${JSON.stringify(h.delay)}`);
  return { maxAttempts, delayMs, nonFatal: h.nonFatal === undefined ? [...POLICY_DEFAULTS.nonFatal] : kinds(p, h.nonFatal, at(path, 'nonFatal')) };
}

function section(p: Problems, raw: unknown, path: string, known: readonly string[]): Obj | undefined {
  const obj = p.object(raw, path);
  if (obj) p.fields(obj, path, known);
  return obj;
}

function attempts(p: Problems, v: unknown, path: string): number {
  if (v === undefined) {
    p.add(path, 'required: attempts including the first, 2..5');
    return 0;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 2 || v > 5) {
    p.add(path, `must be 2..5 (gRFC A6 caps attempts at 5), got ${JSON.stringify(v)}`);
    return 0;
  }
  return v;
}

function positiveDuration(p: Problems, v: unknown, path: string): number | undefined {
  const ms = p.catch(() => parseDuration(v, path));
  if (ms === 0) p.add(path, `must be longer than 0, got ${JSON.stringify(v)}`);
  return ms;
}

function kinds(p: Problems, v: unknown, path: string): string[] {
  if (!Array.isArray(v) || v.length === 0) {
    p.add(path, `expected a non-empty list of error kinds (refused, reset, timeout, http_503, grpc_UNAVAILABLE, ...), got ${JSON.stringify(v)}`);
    return [];
  }
  v.forEach((k, i) => {
    if (typeof k !== 'string' || !isOutcomeKind(k)) p.add(at(path, i), `${JSON.stringify(k)} is not an error kind a run produces (refused, reset, timeout, protocol, http_4xx/5xx, grpc_<STATUS>, jsonrpc_<code>)`);
  });
  return v.filter((k): k is string => typeof k === 'string');
}
