import assert from 'node:assert/strict';
import { withoutModuleHooks } from '../../../src/loadtest/worker-path';

describe('worker-path: withoutModuleHooks (a bundled worker starts without the parent\'s module hooks)', () => {
  it('drops --import, --require, -r, --loader and --experimental-loader with their values, in both spellings', () => {
    assert.deepEqual(withoutModuleHooks(['--import', 'tsx', '--max-old-space-size=512', '--require=./a.js', '-r', 'b', '--loader', 'l.mjs', '--experimental-loader=m.mjs', '--enable-source-maps']), [
      '--max-old-space-size=512',
      '--enable-source-maps',
    ]);
  });

  it('keeps every other flag, and flags that only start like one (--imports-x is not --import)', () => {
    assert.deepEqual(withoutModuleHooks(['--inspect', '--imports-x', '--no-warnings']), ['--inspect', '--imports-x', '--no-warnings']);
    assert.deepEqual(withoutModuleHooks([]), []);
  });
});
