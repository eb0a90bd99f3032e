/**
 * gRFC A6's backoff and server pushback. The n-th retry waits random(0, min(initialBackoff ×
 * multiplier^(n−1), maxBackoff)) ("full jitter"); a server's pushback replaces that wait, and after
 * it the backoff starts again from initialBackoff, as A6 says.
 */
import type { RetryPolicy } from '../pools/policy-types';
import type { Pushback } from './types';

/** The wait before retry `n` (1 for the first retry). */
export function backoffMs(policy: RetryPolicy, n: number, random: () => number): number {
  const cap = Math.min(policy.initialBackoffMs * policy.backoffMultiplier ** (n - 1), policy.maxBackoffMs);
  return random() * cap;
}

const WHOLE = /^\d+$/;

/**
 * The server's word on retrying: a wait in ms, `stop` (A6: a negative or unparsable
 * `grpc-retry-pushback-ms` means do not retry), or undefined when it said nothing usable.
 * gRPC's pushback wins over `Retry-After` when both are given.
 */
export function pushbackMs(pushback: Pushback | undefined): number | 'stop' | undefined {
  if (!pushback) return undefined;
  const grpc = pushback.grpcRetryPushbackMs;
  if (grpc !== undefined) return WHOLE.test(grpc.trim()) ? Number(grpc.trim()) : 'stop';
  const after = pushback.retryAfter?.trim();
  // RFC 9110 §10.2.3: delay-seconds or an HTTP-date; a date needs the wall clock, which a simulation has not.
  if (after !== undefined && WHOLE.test(after)) return Number(after) * 1000;
  return undefined;
}
