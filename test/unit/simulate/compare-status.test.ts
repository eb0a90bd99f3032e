import { strict as assert } from 'node:assert';
import { compareStrategies } from '../../../src/compare';
import { assertValidComparison } from '../../../src/result/validate';
import { poolOf } from './helpers';

describe('compare: a comparison that did not finish', () => {
  it('has status cancelled, holds the runs it made, and never ranks a cancelled run best', async () => {
    const controller = new AbortController();
    const c = await compareStrategies({
      pool: poolOf(3),
      strategies: ['round-robin', 'random', 'least-connections'],
      load: { model: 'open', rate: 2000 },
      requests: 2_000_000,
      signal: controller.signal,
      // Cancels during the second strategy's run: it ends cancelled, the third never starts.
      onProgress: (p) => {
        if (p.index === 0) setImmediate(() => controller.abort());
      },
    });
    assertValidComparison(c);
    assert.equal(c.status, 'cancelled');
    assert.ok(c.results.length >= 1 && c.results.length < 3, `${c.results.length} runs`);
    for (const row of c.rows) if (row.status) assert.notEqual(row.best, true, `${row.strategy} is partial and best`);
    const partial = c.rows.filter((r) => r.status === 'cancelled');
    assert.ok(partial.length >= 1, JSON.stringify(c.rows.map((r) => [r.strategy, r.status])));
    assert.deepEqual(c.rows.slice(-partial.length).map((r) => r.status), partial.map(() => 'cancelled'), 'partial rows come last');
  });

  it('is completed when every strategy ran to its end', async () => {
    const c = await compareStrategies({ pool: poolOf(2), strategies: ['round-robin', 'random'], requests: 500 });
    assert.equal(c.status, 'completed');
    assert.equal(c.rows.filter((r) => r.best).length, 1);
  });
});
