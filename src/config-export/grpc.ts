/**
 * A variant as a gRPC service config (gRFC A2/A24 `loadBalancingConfig`, A6 `methodConfig`
 * with `retryPolicy` or `hedgingPolicy`, `retryThrottling`). grpc-js's own policy where one fits
 * (round_robin, pick_first, weighted_round_robin for A58, outlier_detection around it for A50);
 * otherwise ours, `rpc_balancer_<strategy>` from `registerGrpcPolicies`, which takes the pool's
 * weights, priorities and zones by address since a service config carries no endpoint attributes.
 */
import type { OutlierOptions, StrategyName } from '../engine/types';
import { balancingOptions } from '../pools/parse-balancing';
import type { ClientPolicy } from '../pools/policy-types';
import { hostPort, protoDuration } from './durations';
import { UNWEIGHTED_STRATEGIES, type ExportInput } from './types';

/** gRPC's names where the semantics match ours; A50 defaults for what we leave unset. */
const OUTLIER_DEFAULTS = Object.freeze({ intervalMs: 10_000, baseEjectionTimeMs: 30_000, maxEjectionTimeMs: 300_000, maxEjectionPercent: 10 });

/** As integrations/grpc names them (`registerGrpcPolicies`; a test holds the two equal). */
export function ourGrpcPolicyName(strategy: StrategyName): string {
  return `rpc_balancer_${strategy.replace(/-/g, '_')}`;
}

export function grpcServiceConfig(input: ExportInput): object {
  const config: Record<string, unknown> = { loadBalancingConfig: [loadBalancing(input)] };
  const method = methodConfig(input);
  if (method) config.methodConfig = [method];
  const throttling = retryThrottling(input);
  if (throttling) config.retryThrottling = throttling;
  input.note(`addresses: a service config names none; dial ipv4:${input.pool.endpoints.map((e) => hostPort(e.address).text).join(',')} or a resolver that returns them`);
  return config;
}

function loadBalancing(input: ExportInput): object {
  const { pool, variant, note } = input;
  const opts = variant.strategyOptions ?? {};
  const shaped = pool.endpoints.some((e) => e.priority !== undefined && e.priority > 0) || pool.localityWeights !== undefined || pool.slowStart !== undefined;
  const od = variant.outlierDetection === true ? {} : variant.outlierDetection || undefined;
  let child: object | undefined;
  if (!shaped && variant.strategy === 'round-robin') child = { round_robin: {} };
  if (!shaped && variant.strategy === 'pick-first') {
    child = { pick_first: { shuffleAddressList: opts.shuffleAddressList === true } };
    if (opts.failureThreshold !== undefined || opts.retryAfterMs !== undefined) note('pick-first failureThreshold/retryAfterMs cannot be expressed in grpc-js pick_first: it moves on when the connection fails, with gRPC\'s connection backoff');
  }
  if (!shaped && variant.strategy === 'orca-weighted-round-robin') {
    const ms = (k: string) => (typeof opts[k] === 'number' ? { [k.replace(/Ms$/, '')]: protoDuration(opts[k] as number) } : {});
    child = {
      weighted_round_robin: {
        enableOobLoadReport: false, ...ms('blackoutPeriodMs'), ...ms('weightExpirationPeriodMs'), ...ms('weightUpdatePeriodMs'),
        ...(typeof opts.errorUtilizationPenalty === 'number' ? { errorUtilizationPenalty: opts.errorUtilizationPenalty } : {}),
      },
    };
  }
  if (child) return od ? { outlier_detection: { ...a50(od, note), childPolicy: [child] } } : child;
  return { [ourGrpcPolicyName(variant.strategy)]: ours(input, od) };
}

/** Our policy's config: the strategy's options, outlier detection (ours, exact), the pool's shape by address. */
function ours(input: ExportInput, od: OutlierOptions | undefined): object {
  const { pool, variant, options } = input;
  const byAddress = <T>(f: (e: (typeof pool.endpoints)[number]) => T | undefined) => {
    const entries = pool.endpoints.map((e) => [hostPort(e.address).text, f(e)] as const).filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  };
  const weights = !UNWEIGHTED_STRATEGIES.has(variant.strategy) && pool.endpoints.some((e) => e.weight !== 1) ? byAddress((e) => e.weight) : undefined;
  const priorities = byAddress((e) => (e.priority ? e.priority : undefined));
  const zones = byAddress((e) => e.zone);
  const hashing = ['consistent-hash', 'bounded-load-hash', 'maglev', 'rendezvous'].includes(variant.strategy);
  return {
    ...variant.strategyOptions,
    ...balancingOptions(pool),
    ...(od ? { outlierDetection: od } : {}),
    ...(hashing ? { hashHeader: options.hashHeader } : {}),
    ...(weights ? { weights } : {}),
    ...(priorities ? { priorities } : {}),
    ...(zones ? { zones } : {}),
  };
}

/** gRFC A50's outlier_detection config; consecutive errors have no A50 form. */
function a50(od: OutlierOptions, note: (t: string) => void): object {
  const d = OUTLIER_DEFAULTS;
  const out: Record<string, unknown> = {
    interval: protoDuration(od.intervalMs ?? d.intervalMs),
    baseEjectionTime: protoDuration(od.baseEjectionTimeMs ?? d.baseEjectionTimeMs),
    maxEjectionTime: protoDuration(od.maxEjectionTimeMs ?? d.maxEjectionTimeMs),
    maxEjectionPercent: od.maxEjectionPercent ?? d.maxEjectionPercent,
  };
  if (od.successRate) {
    const sr = od.successRate;
    out.successRateEjection = { stdevFactor: sr.stdevFactor ?? 1900, enforcementPercentage: 100, minimumHosts: sr.minimumHosts ?? 5, requestVolume: sr.requestVolume ?? 100 };
  }
  // The nearest A50 has: eject on a failure share, judged every interval, over few requests.
  out.failurePercentageEjection = { threshold: 50, enforcementPercentage: 100, minimumHosts: 1, requestVolume: od.consecutiveErrors ?? 5 };
  note(`outlierDetection.consecutiveErrors (${od.consecutiveErrors ?? 5}) cannot be expressed in gRPC A50 outlier_detection: nearest used, failurePercentageEjection at 50 % over at least ${od.consecutiveErrors ?? 5} requests per interval`);
  return out;
}

function methodConfig(input: ExportInput): object | undefined {
  const policy: ClientPolicy = input.variant.policy ?? {};
  const m: Record<string, unknown> = { name: [{}] };
  if (policy.deadlineMs !== undefined) m.timeout = protoDuration(policy.deadlineMs);
  if (policy.retry) {
    const r = policy.retry;
    m.retryPolicy = {
      maxAttempts: r.maxAttempts, initialBackoff: protoDuration(r.initialBackoffMs), maxBackoff: protoDuration(r.maxBackoffMs),
      backoffMultiplier: r.backoffMultiplier, retryableStatusCodes: statusCodes(r.retryOn, 'retry.retryOn', input.note),
    };
    if (r.perTryTimeoutMs !== undefined) input.note('retry.perTryTimeout cannot be expressed in a gRPC retryPolicy (gRFC A6 has none): nearest used, the call\'s timeout covers every attempt');
    if (r.otherEndpoint) input.note('retry.otherEndpoint cannot be expressed in gRPC: nearest used, each attempt is a new pick of the load-balancing policy (round robin moves on by itself)');
    if (!r.honorPushback) input.note('retry.honorPushback false cannot be expressed in gRPC: grpc-js always honours grpc-retry-pushback-ms');
  }
  if (policy.hedging) {
    const h = policy.hedging;
    m.hedgingPolicy = { maxAttempts: h.maxAttempts, hedgingDelay: protoDuration(h.delayMs), nonFatalStatusCodes: statusCodes(h.nonFatal, 'hedging.nonFatal', input.note) };
  }
  if (policy.circuitBreaker) input.note('circuitBreaker cannot be expressed in a gRPC service config: nearest used, none (xDS clients take Envoy\'s circuit_breakers.max_requests)');
  return Object.keys(m).length > 1 ? m : undefined;
}

/** Our kinds as gRPC status codes: `grpc_X` is X; a refused or reset connection is UNAVAILABLE to a gRPC client. */
function statusCodes(kinds: readonly string[], field: string, note: (t: string) => void): string[] {
  const codes = new Set<string>();
  for (const kind of kinds) {
    if (kind.startsWith('grpc_')) codes.add(kind.slice(5));
    else if (kind === 'refused' || kind === 'reset') codes.add('UNAVAILABLE');
    else note(`${field} ${kind} cannot be expressed in gRPC status codes: nearest used, none (not retried)`);
  }
  return [...codes];
}

function retryThrottling(input: ExportInput): object | undefined {
  const { throttling, budget, retry, hedging } = input.variant.policy ?? {};
  if (throttling) {
    if (budget) input.note('budget cannot be expressed in gRPC beside retryThrottling: nearest used, retryThrottling alone');
    return { maxTokens: throttling.maxTokens, tokenRatio: throttling.tokenRatio };
  }
  if (!budget || (!retry && !hedging)) return undefined;
  // A success gives back `ratio` tokens and a failure takes one: failures above ratio of successes drain it.
  const tokenRatio = Math.max(0.001, Math.round(budget.ratio * 1000) / 1000);
  input.note(`budget (ratio ${budget.ratio}, minPerSecond ${budget.minPerSecond}, ttl ${budget.ttlMs} ms) cannot be expressed in gRPC: nearest used, retryThrottling {maxTokens: 10, tokenRatio: ${tokenRatio}}`);
  return { maxTokens: 10, tokenRatio };
}
