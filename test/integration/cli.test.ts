/**
 * The `rpc-balancer` command as users run it: a child process, real demo servers on 127.0.0.1,
 * files on disk, exit codes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServers, type DemoServers } from '../../src/demo';
import { demoServerOptions } from '../../src/pools/demo-pool';
import { assertValidComparison, assertValidRunResult } from '../../src/result/validate';
import type { Comparison, RunResult } from '../../src/result/types';
import { cli } from '../helpers/cli';

describe('rpc-balancer CLI', function () {
  this.timeout(90_000);
  let servers: DemoServers;
  let dir: string;
  let poolFile: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rpc-balancer-cli-'));
    servers = await startDemoServers(demoServerOptions({ seed: 3 }));
    poolFile = join(dir, 'pool.json');
    writeFileSync(poolFile, JSON.stringify(servers.pool('http'), null, 2));
  });
  after(async () => servers?.close());
  beforeEach(() => {
    for (const e of servers.endpoints) servers.recover(e.id);
    servers.resetStats();
  });

  it('run: prints a row per endpoint and the total, and the JSON counts equal what the servers served', async () => {
    const json = join(dir, 'run.json');
    const r = await cli(['run', '--pool', poolFile, '--strategy', 'weighted-round-robin', '--concurrency', '4', '--requests', '400', '--json', json]);
    assert.equal(r.code, 0, r.stderr);
    for (const id of ['s1', 's2', 's3', 's4', 's5', 'total']) assert.match(r.stdout, new RegExp(`^${id}\\s`, 'm'));
    const result = JSON.parse(readFileSync(json, 'utf8')) as RunResult;
    assertValidRunResult(result);
    assert.equal(result.totals.requests, 400);
    const served = Object.fromEntries(servers.stats().endpoints.map((e) => [e.id, e.requests]));
    for (const ep of result.endpoints) assert.equal(ep.requests, served[ep.id], `${ep.id}: the result and the server agree`);
    // weights 4,3,2,1,1 under smooth weighted round robin: within one pick of the weights' share
    // (400 requests are 36 whole cycles of 11 and 4 picks of the next).
    for (const ep of result.endpoints) assert.ok(Math.abs(ep.requests - 400 * ep.fairShare) <= 1, `${ep.id}: ${ep.requests} vs ${400 * ep.fairShare}`);
  });

  it('run --fail-on exits 1 and says which threshold held', async () => {
    const r = await cli(['run', '--pool', poolFile, '--concurrency', '2', '--requests', '50', '--fail-on', 'p50>0.001ms,errors>99%']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /FAILED --fail-on p50>0\.001ms: p50 was/);
    assert.doesNotMatch(r.stderr, /errors>99%/);
  });

  it('run: Ctrl-C writes the partial result (cancelled, schema-valid) and exits 130', async () => {
    const json = join(dir, 'cancelled.json');
    const served = () => servers.stats().endpoints.reduce((n, e) => n + e.requests, 0);
    const r = await cli(['run', '--pool', poolFile, '--rate', '200', '--duration', '30s', '--json', json], { interruptWhen: { stderr: /Ctrl-C stops it/, ready: () => served() > 60 } });
    assert.equal(r.code, 130, r.stderr);
    const result = JSON.parse(readFileSync(json, 'utf8')) as RunResult;
    assertValidRunResult(result);
    assert.equal(result.status, 'cancelled');
    assert.ok(result.totals.requests > 50, `some requests were gathered (${result.totals.requests})`);
  });

  it('rejects a bad pool with its JSON path and exit 2, before sending anything', async () => {
    const bad = JSON.parse(readFileSync(poolFile, 'utf8'));
    bad.endpoints[2].address = 'localhost';
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const r = await cli(['run', '--pool', file, '--requests', '10']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /endpoints\[2\]\.address: expected http:\/\/host:port, got "localhost"/);
    assert.equal(servers.stats().endpoints.reduce((s, e) => s + e.requests, 0), 0);
  });

  it('rejects an unknown strategy listing the valid ones, and a bad strategy option naming it', async () => {
    const a = await cli(['run', '--pool', poolFile, '--strategy', 'fastest', '--requests', '10']);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /unknown strategy "fastest" \(valid: round-robin, random, .*rendezvous.*\)/);
    const b = await cli(['ring', '--pool', poolFile, '--strategy', 'maglev', '--strategy-option', 'tableSize=65536']);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /maglev: tableSize must be a prime number, got 65536/);
    const c = await cli(['run', '--pool', poolFile, '--concurrency', '2', '--rate', '5']);
    assert.equal(c.code, 2);
    assert.match(c.stderr, /either --concurrency .* or --rate/);
  });

  it('simulate: the same seed gives byte-identical JSON, another seed another run', async () => {
    const files = ['a', 'b', 'c'].map((n) => join(dir, `sim-${n}.json`));
    const runs = await Promise.all(
      files.map((f, i) => cli(['simulate', '--pool', poolFile, '--strategy', 'p2c-peak-ewma', '--rate', '1500', '--requests', '20000', '--seed', i === 2 ? '8' : '7', '--json', f])),
    );
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const [a, b, c] = files.map((f) => readFileSync(f, 'utf8'));
    assert.equal(a, b);
    assert.notEqual(a, c);
    assertValidRunResult(JSON.parse(a));
  });

  it('compare: one table ranked by p99 with the best marked; --json holds every RunResult and the table', async () => {
    const json = join(dir, 'compare.json');
    const r = await cli(['compare', '--pool', poolFile, '--strategies', 'round-robin,least-connections,p2c-peak-ewma', '--rate', '1500', '--requests', '20000', '--json', json]);
    assert.equal(r.code, 0, r.stderr);
    const comparison = JSON.parse(readFileSync(json, 'utf8')) as Comparison;
    assertValidComparison(comparison);
    assert.equal(comparison.results.length, 3);
    const p99s = comparison.rows.map((row) => row.p99);
    assert.deepEqual(p99s, [...p99s].sort((x, y) => x - y));
    assert.ok(comparison.rows[0].best);
    assert.match(r.stdout, new RegExp(comparison.rows[0].strategy));
  });

  it('report: turns a RunResult into one self-contained HTML file; refuses what is not a RunResult', async () => {
    const json = join(dir, 'for-report.json');
    const run = await cli(['simulate', '--pool', poolFile, '--requests', '2000', '--json', json]);
    assert.equal(run.code, 0, run.stderr);
    const html = join(dir, 'report.html');
    const r = await cli(['report', json, '-o', html]);
    assert.equal(r.code, 0, r.stderr);
    const page = readFileSync(html, 'utf8');
    assert.match(page, /<script type="application\/json" id="rpc-balancer-data">/);
    assert.match(page, /default-src 'none'/);
    assert.doesNotMatch(page, /<script[^>]+src=/, 'nothing loaded from elsewhere');
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '{"kind": "loadtest"}');
    const bad = await cli(['report', junk, '-o', join(dir, 'x.html')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not a valid RunResult/);
  });

  it('ring: how keys spread and how many move when each endpoint leaves', async () => {
    const r = await cli(['ring', '--pool', poolFile, '--strategy', 'consistent-hash', '--keys', '20000']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1760 points/, '160 points per unit of weight, weights 4+3+2+1+1');
    const s1 = r.stdout.split('\n').find((l) => l.startsWith('s1'))!;
    const moved = Number(/([\d.]+)%\s*$/.exec(s1)![1]);
    const keys = Number(s1.split(/\s+/)[3].replace('%', ''));
    assert.equal(moved, keys, 'on a ring only the leaving endpoint\'s keys move');
  });

  it('strategies lists least-request and pick-first with their options; simulate runs them with --strategy-option', async () => {
    const list = await cli(['strategies']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^least-request\s+Envoy's LEAST_REQUEST/m);
    assert.match(list.stdout, /--strategy-option choiceCount=2 /);
    assert.match(list.stdout, /^pick-first\s+gRPC's default/m);
    assert.match(list.stdout, /--strategy-option shuffleAddressList=false /);
    // The pool-shape wrappers, with the engine's defaults (Envoy's 140 % and 50 %).
    assert.match(list.stdout, /^pool-shape options/m);
    assert.match(list.stdout, /^ {4}overprovisioningFactor=1\.4 /m);
    assert.match(list.stdout, /^ {4}panicThreshold=50 /m);
    assert.match(list.stdout, /^ {4}localityWeights /m);
    assert.match(list.stdout, /^ {6}slowStart\.window \(required\) .*\n {6}slowStart\.aggression=1 .*\n {6}slowStart\.minWeightPercent=10 /m);
    assert.match(list.stdout, /^ {2}as flags of run, simulate and compare: --overprovisioning 1\.4, --locality-weights eu-1=1,eu-2=2, --panic-threshold 50,\n {4}--slow-start 30s\[:aggression\[:minWeightPercent\]\]$/m);
    const json = join(dir, 'pick-first.json');
    const r = await cli(['simulate', '--pool', poolFile, '--strategy', 'pick-first', '--strategy-option', 'shuffleAddressList=true', '--strategy-option', 'failureThreshold=1000', '--requests', '2000', '--seed', '5', '--json', json]);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(readFileSync(json, 'utf8')) as RunResult;
    assertValidRunResult(result);
    assert.deepEqual(result.config.strategyOptions, { shuffleAddressList: true, failureThreshold: 1000 });
    // Never failing over, one endpoint (the first of the shuffled list) takes every request.
    assert.deepEqual(result.endpoints.map((e) => e.requests).filter((n) => n > 0), [2000]);
    const bad = await cli(['simulate', '--pool', poolFile, '--strategy', 'least-request', '--strategy-option', 'choiceCount=1', '--requests', '100']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /least-request: choiceCount must be at least 2, got 1/);
  });

  it('--help works on every command', async () => {
    for (const cmd of ['demo', 'run', 'simulate', 'compare', 'ring', 'serve-demo', 'report', 'strategies']) {
      const r = await cli([cmd, '--help']);
      assert.equal(r.code, 0, `${cmd} --help`);
      assert.match(r.stdout, /Usage: rpc-balancer/);
    }
  });
});
