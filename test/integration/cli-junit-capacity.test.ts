/**
 * The CLI as a user runs it: `--junit` on simulate, compare and run (written when a threshold
 * breaks, when the run is interrupted, refused before anything runs when it cannot be written),
 * and `report` turning a capacity result into a page, or naming what is wrong with one.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServers, type DemoServers } from '../../src/demo';
import { cli } from '../helpers/cli';
import { capacityFixture } from '../unit/webview/capacity-fixture';

function junit(file: string): { suites: string[]; cases: string[]; failed: string[]; errors: string[] } {
  const xml = readFileSync(file, 'utf8');
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
  return {
    suites: [...xml.matchAll(/<testsuite name="([^"]*)"/g)].map((m) => m[1]),
    cases: [...xml.matchAll(/<testcase name="([^"]*)"/g)].map((m) => m[1]),
    failed: [...xml.matchAll(/<testcase name="([^"]*)"[^>]*>\s*<failure/g)].map((m) => m[1]),
    errors: [...xml.matchAll(/<error type="([^"]*)"/g)].map((m) => m[1]),
  };
}

describe('rpc-balancer CLI: --junit and capacity reports', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'rpc-junit-'));
  const pool = join(dir, 'pool.json');
  writeFileSync(
    pool,
    JSON.stringify({
      name: 'p',
      transport: 'http',
      endpoints: [
        { id: 'a', address: 'http://127.0.0.1:1', sim: { slots: 4, service: { type: 'lognormal', medianMs: 4, p99Ms: 20 } } },
        { id: 'b', address: 'http://127.0.0.1:2', sim: { slots: 4, service: { type: 'lognormal', medianMs: 4, p99Ms: 20 } } },
      ],
    }),
  );

  it('simulate: a breached threshold exits 1, the JUnit file names it with its value', async () => {
    const file = join(dir, 'sim.xml');
    const r = await cli(['simulate', '--pool', pool, '--requests', '2000', '--fail-on', 'p99>0.5ms,errors>50%', '--junit', file]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /FAILED --fail-on p99>0\.5ms: p99 was [\d.]+ms/);
    const x = junit(file);
    assert.deepEqual([x.suites, x.cases, x.failed], [['simulation round-robin on p'], ['p99&gt;0.5ms', 'errors&gt;50%'], ['p99&gt;0.5ms']]);
    const pass = await cli(['simulate', '--pool', pool, '--requests', '2000', '--fail-on', 'p99>10s', '--junit', file]);
    assert.equal(pass.code, 0, pass.stderr);
    assert.deepEqual(junit(file).failed, []);
  });

  it('compare: a testsuite per strategy; exit 1 when any breaks', async () => {
    const file = join(dir, 'compare.xml');
    const r = await cli(['compare', '--pool', pool, '--strategies', 'round-robin,random', '--requests', '2000', '--fail-on', 'p99>0.5ms', '--junit', file]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /FAILED round-robin: --fail-on p99>0\.5ms/);
    const x = junit(file);
    assert.deepEqual([...x.suites].sort(), ['simulation random on p', 'simulation round-robin on p']);
    assert.deepEqual(x.failed, ['p99&gt;0.5ms', 'p99&gt;0.5ms']);
  });

  it('--junit and --fail-on are checked before the run: a missing folder, another output\'s file, a clause we cannot read (exit 2)', async () => {
    const missing = await cli(['simulate', '--pool', pool, '--requests', '100', '--junit', join(dir, 'nope', 'j.xml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--junit .*nope\/j\.xml: cannot write in/);
    const same = await cli(['simulate', '--pool', pool, '--requests', '100', '--json', join(dir, 'same'), '--junit', join(dir, 'same')]);
    assert.equal(same.code, 2);
    assert.match(same.stderr, /--junit .*same: is also --json's file/);
    assert.equal(same.stdout, '', 'nothing ran');
    const badClause = await cli(['compare', '--pool', pool, '--strategies', 'round-robin', '--requests', '100', '--fail-on', 'latency>2ms', '--junit', join(dir, 'c.xml')]);
    assert.equal(badClause.code, 2);
    assert.match(badClause.stderr, /--fail-on: cannot read "latency>2ms"/);
    assert.ok(!existsSync(join(dir, 'c.xml')), 'nothing ran, nothing written');
  });

  describe('run against the demo servers', () => {
    let servers: DemoServers;
    let live: string;
    before(async () => {
      servers = await startDemoServers({ endpoints: [{ id: 'a', medianMs: 1 }, { id: 'b', medianMs: 1 }], seed: 3 });
      live = join(dir, 'live.json');
      writeFileSync(live, JSON.stringify(servers.pool()));
    });
    after(async () => {
      await servers?.close();
    });

    it('Ctrl-C: the JUnit file is written, with an errored testcase for the cancelled run, exit 130', async () => {
      const file = join(dir, 'live.xml');
      const r = await cli(['run', '--pool', live, '--concurrency', '4', '--duration', '5m', '--fail-on', 'p99>10s', '--junit', file], {
        interruptWhen: { stderr: /Ctrl-C stops it/ },
      });
      assert.equal(r.code, 130, r.stderr);
      const x = junit(file);
      assert.deepEqual([x.cases, x.failed, x.errors], [['p99&gt;10s', 'run completed'], [], ['cancelled']]);
    });
  });

  it('report: a capacity result becomes a page; a damaged one is refused with its JSON path (exit 2)', async () => {
    const json = join(dir, 'capacity.json');
    const html = join(dir, 'capacity.html');
    writeFileSync(json, JSON.stringify(capacityFixture()));
    const r = await cli(['report', json, '-o', html]);
    assert.equal(r.code, 0, r.stderr);
    const page = readFileSync(html, 'utf8');
    assert.match(page, /<title>RPC Balancer: capacity at p99&lt;100ms,errors&lt;1% \(simulated\)<\/title>/);
    assert.ok(page.includes('"kind":"capacity"'));

    const bad = capacityFixture();
    (bad.variants[2] as { capacity: unknown }).capacity = 'lots';
    delete (bad as { slo?: string }).slo;
    writeFileSync(json, JSON.stringify(bad));
    const out = join(dir, 'bad.html');
    const refused = await cli(['report', json, '-o', out]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /is not a valid capacity result:\n {2}slo: is required\n {2}variants\[2\]\.capacity: must be number/);
    assert.ok(!existsSync(out));
  });
});
