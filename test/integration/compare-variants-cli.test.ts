/**
 * `rpc-balancer compare --variants FILE`, simulated: a seeded virtual pool where s3 fails every
 * request, plain round-robin beside round-robin retrying on another endpoint. The table prints the
 * retrying variant's amplification (> 1) and caller errors (~0); bad files fail before any run,
 * naming the file and the JSON path.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Comparison } from '../../src/result/types';
import { assertValidComparison } from '../../src/result/validate';
import { cli } from '../helpers/cli';

const fast = { slots: 50, service: { type: 'constant', ms: 5 } };

describe('rpc-balancer compare --variants (simulated)', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'rb-compare-variants-'));
  const poolFile = join(dir, 'pool.json');
  const variantsFile = join(dir, 'variants.json');
  before(() => {
    writeFileSync(poolFile, JSON.stringify({
      name: 'five', transport: 'http',
      endpoints: [1, 2, 3, 4, 5].map((i) => ({ id: `s${i}`, address: `http://127.0.0.1:${9100 + i}`, sim: i === 3 ? { ...fast, errorRate: 1 } : fast })),
    }));
    writeFileSync(variantsFile, JSON.stringify([
      { name: 'plain', strategy: 'round-robin' },
      { name: 'retry-elsewhere', strategy: 'round-robin', policy: { retry: { maxAttempts: 3, retryOn: ['http_500'], otherEndpoint: true, initialBackoff: '1ms' } } },
    ]));
  });

  it('prints amplification and caller errors per variant, and ranks the variant that fails more last', async () => {
    const json = join(dir, 'comparison.json');
    const r = await cli(['compare', '--pool', poolFile, '--variants', variantsFile, '--rate', '1000', '--requests', '10000', '--seed', '1', '--json', json]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    const header = lines.find((l) => l.startsWith('#'))!;
    assert.match(header, /caller error rate\s+attempt error rate\s+amplification/);
    const retry = lines.find((l) => /^1\s+retry-elsewhere \(round-robin\) \(best\)/.test(l));
    assert.ok(retry, r.stdout);
    // Columns: ..., errors, caller error rate, attempt error rate, amplification, max share/fair.
    const amp = Number.parseFloat(retry.match(/(\d\.\d{3})x\s+\d\.\d\dx\s*$/)![1]);
    assert.ok(amp > 1.15 && amp < 1.3, `amplification ${amp}: ${retry}`);
    const plain = lines.find((l) => /^2\s+plain \(round-robin\) \(fails more\)/.test(l));
    assert.ok(plain, r.stdout);
    assert.match(plain, /\s20\.00%\s+20\.00%\s+1\.000x\s/);
    assert.match(r.stdout, /within 0\.5 percentage points of the lowest/);
    const c = JSON.parse(readFileSync(json, 'utf8')) as Comparison;
    assertValidComparison(c);
    assert.deepEqual(c.rows.map((row) => row.name), ['retry-elsewhere', 'plain']);
    assert.ok(c.rows[0].amplification! > 1.15);
  });

  it('rejects a bad variants file with the file, the JSON path and what is wrong, before any run', async () => {
    const bad = join(dir, 'bad-variants.json');
    writeFileSync(bad, JSON.stringify([{ strategy: 'round-robin' }, { name: 'x', strategy: 'round-robin', policy: { retry: { maxAttempts: 9 } } }]));
    const r = await cli(['compare', '--pool', poolFile, '--variants', bad, '--requests', '100']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /bad-variants\.json/);
    assert.match(r.stderr, /\[1\]\.policy\.retry\.maxAttempts: must be 2\.\.5/);
    assert.equal(r.stdout, '');
  });

  it('wants exactly one of --strategies and --variants', async () => {
    const both = await cli(['compare', '--pool', poolFile, '--variants', variantsFile, '--strategies', 'random', '--requests', '100']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /give --strategies a,b or --variants FILE \(one of the two\)/);
    const neither = await cli(['compare', '--pool', poolFile, '--requests', '100']);
    assert.equal(neither.code, 2);
    assert.match(neither.stderr, /give --strategies a,b or --variants FILE/);
  });
});
