/**
 * A client policy beyond the pick (issue: client policies): what a caller does around the
 * balancer — a deadline over all attempts, retries, hedging, a retry budget, gRPC's retry
 * throttling and Envoy's circuit-breaker limits. Names follow gRPC's service config (gRFC A6)
 * where it has one; durations as everywhere else in a pool file ("50ms"), in ms once parsed.
 *
 * These are the parsed shapes (`parsePolicy`, durations in ms, defaults filled in); a pool file
 * or run config writes the same fields with duration strings.
 */

/** Our error kinds as the results name them: `refused`, `reset`, `timeout`, `http_503`, `grpc_UNAVAILABLE`, `jsonrpc_-32000`, ... */
export type OutcomeKind = string;

export interface RetryPolicy {
  /** Attempts including the first, 2..5 (gRFC A6 caps it at 5). */
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  backoffMultiplier: number;
  /** Outcomes that are retried; anything else is final. */
  retryOn: OutcomeKind[];
  /** Envoy's per_try_timeout: an attempt that takes longer is abandoned (kind `timeout`) and may be retried. */
  perTryTimeoutMs?: number;
  /** Envoy's previous_hosts predicate: a retry avoids endpoints this request already tried while others are usable. */
  otherEndpoint: boolean;
  /** gRPC `grpc-retry-pushback-ms`, HTTP `Retry-After`: the server's delay replaces the backoff; a negative pushback stops retries. */
  honorPushback: boolean;
}

export interface HedgingPolicy {
  /** Attempts including the first, 2..5. */
  maxAttempts: number;
  /** A new attempt every `delayMs` until one answers or maxAttempts are out. */
  delayMs: number;
  /** Outcomes after which the next hedge is sent at once instead of waiting; any other failure is final (gRFC A6). */
  nonFatal: OutcomeKind[];
}

/** Finagle/Linkerd retry budget: retries at most `ratio` of requests over `ttlMs`, plus `minPerSecond`. */
export interface RetryBudget {
  ratio: number;
  minPerSecond: number;
  ttlMs: number;
}

/** gRPC retry throttling (gRFC A6): a token bucket, failures take 1, successes give back `tokenRatio`; retries stop at or below half. */
export interface RetryThrottling {
  maxTokens: number;
  tokenRatio: number;
}

/** Envoy cluster circuit breakers: over the limit a request or retry fails locally as `overflow`, nothing sent. */
export interface CircuitBreaker {
  /** Outstanding attempts across the pool. */
  maxRequests: number;
  /** Outstanding retries across the pool. */
  maxRetries: number;
}

export interface ClientPolicy {
  /** The caller's whole budget for a request across every attempt. */
  deadlineMs?: number;
  /** At most one of retry and hedging, as in a gRPC method config. */
  retry?: RetryPolicy;
  hedging?: HedgingPolicy;
  budget?: RetryBudget;
  throttling?: RetryThrottling;
  circuitBreaker?: CircuitBreaker;
}
