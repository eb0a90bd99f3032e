import { strict as assert } from 'node:assert';
import { restoringSteps } from '../../../src/compare/restore-servers';

describe('restoringSteps (between live runs of a comparison)', () => {
  it('a server still away joins, a slowed or cold one recovers, one recovered already is left alone', () => {
    assert.deepEqual(restoringSteps([
      { at: 0, endpoint: 's3', action: 'remove' },
      { at: 1000, endpoint: 's1', action: 'leave' },
      { at: 2000, endpoint: 's2', action: 'slow', value: 3 },
      { at: 3000, endpoint: 's2', action: 'recover' },
      { at: 4000, endpoint: 's3', action: 'coldJoin', value: 5, forMs: 10_000 },
    ]), [
      { at: 0, endpoint: 's1', action: 'join' },
      { at: 0, endpoint: 's3', action: 'recover' },
    ]);
  });
});
