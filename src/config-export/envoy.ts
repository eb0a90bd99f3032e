/**
 * A variant as an Envoy v3 cluster and route (proto3 JSON names, as Envoy's YAML writes them):
 * `lb_policy` and its config, `load_assignment` with localities, priorities and weights,
 * `outlier_detection`, `circuit_breakers` with `retry_budget`, `common_lb_config`, and the
 * route's `retry_policy`, `hedge_policy` and `timeout`. A test checks both against Envoy's own
 * protos (cluster.proto, route_components.proto), so a misspelt field fails there.
 */
import type { OutlierOptions } from '../engine/types';
import { parseDuration } from '../pools/duration';
import type { ClientPolicy } from '../pools/policy-types';
import { hostPort, protoDuration } from './durations';
import { UNWEIGHTED_STRATEGIES, type ExportInput } from './types';

type Json = Record<string, unknown>;

const HTTP_OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';

/** Envoy's lb_policy for each strategy, and whether the mapping is exact. */
const LB_POLICY: Record<string, { policy: string; exact: boolean }> = {
  'round-robin': { policy: 'ROUND_ROBIN', exact: true },
  'weighted-round-robin': { policy: 'ROUND_ROBIN', exact: true },
  random: { policy: 'RANDOM', exact: true },
  'weighted-random': { policy: 'RANDOM', exact: true },
  'least-request': { policy: 'LEAST_REQUEST', exact: true },
  'least-connections': { policy: 'LEAST_REQUEST', exact: false },
  'least-response-time': { policy: 'LEAST_REQUEST', exact: false },
  'least-load': { policy: 'LEAST_REQUEST', exact: false },
  'p2c-peak-ewma': { policy: 'LEAST_REQUEST', exact: false },
  'orca-weighted-round-robin': { policy: 'ROUND_ROBIN', exact: false },
  'pick-first': { policy: 'ROUND_ROBIN', exact: false },
  'consistent-hash': { policy: 'RING_HASH', exact: true },
  'bounded-load-hash': { policy: 'RING_HASH', exact: true },
  rendezvous: { policy: 'RING_HASH', exact: false },
  maglev: { policy: 'MAGLEV', exact: true },
};

export function envoyConfig(input: ExportInput): { cluster: Json; route: Json } {
  return { cluster: cluster(input), route: route(input) };
}

function cluster(input: ExportInput): Json {
  const { pool, variant, note } = input;
  const opts = variant.strategyOptions ?? {};
  const { policy, exact } = LB_POLICY[variant.strategy];
  if (!exact) note(`${variant.strategy} cannot be expressed as an Envoy lb_policy: nearest used, ${policy}${variant.strategy === 'pick-first' ? ' with each endpoint in its own priority level, so the first healthy one takes every request' : ''}`);
  const c: Json = { name: pool.name, type: 'STATIC', connect_timeout: '1s', lb_policy: policy, load_assignment: loadAssignment(input) };
  // gRPC needs HTTP/2 to the upstream; Envoy speaks HTTP/1.1 to it unless told.
  if (pool.transport === 'grpc') c.typed_extension_protocol_options = { 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': { '@type': `type.googleapis.com/${HTTP_OPTIONS}`, explicit_http_config: { http2_protocol_options: {} } } };
  const slowStart = pool.slowStart ? slowStartConfig(pool.slowStart) : undefined;
  if (policy === 'LEAST_REQUEST') {
    const choice = variant.strategy === 'least-connections' ? Math.max(2, pool.endpoints.length) : typeof opts.choiceCount === 'number' ? opts.choiceCount : 2;
    c.least_request_lb_config = {
      choice_count: choice,
      ...(typeof opts.activeRequestBias === 'number' ? { active_request_bias: { default_value: opts.activeRequestBias, runtime_key: 'upstream.least_request.active_request_bias' } } : {}),
      ...(slowStart ? { slow_start_config: slowStart } : {}),
    };
  } else if (policy === 'ROUND_ROBIN' && slowStart) c.round_robin_lb_config = { slow_start_config: slowStart };
  else if (slowStart) note(`slowStart cannot be expressed with Envoy ${policy}: nearest used, none (Envoy ramps only round robin and least request)`);
  if (policy === 'RING_HASH') {
    const points = typeof opts.pointsPerWeight === 'number' ? opts.pointsPerWeight : 100;
    const total = pool.endpoints.reduce((s, e) => s + e.weight, 0);
    c.ring_hash_lb_config = { minimum_ring_size: Math.min(8_388_608, Math.max(1, Math.round(points * total))), hash_function: 'XX_HASH' };
  }
  if (policy === 'MAGLEV') c.maglev_lb_config = { table_size: typeof opts.tableSize === 'number' ? opts.tableSize : 65537 };
  const common: Json = {};
  if (pool.panicThreshold !== undefined) common.healthy_panic_threshold = { value: pool.panicThreshold };
  if (pool.localityWeights) common.locality_weighted_lb_config = {};
  const balance = variant.strategy === 'bounded-load-hash' ? (typeof opts.balanceFactor === 'number' ? opts.balanceFactor : 1.25) : typeof opts.balanceFactor === 'number' ? opts.balanceFactor : undefined;
  if (balance !== undefined) common.consistent_hashing_lb_config = { hash_balance_factor: Math.max(100, Math.round(balance * 100)) };
  if (Object.keys(common).length) c.common_lb_config = common;
  const od = variant.outlierDetection === true ? {} : variant.outlierDetection || undefined;
  if (od) c.outlier_detection = outlierDetection(od);
  const breakers = circuitBreakers(input);
  if (breakers) c.circuit_breakers = breakers;
  return c;
}

function slowStartConfig(ss: { window: string | number; aggression?: number; minWeightPercent?: number }): Json {
  return {
    slow_start_window: protoDuration(parseDuration(ss.window, 'slowStart.window')),
    ...(ss.aggression !== undefined ? { aggression: { default_value: ss.aggression, runtime_key: 'upstream.slow_start.aggression' } } : {}),
    ...(ss.minWeightPercent !== undefined ? { min_weight_percent: { value: ss.minWeightPercent } } : {}),
  };
}

/** One LocalityLbEndpoints per (priority, zone), in pool order. */
function loadAssignment(input: ExportInput): Json {
  const { pool, variant } = input;
  const groups = new Map<string, { priority: number; zone?: string; endpoints: Json[] }>();
  pool.endpoints.forEach((e, i) => {
    const priority = variant.strategy === 'pick-first' ? i : e.priority ?? 0;
    const key = `${priority}\u0000${e.zone ?? ''}`;
    const group = groups.get(key) ?? { priority, zone: e.zone, endpoints: [] };
    const { host, port } = hostPort(e.address);
    const weight = UNWEIGHTED_STRATEGIES.has(variant.strategy) ? {} : { load_balancing_weight: e.weight };
    group.endpoints.push({ endpoint: { address: { socket_address: { address: host, port_value: port } } }, ...weight });
    groups.set(key, group);
  });
  const endpoints = [...groups.values()].map((g) => ({
    ...(g.zone ? { locality: { zone: g.zone } } : {}),
    ...(pool.localityWeights && g.zone ? { load_balancing_weight: pool.localityWeights[g.zone] ?? 1 } : {}),
    ...(g.priority ? { priority: g.priority } : {}),
    lb_endpoints: g.endpoints,
  }));
  const factor = pool.overprovisioningFactor === undefined ? undefined : Math.round(pool.overprovisioningFactor * 100);
  return { cluster_name: pool.name, endpoints, ...(factor ? { policy: { overprovisioning_factor: factor } } : {}) };
}

function outlierDetection(od: OutlierOptions): Json {
  const out: Json = {
    consecutive_5xx: od.consecutiveErrors ?? 5,
    consecutive_gateway_failure: od.consecutiveErrors ?? 5,
    enforcing_consecutive_gateway_failure: 100,
    interval: protoDuration(od.intervalMs ?? 10_000),
    base_ejection_time: protoDuration(od.baseEjectionTimeMs ?? 30_000),
    max_ejection_time: protoDuration(od.maxEjectionTimeMs ?? 300_000),
    max_ejection_percent: od.maxEjectionPercent ?? 10,
    // Ours counts a refused or reset connection as an error too.
    consecutive_local_origin_failure: od.consecutiveErrors ?? 5,
  };
  if (od.successRate) {
    Object.assign(out, {
      enforcing_success_rate: 100,
      success_rate_minimum_hosts: od.successRate.minimumHosts ?? 5,
      success_rate_request_volume: od.successRate.requestVolume ?? 100,
      success_rate_stdev_factor: od.successRate.stdevFactor ?? 1900,
    });
  } else out.enforcing_success_rate = 0;
  return out;
}

function circuitBreakers(input: ExportInput): Json | undefined {
  const { circuitBreaker, budget, throttling } = input.variant.policy ?? {};
  if (throttling) input.note('throttling cannot be expressed in Envoy: nearest used, circuit_breakers retry_budget (caps concurrent retries, not a token bucket)');
  if (!circuitBreaker && !budget && !throttling) return undefined;
  const t: Json = { priority: 'DEFAULT' };
  if (circuitBreaker) Object.assign(t, { max_requests: circuitBreaker.maxRequests, max_retries: circuitBreaker.maxRetries });
  const ratio = budget?.ratio ?? throttling?.tokenRatio;
  if (ratio !== undefined) {
    const min = budget ? Math.max(1, Math.round(budget.minPerSecond)) : 3;
    t.retry_budget = { budget_percent: { value: Math.round(ratio * 1000) / 10 }, min_retry_concurrency: min };
    if (budget) input.note(`budget cannot be expressed exactly in Envoy: nearest used, retry_budget caps concurrent retries at ${ratio * 100} % of active requests with min_retry_concurrency ${min} (ours: minPerSecond ${budget.minPerSecond}/s over ttl ${budget.ttlMs} ms)`);
  }
  return { thresholds: [t] };
}

function route(input: ExportInput): Json {
  const policy: ClientPolicy = input.variant.policy ?? {};
  const action: Json = { cluster: input.pool.name };
  if (policy.deadlineMs !== undefined) action.timeout = protoDuration(policy.deadlineMs);
  if (['consistent-hash', 'bounded-load-hash', 'maglev', 'rendezvous'].includes(input.variant.strategy)) action.hash_policy = [{ header: { header_name: input.options.hashHeader } }];
  if (policy.retry) action.retry_policy = retryPolicy(input, policy);
  if (policy.hedging) {
    const h = policy.hedging;
    action.retry_policy = {
      ...retryOn(input, h.nonFatal, 'hedging.nonFatal'), num_retries: h.maxAttempts - 1, per_try_timeout: protoDuration(h.delayMs),
    };
    action.hedge_policy = { hedge_on_per_try_timeout: true };
    input.note(`hedging cannot be expressed exactly in Envoy: nearest used, hedge_on_per_try_timeout with per_try_timeout ${h.delayMs} ms (a hedge follows an attempt that outlives the delay; the first answer wins, as ours)`);
  }
  return { name: input.variant.name, match: { prefix: '/' }, route: action };
}

function retryPolicy(input: ExportInput, policy: ClientPolicy): Json {
  const r = policy.retry!;
  const out: Json = {
    ...retryOn(input, r.retryOn, 'retry.retryOn'),
    num_retries: r.maxAttempts - 1,
    retry_back_off: { base_interval: protoDuration(r.initialBackoffMs), max_interval: protoDuration(r.maxBackoffMs) },
  };
  if (r.backoffMultiplier !== 2) input.note(`retry.backoffMultiplier ${r.backoffMultiplier} cannot be expressed in Envoy: nearest used, Envoy's fixed 2 (fully jittered exponential)`);
  if (r.perTryTimeoutMs !== undefined) out.per_try_timeout = protoDuration(r.perTryTimeoutMs);
  if (r.otherEndpoint) {
    out.retry_host_predicate = [{ name: 'envoy.retry_host_predicates.previous_hosts', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate' } }];
    out.host_selection_retry_max_attempts = 3;
  }
  if (r.honorPushback) {
    out.rate_limited_retry_back_off = { reset_headers: [{ name: 'retry-after', format: 'SECONDS' }], max_interval: protoDuration(Math.max(r.maxBackoffMs, 1000)) };
  }
  return out;
}

/** Our kinds as Envoy retry_on conditions and retriable_status_codes. */
function retryOn(input: ExportInput, kinds: readonly string[], field: string): Json {
  const on = new Set<string>();
  const codes = new Set<number>();
  for (const kind of kinds) {
    const http = /^http_(\d{3})$/.exec(kind);
    if (kind === 'refused') on.add('connect-failure');
    else if (kind === 'reset') on.add('reset');
    else if (kind === 'timeout') on.add('gateway-error');
    else if (http) {
      on.add('retriable-status-codes');
      codes.add(Number(http[1]));
    } else if (kind.startsWith('grpc_') && GRPC_RETRY_ON[kind.slice(5)]) on.add(GRPC_RETRY_ON[kind.slice(5)]);
    else input.note(`${field} ${kind} cannot be expressed in Envoy retry_on: nearest used, none (not retried)`);
  }
  return { retry_on: [...on].join(','), ...(codes.size ? { retriable_status_codes: [...codes] } : {}) };
}

/** Envoy's gRPC retry_on conditions (x-envoy-retry-grpc-on). */
const GRPC_RETRY_ON: Record<string, string> = {
  CANCELLED: 'cancelled', DEADLINE_EXCEEDED: 'deadline-exceeded', INTERNAL: 'internal', RESOURCE_EXHAUSTED: 'resource-exhausted', UNAVAILABLE: 'unavailable',
};
