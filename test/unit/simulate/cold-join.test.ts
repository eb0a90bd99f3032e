/**
 * A `coldJoin` in the simulator: the joiner's service times follow the warm-up curve of
 * src/faults/cold-start.ts (5x falling linearly to 1x over 4 s), read off the timeline.
 */
import { strict as assert } from 'node:assert';
import type { ScenarioStep } from '../../../src/pools/types';
import { runSimulation } from '../../../src/simulate';
import { assertSound, poolOf } from './helpers';

describe('simulate: a cold joiner warms up along the curve', function () {
  this.timeout(30_000);

  it('s2 joins cold at 1 s: its p50 per half second is 10 ms × (1 + 4 × (1 - t / 4 s)), then 10 ms', () => {
    // Constant 10 ms service, slots enough that nothing queues, no round trip: latency is service.
    const sim = { slots: 64, service: { type: 'constant' as const, ms: 10 }, rttMs: 0 };
    const scenario: ScenarioStep[] = [
      { at: 0, endpoint: 's2', action: 'remove' },
      { at: 1000, endpoint: 's2', action: 'coldJoin', value: 5, forMs: 4000 },
    ];
    const out = runSimulation({
      pool: poolOf(2, sim),
      strategy: 'round-robin',
      load: { model: 'open', rate: 400 },
      durationMs: 6000,
      intervalMs: 500,
      scenario,
      seed: 3,
    });
    assertSound(out);
    const { result } = out;
    const added = result.events.find((e) => e.type === 'added' && e.endpoint === 's2');
    assert.equal(added?.at, 1000);
    assert.match(added!.detail!, /5x slower, warm after 4000 ms/);
    for (const point of result.timeline) {
      const cell = point.endpoints.s2;
      if (point.t < 1000) {
        assert.equal(cell?.requests ?? 0, 0, `s2 served before it joined (t=${point.t})`);
        continue;
      }
      const mid = point.t + 250 - 1000;
      const want = 10 * (mid >= 4000 ? 1 : 1 + 4 * (1 - mid / 4000));
      assert.ok(Math.abs(cell.p50 - want) <= 0.05 * want, `t=${point.t}: s2 p50 ${cell.p50} ms, want ${want} ms`);
      assert.ok(Math.abs(point.endpoints.s1.p50 - 10) <= 0.2, `t=${point.t}: s1 stays warm`);
    }
  });
});
