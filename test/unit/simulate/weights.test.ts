/** Weighted strategies in the simulator: shares follow the weights over 1,000,000 requests. */
import { strict as assert } from 'node:assert';
import { runSimulation } from '../../../src/simulate';
import { assertSound, poolOf } from './helpers';

const WEIGHTS = [5, 3, 2, 1];
const TOTAL = WEIGHTS.reduce((a, b) => a + b, 0);

describe('simulate: weighted strategies over 1,000,000 requests', function () {
  this.timeout(30_000);
  for (const strategy of ['weighted-round-robin', 'weighted-random'] as const) {
    it(`${strategy}: every share within 1 % (relative) of weight / total`, () => {
      const out = runSimulation({
        pool: poolOf(4, { slots: 16, service: { type: 'exponential', meanMs: 2 } }, WEIGHTS),
        strategy,
        load: { model: 'open', rate: 20_000 },
        requests: 1_000_000,
        seed: 11,
      });
      assertSound(out);
      assert.equal(out.result.totals.requests, 1_000_000);
      out.result.endpoints.forEach((ep, i) => {
        const fair = WEIGHTS[i] / TOTAL;
        assert.ok(Math.abs(ep.share / fair - 1) <= 0.01, `${ep.id}: share ${ep.share}, weight share ${fair}`);
        assert.ok(Math.abs(ep.fairShare - fair) < 1e-12);
      });
    });
  }
});
