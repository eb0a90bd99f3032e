/**
 * The pool-shape wrappers as CLI flags (`--overprovisioning`, `--locality-weights`,
 * `--panic-threshold`, `--slow-start`) on `simulate`, `compare` and `run`: what they set in the
 * result's config, that they act (locality shares), and one rejection each naming the flag.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServers } from '../../src/demo';
import type { Comparison, RunResult } from '../../src/result/types';
import { assertValidComparison, assertValidRunResult } from '../../src/result/validate';
import { cli, type CliRun } from '../helpers/cli';

function assertBadInput(r: CliRun, message: RegExp): void {
  assert.equal(r.code, 2, `exit 2 expected, got ${r.code}: ${r.stderr}`);
  assert.match(r.stderr, message);
}

/** Share of the requests served by the endpoints of `zone`. */
function zoneShare(r: RunResult, zone: string): number {
  const mine = r.endpoints.filter((e) => e.zone === zone).reduce((n, e) => n + e.requests, 0);
  return mine / r.totals.requests;
}

describe('rpc-balancer CLI: pool-shape flags', function () {
  this.timeout(90_000);
  let dir: string;
  let poolFile: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rpc-balancer-shape-'));
    poolFile = join(dir, 'zones.json');
    const sim = { slots: 16, service: { type: 'exponential', meanMs: 5 } };
    const endpoints = ['a1', 'a2', 'b1', 'b2'].map((id, i) => ({ id, address: `http://127.0.0.1:${9101 + i}`, zone: id.startsWith('a') ? 'eu-1' : 'eu-2', sim }));
    writeFileSync(poolFile, JSON.stringify({ name: 'zones', transport: 'http', endpoints }));
  });

  it('simulate: the four flags land in the config, and --locality-weights eu-1=1,eu-2=3 sends eu-2 three quarters', async () => {
    const json = join(dir, 'sim.json');
    const r = await cli(['simulate', '--pool', poolFile, '--strategy', 'weighted-round-robin', '--requests', '4000', '--rate', '200',
      '--overprovisioning', '1.2', '--locality-weights', 'eu-1=1,eu-2=3', '--panic-threshold', '30', '--slow-start', '4s:2:20', '--json', json]);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(readFileSync(json, 'utf8')) as RunResult;
    assertValidRunResult(result);
    const { overprovisioningFactor, localityWeights, panicThreshold, slowStart } = result.config as unknown as Record<string, unknown>;
    assert.deepEqual({ overprovisioningFactor, localityWeights, panicThreshold, slowStart }, {
      overprovisioningFactor: 1.2, localityWeights: { 'eu-1': 1, 'eu-2': 3 }, panicThreshold: 30, slowStart: { window: '4s', aggression: 2, minWeightPercent: 20 },
    });
    // The locality is drawn by weight (seeded): 4000 draws of p = 0.75 have a standard deviation of 0.7 %.
    assert.ok(Math.abs(zoneShare(result, 'eu-2') - 0.75) < 0.03, `eu-2 share ${zoneShare(result, 'eu-2')}`);
  });

  it('compare: every variant gets the flags', async () => {
    const json = join(dir, 'compare.json');
    const r = await cli(['compare', '--pool', poolFile, '--strategies', 'round-robin,least-request', '--requests', '2000', '--rate', '200', '--locality-weights', 'eu-1=3,eu-2=1', '--json', json]);
    assert.equal(r.code, 0, r.stderr);
    const comparison = JSON.parse(readFileSync(json, 'utf8')) as Comparison;
    assertValidComparison(comparison);
    assert.equal(comparison.results.length, 2);
    for (const result of comparison.results) {
      assert.deepEqual((result.config as unknown as Record<string, unknown>).localityWeights, { 'eu-1': 3, 'eu-2': 1 });
      assert.ok(Math.abs(zoneShare(result, 'eu-1') - 0.75) < 0.04, `${result.config.strategy}: eu-1 share ${zoneShare(result, 'eu-1')}`);
    }
  });

  it('run against the demo servers: --slow-start and --panic-threshold in the result', async () => {
    const servers = await startDemoServers({ endpoints: [{ id: 's1', medianMs: 1, p99Ms: 2 }, { id: 's2', medianMs: 1, p99Ms: 2 }] });
    try {
      const pool = join(dir, 'demo.json');
      writeFileSync(pool, JSON.stringify(servers.pool('http')));
      const json = join(dir, 'run.json');
      const r = await cli(['run', '--pool', pool, '--strategy', 'least-request', '--requests', '100', '--concurrency', '2', '--slow-start', '10', '--panic-threshold', '40', '--json', json]);
      assert.equal(r.code, 0, r.stderr);
      const result = JSON.parse(readFileSync(json, 'utf8')) as RunResult;
      assertValidRunResult(result);
      const config = result.config as unknown as Record<string, unknown>;
      // A bare number is seconds, as for every duration flag; it is written in ms.
      assert.deepEqual(config.slowStart, { window: 10_000 });
      assert.equal(config.panicThreshold, 40);
      assert.equal(result.totals.requests, 100);
    } finally {
      await servers.close();
    }
  });

  it('bad values are exit 2 naming the flag, from the flag\'s own parse and from the run plan (every case: test/unit/cli)', async () => {
    const [parse, plan] = await Promise.all([
      cli(['simulate', '--pool', poolFile, '--requests', '10', '--slow-start', '30s:x']),
      cli(['compare', '--pool', poolFile, '--strategies', 'round-robin', '--requests', '10', '--locality-weights', 'eu-1=-1']),
    ]);
    assertBadInput(parse, /--slow-start: expected an aggression after the window \(30s:1\), got "x"/);
    assertBadInput(plan, /--locality-weights \(localityWeights\["eu-1"\]\): must be greater than 0, got -1/);
  });
});
