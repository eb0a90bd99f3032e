/**
 * The Envoy export checked against Envoy's own API protos (cluster.proto, route_components.proto,
 * from @grpc/grpc-js-xds), field by field: a misspelt field, an unknown enum name or a wrong type
 * fails (proved below by breaking an export on purpose).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportConfig, type Variant } from '../../src/config-export';
import { writeDemoProto } from '../../src/demo/proto';
import { parsePool } from '../../src/pools/parse';
import { checkProtoJson, loadProtos } from '../helpers/proto-json';

const PROTO = writeDemoProto(join(mkdtempSync(join(tmpdir(), 'rpcb-envoy-')), 'demo.proto'));
const CLUSTER = 'envoy.config.cluster.v3.Cluster';
const ROUTE = 'envoy.config.route.v3.Route';

const pool = parsePool({
  name: 'api', transport: 'http', localityWeights: { 'eu-1': 2, 'eu-2': 1 }, panicThreshold: 40, overprovisioningFactor: 1.2,
  slowStart: { window: '30s', aggression: 1.5, minWeightPercent: 10 },
  endpoints: [
    { id: 'a', address: 'http://127.0.0.1:9001', weight: 2, zone: 'eu-1' },
    { id: 'b', address: 'http://127.0.0.1:9002', zone: 'eu-2' },
    { id: 'c', address: 'http://127.0.0.1:9003', zone: 'eu-2', priority: 1 },
  ],
});

const POLICY = {
  deadlineMs: 2000,
  retry: { maxAttempts: 3, initialBackoffMs: 25, maxBackoffMs: 1000, backoffMultiplier: 2, retryOn: ['refused', 'reset', 'timeout', 'http_503', 'grpc_UNAVAILABLE'], perTryTimeoutMs: 500, otherEndpoint: true, honorPushback: true },
  budget: { ratio: 0.2, minPerSecond: 10, ttlMs: 10_000 },
  circuitBreaker: { maxRequests: 1024, maxRetries: 3 },
};

const VARIANTS: Variant[] = [
  { name: 'rr', strategy: 'round-robin', outlierDetection: { consecutiveErrors: 3, successRate: { minimumHosts: 3 } }, policy: POLICY },
  { name: 'lr', strategy: 'least-request', strategyOptions: { choiceCount: 3, activeRequestBias: 0.5 }, outlierDetection: true },
  { name: 'ewma', strategy: 'p2c-peak-ewma', policy: { hedging: { maxAttempts: 2, delayMs: 20, nonFatal: ['http_503', 'grpc_UNAVAILABLE'] }, throttling: { maxTokens: 10, tokenRatio: 0.1 } } },
  { name: 'ring', strategy: 'bounded-load-hash', strategyOptions: { balanceFactor: 1.5, pointsPerWeight: 50 } },
  { name: 'maglev', strategy: 'maglev' },
  { name: 'random', strategy: 'weighted-random' },
  { name: 'first', strategy: 'pick-first' },
];

describe('config export: Envoy against its API protos', function () {
  this.timeout(30_000);
  const root = loadProtos([
    'envoy/config/cluster/v3/cluster.proto',
    'envoy/config/route/v3/route_components.proto',
    'envoy/extensions/retry/host/previous_hosts/v3/previous_hosts.proto',
    'envoy/extensions/upstreams/http/v3/http_protocol_options.proto',
  ]);
  const envoy = (v: Variant) => JSON.parse(exportConfig(pool, v, 'envoy').text) as { cluster: Record<string, unknown>; route: Record<string, unknown> };

  for (const v of VARIANTS) {
    it(`${v.name} (${v.strategy}): the cluster is a valid Cluster and the route a valid Route`, () => {
      const { cluster, route } = envoy(v);
      assert.deepEqual(checkProtoJson(root, CLUSTER, cluster), []);
      assert.deepEqual(checkProtoJson(root, ROUTE, route), []);
    });
  }

  it('a gRPC pool\'s cluster speaks HTTP/2 upstream (typed_extension_protocol_options), valid against the protos', () => {
    const grpcPool = parsePool({ name: 'g', transport: 'grpc', request: { proto: PROTO, service: 'demo.Echo', method: 'Call' }, endpoints: [{ id: 'a', address: '127.0.0.1:50051' }] });
    const { cluster } = JSON.parse(exportConfig(grpcPool, { name: 'v', strategy: 'round-robin', policy: { retry: { ...POLICY.retry } } }, 'envoy').text) as { cluster: Record<string, unknown> };
    assert.deepEqual(checkProtoJson(root, CLUSTER, cluster), []);
    const options = cluster.typed_extension_protocol_options as Record<string, { explicit_http_config: unknown }>;
    assert.deepEqual(options['envoy.extensions.upstreams.http.v3.HttpProtocolOptions'].explicit_http_config, { http2_protocol_options: {} });
  });

  it('a misspelt field, an unknown enum name and a wrong type each fail the check', () => {
    const { cluster, route } = envoy(VARIANTS[0]);
    const { lb_policy: lb, ...rest } = cluster;
    assert.deepEqual(checkProtoJson(root, CLUSTER, { ...rest, lb_polcy: lb }), ['Cluster.lb_polcy: no such field in envoy.config.cluster.v3.Cluster']);
    assert.match(checkProtoJson(root, CLUSTER, { ...cluster, lb_policy: 'ROUND_ROBINN' })[0], /^Cluster\.lb_policy: expected one of .*ROUND_ROBIN/);
    const r = route.route as Record<string, unknown>;
    assert.deepEqual(checkProtoJson(root, ROUTE, { ...route, route: { ...r, timeout: '2 seconds' } }), ['Route.route.timeout: expected a Duration like "1.5s", got "2 seconds"']);
    const retry = r.retry_policy as Record<string, unknown>;
    assert.deepEqual(checkProtoJson(root, ROUTE, { ...route, route: { ...r, retry_policy: { ...retry, num_retries: -1 } } }), ['Route.route.retry_policy.num_retries: expected uint32, got -1']);
  });

  it('maps strategy, shape and policy onto the Envoy fields named in the issue', () => {
    const { cluster, route } = envoy(VARIANTS[0]);
    assert.equal(cluster.lb_policy, 'ROUND_ROBIN');
    assert.deepEqual(cluster.common_lb_config, { healthy_panic_threshold: { value: 40 }, locality_weighted_lb_config: {} });
    const la = cluster.load_assignment as { endpoints: { locality?: { zone: string }; priority?: number; load_balancing_weight?: number; lb_endpoints: unknown[] }[]; policy: unknown };
    assert.deepEqual(la.endpoints.map((g) => [g.locality?.zone, g.priority ?? 0, g.load_balancing_weight, g.lb_endpoints.length]), [['eu-1', 0, 2, 1], ['eu-2', 0, 1, 1], ['eu-2', 1, 1, 1]]);
    assert.deepEqual(la.policy, { overprovisioning_factor: 120 });
    assert.deepEqual((cluster.round_robin_lb_config as { slow_start_config: unknown }).slow_start_config, { slow_start_window: '30s', aggression: { default_value: 1.5, runtime_key: 'upstream.slow_start.aggression' }, min_weight_percent: { value: 10 } });
    assert.deepEqual(cluster.circuit_breakers, { thresholds: [{ priority: 'DEFAULT', max_requests: 1024, max_retries: 3, retry_budget: { budget_percent: { value: 20 }, min_retry_concurrency: 10 } }] });
    const rp = (route.route as { retry_policy: Record<string, unknown>; timeout: string });
    assert.equal(rp.timeout, '2s');
    assert.equal(rp.retry_policy.retry_on, 'connect-failure,reset,gateway-error,retriable-status-codes,unavailable');
    assert.deepEqual(rp.retry_policy.retriable_status_codes, [503]);
    assert.equal(rp.retry_policy.num_retries, 2);
    assert.equal(rp.retry_policy.per_try_timeout, '0.5s');
  });

  it('names what Envoy cannot express: hedging beyond per-try timeouts, throttling, p2c-peak-ewma', () => {
    const { notes, text } = exportConfig(pool, VARIANTS[2], 'envoy');
    assert.ok(notes.some((n) => n.startsWith('p2c-peak-ewma cannot be expressed as an Envoy lb_policy: nearest used, LEAST_REQUEST')), notes.join('\n'));
    assert.ok(notes.some((n) => n.startsWith('hedging cannot be expressed exactly in Envoy')), notes.join('\n'));
    assert.ok(notes.some((n) => n.startsWith('throttling cannot be expressed in Envoy')), notes.join('\n'));
    const route = (JSON.parse(text) as { route: { route: Record<string, unknown> } }).route.route;
    assert.deepEqual(route.hedge_policy, { hedge_on_per_try_timeout: true });
    assert.equal((route.retry_policy as { per_try_timeout: string }).per_try_timeout, '0.02s');
  });
});
