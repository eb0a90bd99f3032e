import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJson } from '../../../src/cli/shared';
import { compareStrategies } from '../../../src/compare';
import { parsePool } from '../../../src/pools/parse';

describe('cli writeJson', () => {
  it('streams a comparison result by result, byte-identical to one JSON.stringify', async () => {
    const pool = parsePool({ name: 'p', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1' }, { id: 'b', address: 'http://127.0.0.1:2' }] });
    const comparison = await compareStrategies({ pool, strategies: ['round-robin', 'random', 'maglev'], requests: 300 });
    const file = join(mkdtempSync(join(tmpdir(), 'rpc-json-')), 'c.json');
    await writeJson(file, comparison);
    assert.equal(readFileSync(file, 'utf8'), JSON.stringify(comparison, null, 2) + '\n');
    await writeJson(file, comparison.results[0]);
    assert.equal(readFileSync(file, 'utf8'), JSON.stringify(comparison.results[0], null, 2) + '\n');
  });
});
