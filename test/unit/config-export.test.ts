/**
 * The gRPC and nginx exports field by field, grpc-js's own service-config validator on every
 * strategy's export, the notes, and the export's own bad input.
 */
import assert from 'node:assert/strict';
import { validateServiceConfig } from '@grpc/grpc-js/build/src/service-config';
import { exportConfig, ourGrpcPolicyName, type Variant } from '../../src/config-export';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDemoProto } from '../../src/demo/proto';
import { STRATEGY_NAMES } from '../../src/engine/types';
import { grpcPolicyName } from '../../src/integrations/grpc';
import { parsePool } from '../../src/pools/parse';
import type { ClientPolicy } from '../../src/pools/policy-types';

const PROTO = writeDemoProto(join(mkdtempSync(join(tmpdir(), 'rpcb-export-')), 'demo.proto'));
const grpcPool = parsePool({
  name: 'api', transport: 'grpc', request: { proto: PROTO, service: 'demo.Echo', method: 'Call' },
  endpoints: [
    { id: 'a', address: '127.0.0.1:50051', weight: 2 },
    { id: 'b', address: '127.0.0.1:50052' },
    { id: 'c', address: '127.0.0.1:50053', priority: 1 },
  ],
});
const flat = parsePool({ name: 'flat', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:9001' }, { id: 'b', address: 'http://127.0.0.1:9002' }] });
const RETRY: ClientPolicy = {
  deadlineMs: 2000,
  retry: { maxAttempts: 3, initialBackoffMs: 25, maxBackoffMs: 1000, backoffMultiplier: 2, retryOn: ['refused', 'grpc_UNAVAILABLE', 'grpc_RESOURCE_EXHAUSTED', 'http_503'], otherEndpoint: true, honorPushback: true },
  budget: { ratio: 0.2, minPerSecond: 10, ttlMs: 10_000 },
};
const grpcOf = (pool: typeof flat, v: Variant) => {
  const r = exportConfig(pool, v, 'grpc');
  return { config: JSON.parse(r.text) as Record<string, unknown>, notes: r.notes };
};

describe('config export: gRPC service config', () => {
  it('names our policies exactly as registerGrpcPolicies registers them', () => {
    for (const s of STRATEGY_NAMES) assert.equal(ourGrpcPolicyName(s), grpcPolicyName(s));
  });

  for (const strategy of STRATEGY_NAMES) {
    it(`${strategy}: grpc-js's own validator accepts the export (with a retry policy)`, () => {
      for (const pool of [flat, grpcPool]) validateServiceConfig(JSON.parse(exportConfig(pool, { name: 'v', strategy, outlierDetection: true, policy: RETRY }, 'grpc').text));
    });
  }

  it('uses grpc-js round_robin, pick_first and weighted_round_robin where they fit, outlier_detection (A50) around them', () => {
    assert.deepEqual(grpcOf(flat, { name: 'v', strategy: 'round-robin' }).config.loadBalancingConfig, [{ round_robin: {} }]);
    assert.deepEqual(grpcOf(flat, { name: 'v', strategy: 'pick-first', strategyOptions: { shuffleAddressList: true } }).config.loadBalancingConfig, [{ pick_first: { shuffleAddressList: true } }]);
    const orca = grpcOf(flat, { name: 'v', strategy: 'orca-weighted-round-robin', strategyOptions: { blackoutPeriodMs: 5000, weightUpdatePeriodMs: 500, errorUtilizationPenalty: 0.5 } });
    assert.deepEqual(orca.config.loadBalancingConfig, [{ weighted_round_robin: { enableOobLoadReport: false, blackoutPeriod: '5s', weightUpdatePeriod: '0.5s', errorUtilizationPenalty: 0.5 } }]);
    const od = grpcOf(flat, { name: 'v', strategy: 'round-robin', outlierDetection: { consecutiveErrors: 3, baseEjectionTimeMs: 5000, successRate: { minimumHosts: 2 } } });
    assert.deepEqual(od.config.loadBalancingConfig, [{
      outlier_detection: {
        interval: '10s', baseEjectionTime: '5s', maxEjectionTime: '300s', maxEjectionPercent: 10,
        successRateEjection: { stdevFactor: 1900, enforcementPercentage: 100, minimumHosts: 2, requestVolume: 100 },
        failurePercentageEjection: { threshold: 50, enforcementPercentage: 100, minimumHosts: 1, requestVolume: 3 },
        childPolicy: [{ round_robin: {} }],
      },
    }]);
    assert.ok(od.notes.some((n) => n.startsWith('outlierDetection.consecutiveErrors (3) cannot be expressed in gRPC A50')), od.notes.join('\n'));
  });

  it('uses ours for the rest, with the pool\'s weights, priorities and outlier detection by address', () => {
    const { config } = grpcOf(grpcPool, { name: 'v', strategy: 'weighted-round-robin', outlierDetection: { consecutiveErrors: 4 } });
    assert.deepEqual(config.loadBalancingConfig, [{
      rpc_balancer_weighted_round_robin: {
        outlierDetection: { consecutiveErrors: 4 },
        weights: { '127.0.0.1:50051': 2, '127.0.0.1:50052': 1, '127.0.0.1:50053': 1 },
        priorities: { '127.0.0.1:50053': 1 },
      },
    }]);
    // Round robin weighs every endpoint the same, here and there: no weights to carry.
    assert.deepEqual(grpcOf(grpcPool, { name: 'v', strategy: 'round-robin' }).config.loadBalancingConfig, [{ rpc_balancer_round_robin: { priorities: { '127.0.0.1:50053': 1 } } }]);
    const hash = grpcOf(flat, { name: 'v', strategy: 'maglev', strategyOptions: { tableSize: 251 } }).config.loadBalancingConfig;
    assert.deepEqual(hash, [{ rpc_balancer_maglev: { tableSize: 251, hashHeader: 'x-hash-key' } }]);
  });

  it('writes the A6 retryPolicy, the deadline as timeout, and the budget as retryThrottling, naming what it changed', () => {
    const { config, notes } = grpcOf(flat, { name: 'v', strategy: 'round-robin', policy: RETRY });
    assert.deepEqual(config.methodConfig, [{
      name: [{}], timeout: '2s',
      retryPolicy: { maxAttempts: 3, initialBackoff: '0.025s', maxBackoff: '1s', backoffMultiplier: 2, retryableStatusCodes: ['UNAVAILABLE', 'RESOURCE_EXHAUSTED'] },
    }]);
    assert.deepEqual(config.retryThrottling, { maxTokens: 10, tokenRatio: 0.2 });
    for (const start of ['retry.retryOn http_503 cannot be expressed in gRPC', 'retry.otherEndpoint cannot be expressed in gRPC', 'budget (ratio 0.2, minPerSecond 10, ttl 10000 ms) cannot be expressed in gRPC']) {
      assert.ok(notes.some((n) => n.startsWith(start)), `${start}\n in ${notes.join('\n')}`);
    }
  });

  it('writes hedgingPolicy and throttling as given', () => {
    const { config } = grpcOf(flat, { name: 'v', strategy: 'round-robin', policy: { hedging: { maxAttempts: 2, delayMs: 20, nonFatal: ['grpc_UNAVAILABLE'] }, throttling: { maxTokens: 10, tokenRatio: 0.1 } } });
    assert.deepEqual(config.methodConfig, [{ name: [{}], hedgingPolicy: { maxAttempts: 2, hedgingDelay: '0.02s', nonFatalStatusCodes: ['UNAVAILABLE'] } }]);
    assert.deepEqual(config.retryThrottling, { maxTokens: 10, tokenRatio: 0.1 });
  });
});

describe('config export: nginx', () => {
  const nginx = (pool: typeof flat, v: Variant) => exportConfig(pool, v, 'nginx', { listen: 8081 });

  it('round robin with weights, backup for a lower priority, max_fails=0 without outlier detection', () => {
    const { text } = nginx(grpcPool, { name: 'v', strategy: 'weighted-round-robin' });
    assert.match(text, /^upstream api \{\n {4}server 127\.0\.0\.1:50051 weight=2 max_fails=0; {2}# a\n {4}server 127\.0\.0\.1:50052 max_fails=0; {2}# b\n {4}server 127\.0\.0\.1:50053 max_fails=0 backup; {2}# c\n\}/);
    assert.match(text, /listen 8081 http2;\n {4}location \/ \{\n {8}grpc_pass grpc:\/\/api;\n {8}grpc_next_upstream off;/);
  });

  it('least_conn, random two least_conn, random, pick-first as primary and backups', () => {
    assert.match(nginx(flat, { name: 'v', strategy: 'least-connections' }).text, /upstream flat \{\n {4}least_conn;/);
    assert.match(nginx(flat, { name: 'v', strategy: 'least-request' }).text, /upstream flat \{\n {4}random two least_conn;/);
    assert.match(nginx(flat, { name: 'v', strategy: 'random' }).text, /upstream flat \{\n {4}random;/);
    assert.match(nginx(flat, { name: 'v', strategy: 'pick-first' }).text, /server 127\.0\.0\.1:9001 max_fails=0; {2}# a\n {4}server 127\.0\.0\.1:9002 max_fails=0 backup; {2}# b/);
  });

  it('outlier detection as max_fails/fail_timeout, the retry as proxy_next_upstream, each gap in the notes', () => {
    const { text, notes } = nginx(flat, { name: 'v', strategy: 'round-robin', outlierDetection: { consecutiveErrors: 3, baseEjectionTimeMs: 10_000 }, policy: { ...RETRY, retry: { ...RETRY.retry!, perTryTimeoutMs: 500 } } });
    assert.match(text, /server 127\.0\.0\.1:9001 max_fails=3 fail_timeout=10s;/);
    assert.match(text, /proxy_next_upstream error http_503 non_idempotent;\n {8}proxy_next_upstream_tries 3;\n {8}proxy_read_timeout 500ms;\n {8}proxy_send_timeout 500ms;\n {8}proxy_next_upstream_timeout 2s;/);
    for (const start of ['outlierDetection cannot be expressed exactly in nginx', 'grpc_RESOURCE_EXHAUSTED cannot be expressed in nginx', 'retry backoff cannot be expressed in nginx', 'budget cannot be expressed in nginx']) {
      assert.ok(notes.some((n) => n.startsWith(start)), `${start}\n in ${notes.join('\n')}`);
    }
  });
});

describe('config export: bad input', () => {
  const v: Variant = { name: 'v', strategy: 'round-robin' };
  it('rejects an unknown format', () => assert.throws(() => exportConfig(flat, v, 'haproxy' as never), /^ConfigError: format: expected one of grpc, envoy, nginx, got "haproxy"/));
  it('rejects a hash header that is no header name', () => assert.throws(() => exportConfig(flat, v, 'nginx', { hashHeader: 'x key' }), /hashHeader: expected a header name/));
  it('rejects a listen that is no port', () => assert.throws(() => exportConfig(flat, v, 'nginx', { listen: 'everywhere' }), /listen: expected a port or host:port, got "everywhere"/));
});
