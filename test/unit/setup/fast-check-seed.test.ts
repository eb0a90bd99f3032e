/**
 * The shared seed reaches the fast-check instance the tests import. This file does not import
 * test/setup/fast-check.ts itself, so it fails if `.mocharc.json` stops loading it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';

describe('fast-check global seed', () => {
  it('is required by .mocharc.json, which every mocha run (unit, integration, browser, e2e) uses', () => {
    const rc = JSON.parse(readFileSync('.mocharc.json', 'utf8')) as { require?: string[] };
    assert.ok(rc.require?.includes('test/setup/fast-check.ts'), `.mocharc.json require: ${JSON.stringify(rc.require)}`);
  });

  it('is set before any test runs', () => {
    const { seed } = fc.readConfigureGlobal();
    assert.ok(Number.isSafeInteger(seed), `global seed: ${String(seed)}`);
  });

  it('makes two runs of an unseeded property draw the same inputs', () => {
    const draw = (): number[] => {
      const seen: number[] = [];
      fc.assert(fc.property(fc.integer(), (n) => { seen.push(n); }), { numRuns: 20 });
      return seen;
    };
    assert.deepEqual(draw(), draw());
  });
});
