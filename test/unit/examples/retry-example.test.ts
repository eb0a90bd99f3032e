/**
 * README's worked example (a retry storm vs a retry budget) is reproducible: its files parse, the
 * variants file holds the same policies as the pools, and the lines README prints are what the
 * seeded simulation gives, in the CLI's own summary format. A change to the simulator that moves
 * these figures fails here, so README is regenerated with it rather than left stale.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Problems } from '../../../src/pools/problems';
import { parseVariantList } from '../../../src/pools/parse-variants';
import { parsePool } from '../../../src/pools/parse';
import { endpointTable, policyLine, totalsLine } from '../../../src/result/summary';
import { examplePool, retryResult, type RetryExample } from '../webview/policy-fixture';

const ROOT = join(__dirname, '..', '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe("README's worked example: retry storm vs retry budget", () => {
  for (const name of ['retry-storm', 'retry-budget'] as RetryExample[]) {
    it(`${name}: README shows the seeded run's policy line, totals line and callers' row`, () => {
      const r = retryResult(name);
      const policy = policyLine(r)!;
      assert.ok(readme.includes(policy), `README lacks: ${policy}`);
      const [totals] = totalsLine(r).split('\n');
      assert.ok(readme.includes(totals), `README lacks: ${totals}`);
      const table = endpointTable(r);
      const callers = table.rows[table.rows.length - 1];
      assert.equal(callers[0], 'total (callers)');
      const cells = callers.slice(4).map(String);
      assert.ok(
        readme.split('\n').some((line) => line.startsWith('total (callers)') && cells.every((c) => line.includes(c))),
        `README lacks a callers' row with ${cells.join(' ')}`,
      );
    });
  }

  it('the variants file holds the pools\' policies, so export-config writes what was simulated', () => {
    const p = new Problems();
    const variants = parseVariantList(p, JSON.parse(readFileSync(join(ROOT, 'examples', 'retry-variants.json'), 'utf8')), 'variants');
    assert.deepEqual(p.list, []);
    for (const name of ['retry-storm', 'retry-budget'] as RetryExample[]) {
      const v = variants.find((x) => x.name === name)!;
      assert.deepEqual(v.policy, parsePool(examplePool(name)).policy, name);
    }
  });
});
