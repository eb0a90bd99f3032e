/** `rpc-balancer capacity` as a user runs it: the table, --json and --html, flags' errors, Ctrl-C. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoPool } from '../../src/pools/demo-pool';
import type { CapacityResult } from '../../src/result/capacity';
import { cli } from '../helpers/cli';

describe('rpc-balancer capacity', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'rpc-capacity-'));
  const poolFile = join(dir, 'pool.json');
  writeFileSync(poolFile, JSON.stringify(demoPool()));

  it('prints the table and writes { slo, variants: [{ name, capacity, curve: [{ rate, p50, p99, errors }] }] }', async () => {
    const json = join(dir, 'out.json');
    const html = join(dir, 'out.html');
    const r = await cli(['capacity', '--pool', poolFile, '--strategies', 'round-robin,weighted-round-robin', '--slo', 'p99<100ms,errors<1%', '--tail-samples', '50', '--json', json, '--html', html]);
    assert.equal(r.code, 0, r.stderr);
    // The report embeds the same result it draws (the drawing itself: test/browser/capacity.test.ts).
    const page = readFileSync(html, 'utf8');
    assert.match(page, /<script type="application\/json" id="rpc-balancer-data">/);
    assert.ok(page.includes('"kind":"capacity"'), 'the capacity result is embedded');
    assert.match(r.stdout, /variant +capacity +vs best +p99 at capacity +steps/);
    const out = JSON.parse(readFileSync(json, 'utf8')) as CapacityResult;
    assert.equal(out.slo, 'p99<100ms,errors<1%');
    assert.equal(out.status, 'ok');
    assert.deepEqual(out.variants.map((v) => v.name), ['round-robin', 'weighted-round-robin']);
    for (const v of out.variants) {
      assert.ok(v.capacity > 0 && v.curve.length >= 3);
      for (const p of v.curve) for (const k of ['rate', 'p50', 'p99', 'errors'] as const) assert.equal(typeof p[k], 'number');
    }
    // Weights matter on the demo pool (s4 is slow and small): weighted round robin carries more.
    assert.ok(out.variants[1].capacity > out.variants[0].capacity);
  });

  const bad: [string, string[], RegExp][] = [
    ['--slo with throughput', ['--strategies', 'random', '--slo', 'throughput<5'], /--slo: "throughput<5": throughput is what the search sets/],
    ['--precision out of range', ['--strategies', 'random', '--slo', 'p99<1s', '--precision', '2'], /--precision: expected a number from 0.001 to 0.5/],
    ['--max-rate under --min-rate', ['--strategies', 'random', '--slo', 'p99<1s', '--min-rate', '10', '--max-rate', '5'], /--max-rate 5: must be above --min-rate 10/],
    ['both --strategies and --variants', ['--strategies', 'random', '--variants', 'x.json', '--slo', 'p99<1s'], /--strategies a,b or --variants FILE/],
    ['an unknown strategy', ['--strategies', 'random,fastest', '--slo', 'p99<1s'], /fastest/],
  ];
  for (const [what, args, message] of bad) {
    it(`rejects ${what} (exit 2, the flag named)`, async () => {
      const r = await cli(['capacity', '--pool', poolFile, ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    });
  }

  it('rejects a variants file problem with the file and JSON path', async () => {
    const variants = join(dir, 'variants.json');
    writeFileSync(variants, JSON.stringify({ variants: [{ strategy: 'random' }, { name: 'x', strategy: 'nope' }] }));
    const r = await cli(['capacity', '--pool', poolFile, '--variants', variants, '--slo', 'p99<1s']);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(variants), r.stderr);
    assert.match(r.stderr, /variants\[1\]\.strategy: unknown strategy "nope"/);
  });

  it('Ctrl-C writes what was measured (exit 130, status cancelled or partial)', async () => {
    const json = join(dir, 'cut.json');
    const r = await cli(['capacity', '--pool', poolFile, '--strategies', 'round-robin,random,weighted-random', '--slo', 'p99<100ms', '--tail-samples', '20000', '--json', json], {
      interruptWhen: { stderr: /Ctrl-C stops it/ },
    });
    assert.equal(r.code, 130, r.stderr);
    const out = JSON.parse(readFileSync(json, 'utf8')) as CapacityResult;
    assert.ok(out.status === 'cancelled' || out.status === 'partial', out.status);
    assert.ok(out.variants.length < 3);
  });
});
