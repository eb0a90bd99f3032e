import { strict as assert } from 'node:assert';
import { defaultExportName, exportJson, stateOfResultFile } from '../../../src/extension/export-content';
import { describeConfig, loadTestConfigOf, ringViewOf, simulationConfigOf } from '../../../src/extension/run-configs';
import { readLoadSettings } from '../../../src/extension/settings';
import { demoPool } from '../../../src/pools/demo-pool';
import { parsePool } from '../../../src/pools/parse';
import { REDACTED } from '../../../src/result/redact';
import type { RunResult } from '../../../src/result/types';
import { validateRunResult } from '../../../src/result/validate';
import { makePlan } from '../../../src/loadtest/plan';
import { planSimulation, simulate } from '../../../src/simulate';

const settings = readLoadSettings((k) => ({ 'loadTest.duration': '2s', 'loadTest.concurrency': 4 } as Record<string, unknown>)[k]);
const maglevPool = parsePool({ ...demoPool('http'), strategy: 'maglev', strategyOptions: { tableSize: 251 } });

describe('extension run configs', () => {
  it('gives the pool\'s strategy options only to the pool\'s own strategy', () => {
    // The extension leaves the choice to the run plan's one rule, as the CLI and the library do.
    assert.deepEqual(makePlan(loadTestConfigOf(maglevPool, 'maglev', settings, 'closed')).strategyOptions, { tableSize: 251 });
    assert.deepEqual(makePlan(loadTestConfigOf(maglevPool, 'round-robin', settings, 'closed')).strategyOptions, {});
    assert.deepEqual(planSimulation(simulationConfigOf(maglevPool, 'round-robin', settings, 'closed')).strategyOptions, {});
  });

  it('builds a load test from the settings', () => {
    const c = loadTestConfigOf(maglevPool, 'round-robin', settings, 'open', '/w');
    assert.deepEqual([c.load, c.durationMs, c.timeoutMs, c.warmupMs, c.baseDir], [{ model: 'open', rate: 200 }, 2000, 2000, 0, '/w']);
  });

  it('gives hash strategies keys in a simulation, and the simulation runs', () => {
    const c = simulationConfigOf(maglevPool, 'maglev', settings, 'closed');
    // The pool's own key drives its simulations; a pool without one gets a key space.
    assert.equal(c.key, undefined);
    assert.equal(planSimulation(c).key, maglevPool.key);
    const keyless = { ...maglevPool, key: undefined };
    assert.deepEqual(simulationConfigOf(keyless, 'maglev', settings, 'closed').key, { space: 1000 });
    assert.equal(simulationConfigOf(keyless, 'round-robin', settings, 'closed').key, undefined);
    const r = simulate(c);
    assert.ok(validateRunResult(r).ok);
    assert.equal(r.config.strategy, 'maglev');
    assert.equal(r.endpoints.length, 5);
  });

  it('describes a ring the webview can rebuild', () => {
    const ring = ringViewOf(maglevPool, 'maglev');
    assert.deepEqual(ring.options, { tableSize: 251 });
    assert.deepEqual(ring.endpoints.map((e) => [e.id, e.weight]), [['s1', 4], ['s2', 3], ['s3', 2], ['s4', 1], ['s5', 1]]);
    assert.equal(ring.sampleKeys.length, 1000);
    assert.equal(new Set(ring.sampleKeys).size, 1000);
  });

  it('logs the configuration in one line', () => {
    const line = describeConfig('load test', maglevPool, 'maglev', loadTestConfigOf(maglevPool, 'maglev', settings, 'closed'));
    assert.match(line, /^load test: pool "demo" \(http; s1=http:\/\/127\.0\.0\.1:8081 \(w4\), .*\), strategy maglev, closed model, 4 callers, 2000 ms$/);
  });
});

describe('extension export content', () => {
  const secretPool = parsePool({ ...demoPool('http'), request: { method: 'GET', path: '/', headers: { Authorization: 'Bearer hunter2', 'x-trace': 'keep' } } });
  const result: RunResult = simulate(simulationConfigOf(secretPool, 'round-robin', settings, 'closed'));

  it('redacts secrets and writes schema-valid JSON', () => {
    const withSecret: RunResult = { ...result, config: { ...result.config, pool: { ...secretPool } as unknown as Record<string, unknown> } };
    const text = exportJson({ view: 'result', payload: withSecret });
    assert.ok(!text.includes('hunter2'));
    const json = JSON.parse(text);
    assert.equal(json.config.pool.request.headers.Authorization, REDACTED);
    assert.equal(json.config.pool.request.headers['x-trace'], 'keep');
    assert.ok(validateRunResult(json).ok);
  });

  it('refuses a result that does not fit the schema, naming the field', () => {
    const broken = { ...result, totals: { ...result.totals, ok: result.totals.ok + 1 } };
    assert.throws(() => exportJson({ view: 'result', payload: broken }), /totals: ok \(\d+\) \+ errors \(\d+\) must equal requests/);
  });

  it('has no result to export from a ring', () => {
    assert.throws(() => exportJson({ view: 'ring', payload: ringViewOf(secretPool, 'maglev') }), /hash ring view has no result/);
  });

  it('opens what it exported, and says what a foreign file is not', () => {
    const state = stateOfResultFile(JSON.parse(exportJson({ view: 'result', payload: result })));
    assert.equal(state.view, 'result');
    assert.throws(() => stateOfResultFile({ kind: 'report' }), /not an RPC Balancer result: "kind" must be/);
    assert.throws(() => stateOfResultFile({ ...result, endpoints: 'none' }), /endpoints/);
  });

  it('suggests a file name that says what it holds', () => {
    assert.equal(defaultExportName({ view: 'result', payload: result }, new Date('2026-01-02T03:04:05.678Z')), 'rpc-balancer-simulation-round-robin-2026-01-02T03-04-05Z.json');
  });
});
