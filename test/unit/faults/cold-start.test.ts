import { strict as assert } from 'node:assert';
import { coldMultiplier } from '../../../src/faults/cold-start';

describe('coldMultiplier (a cold server warming up)', () => {
  const cold = { since: 1000, forMs: 4000, factor: 5 };

  it('falls linearly from the factor to 1 over the window: 5, 4, 3, 2, then 1', () => {
    assert.deepEqual([1000, 2000, 3000, 4000, 5000, 9000].map((t) => coldMultiplier(cold, t)), [5, 4, 3, 2, 1, 1]);
  });

  it('is the factor before the join and 1 for a warm server', () => {
    assert.equal(coldMultiplier(cold, 0), 5);
    assert.equal(coldMultiplier(undefined, 1234), 1);
  });
});
