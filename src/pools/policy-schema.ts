/**
 * The `policy` section's JSON Schema (pool files and the `rpcBalancer.pools` setting), written
 * from the same defaults and bounds as parse-policy.ts; `parsePolicy` is the real check (outcome
 * kinds, retry and hedging together, perTryTimeout within the deadline).
 */
import { POLICY_BOUNDS, POLICY_DEFAULTS } from './parse-policy';

type Schema = Record<string, unknown>;

export function policySchema(duration: (description: string) => Schema): Schema {
  const d = POLICY_DEFAULTS;
  const attempts = (what: string, def: number): Schema => ({
    type: 'integer', minimum: POLICY_BOUNDS.maxAttempts.min, maximum: POLICY_BOUNDS.maxAttempts.max, default: def,
    description: `${what}, counting the first (gRFC A6 caps it at 5).`,
  });
  const kinds = (description: string, def: readonly string[]): Schema => ({
    type: 'array', default: [...def], description,
    items: { type: 'string', pattern: '^(refused|reset|timeout|protocol|too_large|tls|queue_full|no_endpoint|http_[45]\\d\\d|grpc_[A-Z_]+|jsonrpc_-?\\d+)$' },
  });
  return {
    type: 'object',
    additionalProperties: false,
    description: 'What a caller does around the balancer: a deadline over all attempts, retries or hedging, a retry budget, retry throttling, circuit-breaker limits. Every attempt is a pick.',
    properties: {
      deadline: duration("The caller's whole budget for a request, across every attempt, e.g. \"2s\"."),
      retry: {
        type: 'object', additionalProperties: false,
        description: 'gRFC A6 retries: jittered exponential backoff, random in [0, min(initialBackoff x multiplier^(n-1), maxBackoff)]. Not with hedging.',
        properties: {
          maxAttempts: attempts('Attempts', d.retry.maxAttempts),
          initialBackoff: duration('Backoff before the first retry (upper bound of the jitter), default "25ms".'),
          maxBackoff: duration('Upper bound of any backoff, default "250ms".'),
          backoffMultiplier: { type: 'number', exclusiveMinimum: 0, maximum: 100, default: d.retry.backoffMultiplier, description: 'Backoff growth per retry.' },
          retryOn: kinds('Outcome kinds that are retried: refused, reset, timeout, http_503, grpc_UNAVAILABLE, jsonrpc_-32000, ...', d.retry.retryOn),
          perTryTimeout: duration('An attempt taking longer is abandoned as a timeout and may be retried (Envoy per_try_timeout).'),
          otherEndpoint: { type: 'boolean', default: d.retry.otherEndpoint, description: 'A retry avoids endpoints this request already tried while others are usable (Envoy previous_hosts).' },
          honorPushback: { type: 'boolean', default: d.retry.honorPushback, description: 'A server\'s grpc-retry-pushback-ms or Retry-After replaces the backoff; a negative pushback stops retries.' },
        },
      },
      hedging: {
        type: 'object', additionalProperties: false, required: ['delay'],
        description: 'gRFC A6 hedging: a new attempt every delay until one answers or maxAttempts are out; the first answer wins. Not with retry.',
        properties: {
          maxAttempts: attempts('Attempts', d.hedging.maxAttempts),
          delay: duration('Time between attempts, longer than 0, e.g. "20ms".'),
          nonFatal: kinds('Outcome kinds after which the next attempt is sent at once; any other failure ends the request.', d.hedging.nonFatal),
        },
      },
      budget: {
        type: 'object', additionalProperties: false,
        description: 'Finagle/Linkerd retry budget: retries and hedges at most ratio x requests over ttl, plus minPerSecond.',
        properties: {
          ratio: { type: 'number', minimum: 0, maximum: POLICY_BOUNDS.ratio.max, default: d.budget.ratio, description: 'Retries allowed per request.' },
          minPerSecond: { type: 'number', minimum: 0, default: d.budget.minPerSecond, description: 'Retries per second allowed whatever the traffic.' },
          ttl: duration('How long a request\'s deposit counts, 1s..60s, default "10s".'),
        },
      },
      throttling: {
        type: 'object', additionalProperties: false, required: ['maxTokens', 'tokenRatio'],
        description: 'gRFC A6 retry throttling: a failure takes a token, a success gives tokenRatio back; no retries or hedges while tokens <= maxTokens / 2.',
        properties: {
          maxTokens: { type: 'number', exclusiveMinimum: 0, maximum: POLICY_BOUNDS.maxTokens, description: 'Tokens at the start and at most.' },
          tokenRatio: { type: 'number', exclusiveMinimum: 0, maximum: POLICY_BOUNDS.maxTokens, description: 'Tokens a success gives back, e.g. 0.1.' },
        },
      },
      circuitBreaker: {
        type: 'object', additionalProperties: false,
        description: 'Envoy cluster limits: over maxRequests outstanding attempts a request fails locally as overflow; over maxRetries outstanding retries a retry is not sent.',
        properties: {
          maxRequests: { type: 'integer', minimum: 1, default: d.circuitBreaker.maxRequests, description: 'Outstanding attempts across the pool.' },
          maxRetries: { type: 'integer', minimum: 0, default: d.circuitBreaker.maxRetries, description: 'Outstanding retries across the pool.' },
        },
      },
    },
  };
}
