import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../src/engine/errors';
import { STRATEGY_NAMES } from '../../../src/engine/types';
import { writeDemoProto } from '../../../src/demo/proto';
import { jsonErrorOffset } from '../../../src/pools/json-file';
import { loadPoolFile, parsePool, PoolErrors } from '../../../src/pools/parse';

type Json = Record<string, unknown>;

const httpPool = (): Json => ({
  name: 'api',
  transport: 'http',
  endpoints: [
    { id: 's1', address: 'http://127.0.0.1:8081', weight: 3 },
    { id: 's2', address: 'http://127.0.0.1:8082' },
    { id: 's3', address: 'https://api.example.com:443', zone: 'b' },
  ],
  request: { method: 'POST', path: '/v1/echo', headers: { 'content-type': 'application/json' }, body: { hello: 1 } },
  strategy: 'weighted-round-robin',
});

/** Applies `change` to a fresh good pool, parses it, and returns the messages of the problems. */
function problems(change: (pool: Json) => void, base = httpPool, baseDir?: string): string[] {
  const pool = base();
  change(pool);
  try {
    parsePool(pool, { baseDir });
  } catch (e) {
    assert.ok(e instanceof PoolErrors, `expected PoolErrors, got ${e}`);
    assert.ok(e instanceof ConfigError);
    assert.equal(e.message.split('\n')[0], e.errors[0].message, 'the message starts with the first problem');
    return e.errors.map((x) => x.message);
  }
  assert.fail('expected the pool to be rejected');
}

const eps = (pool: Json) => pool.endpoints as Json[];

describe('parsePool', () => {
  describe('good pools', () => {
    it('parses an http pool, defaulting weights to 1', () => {
      const pool = parsePool(httpPool());
      assert.equal(pool.name, 'api');
      assert.deepEqual(pool.endpoints.map((e) => e.weight), [3, 1, 1]);
      assert.equal(pool.endpoints[2].zone, 'b');
      assert.equal(pool.strategy, 'weighted-round-robin');
    });

    it('parses a jsonrpc pool with params, key template, outlier detection and simulation', () => {
      const pool = parsePool({
        $schema: './schemas/pool.schema.json',
        transport: 'jsonrpc',
        endpoints: [{ id: 'a', address: 'http://[::1]:9000', sim: { slots: 4, service: { type: 'mix', p: 0.9, a: { type: 'constant', ms: 1 }, b: { type: 'exponential', meanMs: 20 } } } }],
        request: { method: 'eth_blockNumber', params: [] },
        strategy: 'consistent-hash',
        key: 'user-{seq % 1000}-{random 10}',
        outlierDetection: { consecutiveErrors: 3, successRate: { requestVolume: 50 } },
        simulation: { defaults: { slots: 8, service: { type: 'lognormal', medianMs: 5, p99Ms: 25 }, errorRate: 0.01, rttMs: 0.2, queue: 100 } },
        control: 'http://127.0.0.1:7000',
      }, { source: 'pools/rpc.json' });
      assert.equal(pool.name, 'rpc', 'the name defaults to the file name');
      assert.equal(pool.key, 'user-{seq % 1000}-{random 10}');
      assert.deepEqual(pool.outlierDetection, { consecutiveErrors: 3, successRate: { requestVolume: 50 } });
    });

    it('parses a grpc pool whose proto defines the service and method', () => {
      const dir = mkdtempSync(join(tmpdir(), 'pool-'));
      try {
        writeDemoProto(join(dir, 'protos', 'demo.proto'));
        const pool = parsePool({
          transport: 'grpc',
          endpoints: [{ id: 'g1', address: '127.0.0.1:50051' }, { id: 'g2', address: 'localhost:50052' }],
          request: { proto: 'protos/demo.proto', service: 'demo.Echo', method: 'Call', message: { key: 'x' }, metadata: { a: 'b' } },
        }, { baseDir: dir });
        assert.equal(pool.transport, 'grpc');
        assert.equal((pool.request as { proto: string }).proto, 'protos/demo.proto', 'kept as written; resolved by the runner');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('allows a pool with discovery and no endpoints, and still checks the strategy options', () => {
      const pool = parsePool({ transport: 'http', discovery: { type: 'dns-srv', name: '_http._tcp.api', refresh: '30s' }, strategy: 'round-robin' });
      assert.deepEqual(pool.endpoints, []);
      assert.deepEqual(
        problems((p) => ((p.strategy = 'maglev'), (p.strategyOptions = { tableSize: 4 })), () => ({ transport: 'http', discovery: { type: 'etcd', endpoints: ['http://127.0.0.1:2379'], prefix: '/svc/' } })),
        ['strategyOptions: maglev: tableSize must be a prime number, got 4'],
      );
    });
  });

  const cases: [string, (p: Json) => void, string][] = [
    ['an http address without scheme', (p) => (eps(p)[2].address = 'localhost'), 'endpoints[2].address: expected http://host:port, got "localhost"'],
    ['an http address without port', (p) => (eps(p)[0].address = 'http://127.0.0.1'), 'endpoints[0].address: expected http://host:port, got "http://127.0.0.1"'],
    ['an http address with a path', (p) => (eps(p)[0].address = 'http://h:80/api'), 'endpoints[0].address: expected http://host:port, got "http://h:80/api"'],
    ['a port out of range', (p) => (eps(p)[0].address = 'http://h:70000'), 'endpoints[0].address: expected http://host:port, got "http://h:70000"'],
    ['a missing address', (p) => delete eps(p)[1].address, 'endpoints[1].address: expected http://host:port, got nothing'],
    ['an unknown transport', (p) => (p.transport = 'tcp'), 'transport: expected one of http, jsonrpc, grpc, got "tcp"'],
    ['a missing transport', (p) => delete p.transport, 'transport: required: one of http, jsonrpc, grpc'],
    ['an unknown strategy', (p) => (p.strategy = 'fastest'), `strategy: unknown strategy "fastest" (valid: ${STRATEGY_NAMES.join(', ')})`],
    ['a bad strategy option', (p) => ((p.strategy = 'maglev'), (p.strategyOptions = { tableSize: 65536 })), 'strategyOptions: maglev: tableSize must be a prime number, got 65536'],
    ['strategy options without a strategy', (p) => (delete p.strategy, (p.strategyOptions = {})), 'strategyOptions: given without a "strategy" they apply to'],
    ['a duplicate id', (p) => (eps(p)[2].id = 's1'), 'endpoints[2].id: duplicate id "s1" (also endpoints[0])'],
    ['an empty id', (p) => (eps(p)[0].id = ''), 'endpoints[0].id: expected a non-empty string, got ""'],
    ['a zero weight', (p) => (eps(p)[1].weight = 0), 'endpoints[1].weight: must be greater than 0, got 0'],
    ['a string weight', (p) => (eps(p)[1].weight = '2'), 'endpoints[1].weight: expected a number, got "2"'],
    ['an unknown endpoint field', (p) => (eps(p)[0].host = 'x'), 'endpoints[0].host: unknown field (known: id, address, weight, zone, priority, sim)'],
    ['an unknown top-level field', (p) => (p.endpoint = []), 'endpoint: unknown field (known: name, transport, endpoints, request, http2, tls, strategy, strategyOptions, outlierDetection, overprovisioningFactor, localityWeights, panicThreshold, slowStart, policy, key, requests, discovery, simulation, control, thresholds)'],
    ['no endpoints', (p) => (p.endpoints = []), 'endpoints: expected at least one endpoint (or a "discovery" section)'],
    ['endpoints not an array', (p) => (p.endpoints = { s1: 'x' }), 'endpoints: expected an array of endpoints, got {"s1":"x"}'],
    ['an endpoint that is not an object', (p) => (eps(p)[1] = 'http://h:1' as never), 'endpoints[1]: expected an object, got "http://h:1"'],
    ['an empty name', (p) => (p.name = ''), 'name: expected a non-empty string, got ""'],
    ['an unknown http method', (p) => ((p.request as Json).method = 'FETCH'), 'request.method: expected one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, got "FETCH"'],
    ['a path without a slash', (p) => ((p.request as Json).path = 'v1'), 'request.path: expected a path starting with "/", got "v1"'],
    ['a non-string header', (p) => ((p.request as Json).headers = { 'x-n': 1 }), 'request.headers["x-n"]: expected a string, got 1'],
    ['a GET with a body', (p) => ((p.request as Json).method = 'GET'), 'request.body: a GET request has no body'],
    ['a grpc field on an http request', (p) => ((p.request as Json).service = 'x'), 'request.service: unknown field (known: method, path, headers, body)'],
    ['a bad key template', (p) => (p.key = 'user-{sequence}'), 'key: unknown placeholder "{sequence}" (use {seq}, {seq % N} or {random N})'],
    ['an unclosed key template', (p) => (p.key = 'user-{seq'), 'key: unclosed "{" in "user-{seq"'],
    ['an empty key list', (p) => (p.key = { list: [] }), 'key.list: expected a non-empty array of strings, got []'],
    ['a key spec with two forms', (p) => (p.key = { list: ['a'], field: 'x' }), 'key: expected exactly one of "list", "field" or "space", got {"list":["a"],"field":"x"}'],
    ['a bad control URL', (p) => (p.control = '127.0.0.1:7000'), 'control: expected http://host:port, got "127.0.0.1:7000"'],
    ['outlier detection with a zero threshold', (p) => (p.outlierDetection = { consecutiveErrors: 0 }), 'outlierDetection.consecutiveErrors: must be at least 1, got 0'],
    ['outlier detection with an unknown field', (p) => (p.outlierDetection = { errors: 3 }), 'outlierDetection.errors: unknown field (known: consecutiveErrors, baseEjectionTimeMs, maxEjectionTimeMs, maxEjectionPercent, intervalMs, successRate)'],
    ['outlier detection over 100 percent', (p) => (p.outlierDetection = { maxEjectionPercent: 150 }), 'outlierDetection.maxEjectionPercent: must be at most 100, got 150'],
    ['outlier detection max below base', (p) => (p.outlierDetection = { baseEjectionTimeMs: 1000, maxEjectionTimeMs: 10 }), 'outlierDetection.maxEjectionTimeMs: must be at least baseEjectionTimeMs (1000), got 10'],
    ['outlier detection success rate stdev 0', (p) => (p.outlierDetection = { successRate: { stdevFactor: 0 } }), 'outlierDetection.successRate.stdevFactor: must be greater than 0, got 0'],
    ['a discovery type', (p) => (p.discovery = { type: 'consul' }), 'discovery.type: expected one of dns-srv, etcd, got "consul"'],
    ['a dns-srv without name', (p) => (p.discovery = { type: 'dns-srv' }), 'discovery.name: expected a non-empty string, got nothing'],
    ['a dns-srv refresh', (p) => (p.discovery = { type: 'dns-srv', name: 'x', refresh: 'often' }), 'discovery.refresh: expected a duration like "3s", "250ms", "1m" or a number of milliseconds, got "often"'],
    ['etcd endpoints', (p) => (p.discovery = { type: 'etcd', endpoints: ['etcd:2379'], prefix: '/svc/' }), 'discovery.endpoints[0]: expected http://host:port, got "etcd:2379"'],
    ['etcd without prefix', (p) => (p.discovery = { type: 'etcd', endpoints: ['http://etcd:2379'] }), 'discovery.prefix: expected a non-empty string, got nothing'],
    // issue 5, "Bad input": impossible distributions, negative rates, zero slots.
    ['p99 below the median', (p) => (eps(p)[0].sim = { service: { type: 'lognormal', medianMs: 10, p99Ms: 5 } }), 'endpoints[0].sim.service.p99Ms: must be at least medianMs (10), got 5'],
    ['zero slots', (p) => (eps(p)[1].sim = { slots: 0 }), 'endpoints[1].sim.slots: must be at least 1, got 0'],
    ['fractional slots', (p) => (p.simulation = { defaults: { slots: 2.5 } }), 'simulation.defaults.slots: expected a whole number, got 2.5'],
    ['a negative error rate', (p) => (p.simulation = { defaults: { errorRate: -0.1 } }), 'simulation.defaults.errorRate: must be at least 0, got -0.1'],
    ['an error rate above 1', (p) => (eps(p)[0].sim = { errorRate: 2 }), 'endpoints[0].sim.errorRate: must be at most 1, got 2'],
    ['a negative rtt', (p) => (eps(p)[0].sim = { rttMs: -1 }), 'endpoints[0].sim.rttMs: must be at least 0, got -1'],
    ['a negative exponential mean', (p) => (eps(p)[0].sim = { service: { type: 'exponential', meanMs: -3 } }), 'endpoints[0].sim.service.meanMs: must be greater than 0, got -3'],
    ['an unknown distribution', (p) => (eps(p)[0].sim = { service: { type: 'pareto' } }), 'endpoints[0].sim.service.type: expected one of constant, exponential, lognormal, mix, got "pareto"'],
    ['a nested mix', (p) => (eps(p)[0].sim = { service: { type: 'mix', p: 0.5, a: { type: 'constant', ms: 1 }, b: { type: 'mix' } } }), 'endpoints[0].sim.service.b.type: expected one of constant, exponential, lognormal, got "mix"'],
    ['a mix share above 1', (p) => (eps(p)[0].sim = { service: { type: 'mix', p: 1.5, a: { type: 'constant', ms: 1 }, b: { type: 'constant', ms: 2 } } }), 'endpoints[0].sim.service.p: must be at most 1, got 1.5'],
    ['an unknown sim field', (p) => (eps(p)[0].sim = { threads: 4 }), 'endpoints[0].sim.threads: unknown field (known: slots, queue, service, errorRate, rttMs)'],
    ['a negative queue', (p) => (p.simulation = { defaults: { queue: -1 } }), 'simulation.defaults.queue: must be at least 0, got -1'],
    ['an unknown simulation field', (p) => (p.simulation = { seed: 1 }), 'simulation.seed: unknown field (known: defaults)'],
  ];
  describe('bad fields, one error each (path and problem)', () => {
    for (const [what, change, message] of cases) {
      it(`rejects ${what}`, () => {
        assert.deepEqual(problems(change), [message]);
      });
    }
  });

  describe('per transport', () => {
    const jsonrpc = (): Json => ({ transport: 'jsonrpc', endpoints: [{ id: 'a', address: 'http://h:1' }], request: { method: 'm' } });
    const grpcPool = (): Json => ({ transport: 'grpc', endpoints: [{ id: 'a', address: 'h:1' }], request: { proto: 'demo.proto', service: 'demo.Echo', method: 'Call' } });
    let dir = '';
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'pool-'));
      writeDemoProto(join(dir, 'demo.proto'));
      writeFileSync(join(dir, 'broken.proto'), 'syntax = "proto3"; message {');
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('jsonrpc needs a request', () => assert.deepEqual(problems((p) => delete p.request, jsonrpc), ['request: required for jsonrpc: { "method": ... }']));
    it('jsonrpc needs a method', () => assert.deepEqual(problems((p) => (p.request = { params: [] }), jsonrpc), ['request.method: required: the JSON-RPC method to call']));
    it('jsonrpc params are structured', () => assert.deepEqual(problems((p) => ((p.request as Json).params = 5), jsonrpc), ['request.params: expected an array or an object, got 5']));
    it('grpc addresses are host:port', () => assert.deepEqual(problems((p) => (eps(p)[0].address = 'http://h:1'), grpcPool, dir), ['endpoints[0].address: expected host:port, got "http://h:1"']));
    it('grpc needs a request', () => assert.deepEqual(problems((p) => delete p.request, grpcPool, dir), ['request: required for grpc: { "proto", "service", "method" }']));
    it('grpc needs service and method', () =>
      assert.deepEqual(problems((p) => (p.request = { proto: 'demo.proto' }), grpcPool, dir), [
        'request.service: required for grpc (proto, service and method)',
        'request.method: required for grpc (proto, service and method)',
      ]));
    it('grpc proto must exist (resolved against baseDir)', () => {
      const [message] = problems((p) => ((p.request as Json).proto = 'missing.proto'), grpcPool, dir);
      assert.equal(message, `request.proto: no such file "missing.proto" (looked for ${join(dir, 'missing.proto')})`);
    });
    it('grpc proto must load', () => assert.match(problems((p) => ((p.request as Json).proto = 'broken.proto'), grpcPool, dir)[0], /^request\.proto: cannot load "broken\.proto": /));
    it('grpc service must be in the proto', () => assert.deepEqual(problems((p) => ((p.request as Json).service = 'demo.Nope'), grpcPool, dir), ['request.service: no service "demo.Nope" in demo.proto (services: demo.Echo)']));
    it('grpc method must be in the service', () => assert.deepEqual(problems((p) => ((p.request as Json).method = 'Get'), grpcPool, dir), ['request.method: no method "Get" in demo.Echo (methods: Call)']));
  });

  it('reports every problem, in file order, the message starting with the first path', () => {
    const errors = problems((p) => {
      eps(p)[0].address = 'localhost';
      eps(p)[1].weight = -2;
      p.strategy = 'nope';
    });
    assert.deepEqual(errors.map((e) => e.split(':')[0]), ['endpoints[0].address', 'endpoints[1].weight', 'strategy']);
  });

  it('rejects what is not an object', () => {
    assert.throws(() => parsePool([1]), (e: PoolErrors) => e.message === 'a pool must be a JSON object, got [1]');
  });

  describe('jsonErrorOffset', () => {
    for (const [text, offset] of [['{"a": 1}', -1], ['[1, 2,]', 6], ['{"a" 1}', 5], ['{"a": tru}', 6], ['"x', 2], ['{} x', 3], ['', 0], ['[1e5, -0.5, "\\u00e9"]', -1]] as const) {
      it(`finds ${offset} in ${JSON.stringify(text)}`, () => assert.equal(jsonErrorOffset(text), offset));
    }
  });

  describe('loadPoolFile', () => {
    let dir = '';
    before(() => (dir = mkdtempSync(join(tmpdir(), 'poolfile-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('names the file and the line and column of a JSON syntax error', () => {
      const file = join(dir, 'bad.json');
      writeFileSync(file, '{\n  "transport": "http",\n  "endpoints": [,]\n}');
      assert.throws(() => loadPoolFile(file), (e: ConfigError) => e.path === file && /^invalid JSON at line 3 column 17/.test(e.problem));
    });

    it('names a missing file', () => {
      const file = join(dir, 'none.json');
      assert.throws(() => loadPoolFile(file), (e: ConfigError) => e.message === `${file}: cannot read: ENOENT`);
    });

    it('reads a pool, names it after the file and keeps the source on errors', () => {
      const file = join(dir, 'mypool.json');
      writeFileSync(file, JSON.stringify({ transport: 'http', endpoints: [{ id: 'a', address: 'http://h:1' }] }));
      assert.equal(loadPoolFile(file).name, 'mypool');
      writeFileSync(file, JSON.stringify({ transport: 'http', endpoints: [{ id: 'a', address: 'h:1' }] }));
      assert.throws(() => loadPoolFile(file), (e: PoolErrors) => e.source === file && e.path === 'endpoints[0].address');
    });
  });
});
