import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { writeDemoProto } from '../../../src/demo/proto';
import { STRATEGY_NAMES } from '../../../src/engine/types';
import { DEMO_ENDPOINTS, DEMO_SCENARIO, demoPool, demoScenario, demoServerOptions } from '../../../src/pools/demo-pool';
import { parsePool } from '../../../src/pools/parse';
import { poolSchema, scenarioSchema } from '../../../src/pools/schema';
import { writeSchemas } from '../../../src/pools/write-schemas';

const ajv = new Ajv({ allErrors: true, strict: false });
const validPool = ajv.compile(poolSchema);
const validScenario = ajv.compile(scenarioSchema);

describe('pool and scenario JSON Schemas', () => {
  it('are draft-07 without $ref (usable as the rpcBalancer.pools item schema)', () => {
    assert.equal(poolSchema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.ok(!JSON.stringify(poolSchema).includes('"$ref"'));
  });

  it('list the strategy names from the engine', () => {
    assert.deepEqual((poolSchema.properties as { strategy: { enum: string[] } }).strategy.enum, [...STRATEGY_NAMES]);
  });

  it('accept what parsePool accepts: the demo pool for every transport', () => {
    for (const t of ['http', 'jsonrpc', 'grpc'] as const) {
      const pool = demoPool(t, { control: 'http://127.0.0.1:7000' });
      assert.ok(validPool(pool), `${t}: ${ajv.errorsText(validPool.errors)}`);
    }
    assert.ok(validScenario(DEMO_SCENARIO), ajv.errorsText(validScenario.errors));
    assert.ok(validScenario(DEMO_SCENARIO.faults));
  });

  const rejectedByBoth: [string, Record<string, unknown>][] = [
    ['an unknown transport', { transport: 'tcp', endpoints: [{ id: 'a', address: 'h:1' }] }],
    ['an unknown strategy', { transport: 'http', strategy: 'fastest', endpoints: [{ id: 'a', address: 'http://h:1' }] }],
    ['an unknown field', { transport: 'http', endpoints: [{ id: 'a', address: 'http://h:1', host: 'x' }] }],
    ['zero weight', { transport: 'http', endpoints: [{ id: 'a', address: 'http://h:1', weight: 0 }] }],
    ['zero slots', { transport: 'http', endpoints: [{ id: 'a', address: 'http://h:1', sim: { slots: 0 } }] }],
    ['a negative error rate', { transport: 'http', endpoints: [{ id: 'a', address: 'http://h:1' }], simulation: { defaults: { errorRate: -1 } } }],
    ['a control without port', { transport: 'http', endpoints: [{ id: 'a', address: 'http://h:1' }], control: 'http://h' }],
    ['an unknown discovery', { transport: 'http', discovery: { type: 'consul' } }],
  ];
  for (const [what, pool] of rejectedByBoth) {
    it(`reject ${what}, as parsePool does`, () => {
      assert.equal(validPool(pool), false);
      assert.throws(() => parsePool(pool));
    });
  }

  it('scenario schema wants exactly one action', () => {
    assert.equal(validScenario([{ at: '1s', endpoint: 's1' }]), false);
    assert.equal(validScenario([{ at: '1s', endpoint: 's1', slow: 2, fail: 0.5 }]), false);
    assert.equal(validScenario([{ at: '1s', endpoint: 's1', stall: '500ms' }]), true);
  });

  it('writeSchemas writes both files, and the committed ones are up to date', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schemas-'));
    try {
      const files = writeSchemas(dir);
      assert.deepEqual(files.map((f) => f.slice(dir.length + 1)), ['pool.schema.json', 'scenario.schema.json']);
      for (const f of files) {
        const name = f.slice(dir.length + 1);
        assert.equal(readFileSync(join('schemas', name), 'utf8'), readFileSync(f, 'utf8'), `schemas/${name} is stale: run node --import tsx src/pools/write-schemas.ts`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the demo pool', () => {
  it('has 5 endpoints of different speed and weight, each with a matching virtual server', () => {
    assert.equal(DEMO_ENDPOINTS.length, 5);
    assert.equal(new Set(DEMO_ENDPOINTS.map((e) => e.medianMs)).size, 5);
    assert.ok(new Set(DEMO_ENDPOINTS.map((e) => e.weight)).size >= 3);
    const pool = parsePool(demoPool('http'));
    for (const [i, e] of DEMO_ENDPOINTS.entries()) {
      assert.equal(pool.endpoints[i].weight, e.weight);
      assert.deepEqual(pool.endpoints[i].sim?.service, { type: 'lognormal', medianMs: e.medianMs, p99Ms: e.p99Ms });
      assert.equal(pool.endpoints[i].sim?.slots, e.concurrency);
    }
  });

  it('parses for every transport, with given addresses, control and proto', () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-pool-'));
    try {
      const protoPath = writeDemoProto(join(dir, 'demo.proto'));
      const addresses = Object.fromEntries(DEMO_ENDPOINTS.map((e, i) => [e.id, `127.0.0.1:${40000 + i}`]));
      const grpc = parsePool(demoPool('grpc', { addresses, protoPath, control: 'http://127.0.0.1:7000' }));
      assert.deepEqual(grpc.endpoints.map((e) => e.address), Object.values(addresses));
      assert.equal(grpc.control, 'http://127.0.0.1:7000');
      assert.equal(parsePool(demoPool('jsonrpc')).transport, 'jsonrpc');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('its scenario slows one endpoint tenfold, then fails half of another', () => {
    const steps = demoScenario();
    assert.deepEqual(steps.map((s) => [s.action, s.value]), [['slow', 10], ['fail', 0.5]]);
    assert.ok(steps[0].at < steps[1].at);
    assert.notEqual(steps[0].endpoint, steps[1].endpoint);
  });

  it('demoServerOptions carries each endpoint behaviour to the servers', () => {
    const opts = demoServerOptions({ transport: 'grpc', seed: 5 });
    assert.equal(opts.transport, 'grpc');
    assert.equal(opts.seed, 5);
    assert.deepEqual(opts.endpoints.map((e) => [e.id, e.weight, e.medianMs, e.p99Ms, e.errorRate, e.concurrency]), DEMO_ENDPOINTS.map((e) => [e.id, e.weight, e.medianMs, e.p99Ms, e.errorRate, e.concurrency]));
  });
});
