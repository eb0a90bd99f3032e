/** Compare Strategies' input: the strategies pick with "Variants from a file…", the file list, the variants file read with its path in errors. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROWSE, describeVariants, FROM_FILE, readStrategyPick, variantFileChoices, variantsFromFile } from '../../../src/extension/compare-input';
import { PoolErrors } from '../../../src/pools/problems';

describe('Compare Strategies input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-compare-input-'));

  it('reads the strategies pick: two or more strategies, the file entry over any strategies beside it', () => {
    assert.deepEqual(readStrategyPick(['round-robin', 'random']), { strategies: ['round-robin', 'random'] });
    assert.deepEqual(readStrategyPick(['round-robin']), { fewer: true });
    assert.deepEqual(readStrategyPick([]), { fewer: true });
    assert.deepEqual(readStrategyPick(['round-robin', FROM_FILE]), { fromFile: true });
    assert.deepEqual(readStrategyPick([FROM_FILE]), { fromFile: true });
  });

  it('lists workspace JSON files with variants-looking names first, then Browse…', () => {
    const choices = variantFileChoices([
      { path: '/w/pools/a.rpcpool.json', shown: 'pools/a.rpcpool.json' },
      { path: '/w/package.json', shown: 'package.json' },
      { path: '/w/cfg/my-variants.json', shown: 'cfg/my-variants.json' },
    ]);
    assert.deepEqual(choices.map((c) => c.value), ['/w/cfg/my-variants.json', '/w/package.json', '/w/pools/a.rpcpool.json', BROWSE]);
    assert.deepEqual(choices.map((c) => c.label).slice(0, 3), ['my-variants.json', 'package.json', 'a.rpcpool.json']);
    assert.deepEqual(variantFileChoices([]).map((c) => c.value), [BROWSE]);
  });

  it('reads a variants file, a list or {"variants": [...]}, as written', () => {
    const list = join(dir, 'list.json');
    const policy = { retry: { maxAttempts: 3, initialBackoff: '10ms' } };
    writeFileSync(list, JSON.stringify([{ strategy: 'round-robin' }, { name: 'retrying', strategy: 'random', policy }]));
    const variants = variantsFromFile(list);
    assert.deepEqual(variants, [{ strategy: 'round-robin' }, { name: 'retrying', strategy: 'random', policy }]);
    assert.equal(describeVariants(variants), 'round-robin, retrying');
    const wrapped = join(dir, 'wrapped.json');
    writeFileSync(wrapped, JSON.stringify({ variants: [{ strategy: 'least-request' }, { strategy: 'random' }] }));
    assert.equal(variantsFromFile(wrapped).length, 2);
  });

  it('rejects a bad variants file naming the file, the JSON path and what is wrong', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ variants: [{ strategy: 'round-robin' }, { strategy: 'nope' }] }));
    assert.throws(() => variantsFromFile(bad), (e: unknown) => {
      assert.ok(e instanceof PoolErrors);
      assert.match((e as Error).message, /bad\.json/);
      assert.match((e as Error).message, /variants\[1\]\.strategy: unknown strategy "nope"/);
      return true;
    });
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '[{"strategy": ');
    assert.throws(() => variantsFromFile(notJson), /not\.json/);
  });
});
