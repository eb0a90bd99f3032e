import assert from 'node:assert/strict';
import { LOAD_HEADER, parseLoad } from '../../../src/engine/load-report';

describe('load-report', () => {
  it('names the header in lower case', () => {
    assert.equal(LOAD_HEADER, 'x-server-load');
  });

  it('parses a load in 0..1, clamps above 1, and refuses what is not a finite number >= 0', () => {
    assert.equal(parseLoad('0.25'), 0.25);
    assert.equal(parseLoad('0'), 0);
    assert.equal(parseLoad('1.0000001'), 1);
    for (const bad of [undefined, 'busy', '-0.1', 'Infinity', 'NaN']) assert.equal(parseLoad(bad), undefined, String(bad));
  });
});
