/** `--json`/`--html` checked before the run, written after it, never lost (the CLI as a user runs it). */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePool } from '../../src/pools/parse';
import type { RunResult } from '../../src/result/types';
import { assertValidRunResult } from '../../src/result/validate';
import { writeOutputs } from '../../src/cli/outputs';
import { simulate } from '../../src/simulate';
import { cli } from '../helpers/cli';

describe('rpc-balancer CLI: outputs are never lost', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'rpc-outputs-'));
  const pool = join(dir, 'pool.json');
  writeFileSync(pool, JSON.stringify(parsePool({ name: 'p', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1' }, { id: 'b', address: 'http://127.0.0.1:2' }] })));

  const refused: [string, string[], RegExp][] = [
    ['into a missing folder', ['--json', join(dir, 'nope', 'r.json')], /--json .*nope\/r\.json: cannot write in .*nope \(ENOENT\)/],
    ['onto a folder', ['--json', dir], /--json .*: is a folder; give a file name/],
    ['into /proc', ['--json', '/proc/version'], /--json \/proc\/version: cannot write in \/proc/],
    ['the same file twice', ['--json', join(dir, 'x'), '--html', join(dir, 'x')], /--html .*x: is also --json's file/],
    ['over the pool file', ['--json', pool], /--json .*pool\.json: is an input of this run/],
  ];
  for (const [what, flags, message] of refused) {
    it(`simulate refuses --json ${what} before it runs (exit 2)`, async () => {
      const r = await cli(['simulate', '--pool', pool, '--requests', '100', ...flags]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '', 'nothing ran');
    });
  }

  it('writes --json and --html after a simulation, and a comparison too', async () => {
    const json = join(dir, 'sim.json');
    const html = join(dir, 'sim.html');
    const r = await cli(['simulate', '--pool', pool, '--requests', '200', '--json', json, '--html', html]);
    assert.equal(r.code, 0, r.stderr);
    assertValidRunResult(JSON.parse(readFileSync(json, 'utf8')) as RunResult);
    assert.match(readFileSync(html, 'utf8'), /^<!DOCTYPE html>/);
    assert.match(r.stdout, /wrote .*sim\.json and .*sim\.html/);
    const c = join(dir, 'compare.json');
    const rc = await cli(['compare', '--pool', pool, '--strategies', 'round-robin,random', '--requests', '200', '--json', c]);
    assert.equal(rc.code, 0, rc.stderr);
    const comparison = JSON.parse(readFileSync(c, 'utf8')) as { status: string; results: unknown[] };
    assert.equal(comparison.status, 'completed');
    assert.equal(comparison.results.length, 2);
  });

  it('a write that fails after the run leaves the other outputs written and keeps the result at a printed path', async () => {
    const result = simulate({ pool: parsePool(JSON.parse(readFileSync(pool, 'utf8'))), load: { model: 'closed', concurrency: 2 }, requests: 100 });
    const html = join(dir, 'kept.html');
    // Checked before the run, the folder was there; now it is gone: the --json write fails.
    const { lines, failed } = await writeOutputs({ json: join(dir, 'removed-since', 'r.json'), html }, result);
    assert.equal(failed, true);
    assert.ok(existsSync(html), 'the other output is written');
    assert.match(lines.join('\n'), /could not write --json .*removed-since\/r\.json: ENOENT/);
    const kept = /the result is kept at (\S+)/.exec(lines.join('\n'))?.[1];
    assert.ok(kept && existsSync(kept), lines.join('\n'));
    assert.deepEqual(JSON.parse(readFileSync(kept, 'utf8')), JSON.parse(JSON.stringify(result)));
  });

  it('simulate: Ctrl-C stops between events and writes the partial result (cancelled, schema-valid), exit 130', async () => {
    const json = join(dir, 'sim-cancelled.json');
    const r = await cli(['simulate', '--pool', pool, '--requests', '1000000000', '--rate', '100000', '--json', json], { interruptWhen: { stderr: /Ctrl-C stops it/ } });
    assert.equal(r.code, 130, r.stderr);
    const result = JSON.parse(readFileSync(json, 'utf8')) as RunResult;
    assertValidRunResult(result);
    assert.equal(result.status, 'cancelled');
    assert.ok(result.totals.requests < 1e9);
  });

  it('--zipf without --keys, and --key with --keys, are refused (exit 2)', async () => {
    const zipf = await cli(['simulate', '--pool', pool, '--zipf', '1']);
    assert.equal(zipf.code, 2);
    assert.match(zipf.stderr, /--zipf skews a key space: give --keys N too/);
    const both = await cli(['run', '--pool', pool, '--key', 'k-{seq}', '--keys', '10']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /give either --key \(a template\) or --keys \(a key space\), not both/);
  });
});
