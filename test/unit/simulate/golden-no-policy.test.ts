/**
 * A run without a policy gives exactly the result it gave before the policy layer was wired into
 * the simulator (hashes taken on the commit before it, schemaVersion and tool version left out).
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../../../src/simulate';
import { goldenConfigs } from './golden-configs';

const golden = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'golden-no-policy.json'), 'utf8')) as Record<string, string>;

describe('simulate: runs without a policy are unchanged', () => {
  for (const [name, config] of Object.entries(goldenConfigs)) {
    it(name, () => {
      const r = simulate(config) as unknown as Record<string, unknown>;
      delete r.schemaVersion;
      delete r.tool;
      assert.equal(createHash('sha256').update(JSON.stringify(r)).digest('hex'), golden[name]);
    });
  }
});
