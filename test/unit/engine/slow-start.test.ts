import assert from 'node:assert/strict';
import { createBalancer } from '../../../src/engine/registry';
import { slowStartFactor } from '../../../src/engine/slow-start';
import type { BalancerOptions, StrategyName } from '../../../src/engine/types';
import { counts, endpoints, env } from './engine-helpers';

const WINDOW = 1000;

/** a and b warm (weight 1); c joins at t = 0 with weight 1. */
function joined(options: Partial<BalancerOptions['slowStart']> = {}, strategy: StrategyName = 'weighted-round-robin') {
  const e = env(5);
  const [a, b, c] = endpoints(1, 1, 1);
  const bal = createBalancer(strategy, [a, b], { now: e.now, random: e.random, slowStart: { windowMs: WINDOW, ...options } });
  bal.setEndpoints([a, b, c]);
  return { bal, e, a, b, c };
}

describe("slow start (Envoy's slow start mode)", () => {
  it('the factor at 0, 1/4, 1/2 and 1 window: min weight, then (t / window) ^ (1 / aggression)', () => {
    const linear = { windowMs: WINDOW, aggression: 1, minWeightPercent: 10 };
    assert.deepEqual([0, 250, 500, 1000].map((t) => slowStartFactor(t, linear)), [0.1, 0.25, 0.5, 1]);
    const square = { ...linear, aggression: 2 };
    assert.deepEqual([0, 250, 500, 1000].map((t) => slowStartFactor(t, square)), [0.1, 0.5, Math.SQRT1_2, 1]);
    assert.equal(slowStartFactor(50, { ...linear, minWeightPercent: 0 }), 0.05);
    assert.equal(slowStartFactor(0, { ...linear, minWeightPercent: 0 }), 1 / WINDOW, 'Envoy counts at least 1 ms');
  });

  // weighted-round-robin schedules exactly, so the counts are the scaled weights.
  for (const [t, c, cycle] of [[0, 0.1, 2100], [250, 0.25, 900], [500, 0.5, 500], [1000, 1, 300]] as const) {
    it(`a joiner at ${t / WINDOW} window takes weight ${c} (exact counts)`, () => {
      const { bal, e } = joined();
      e.clock.advance(t);
      const n = cycle;
      const per = n / (2 + c);
      assert.deepEqual(counts(bal, n), { a: per, b: per, c: per * c });
    });
  }

  it('aggression 2 at 1/4 window gives half the weight', () => {
    const { bal, e } = joined({ aggression: 2 });
    e.clock.advance(250);
    assert.deepEqual(counts(bal, 500), { a: 200, b: 200, c: 100 });
  });

  it('weights follow the clock at a bounded rate: recomputed at most every window / 100', () => {
    const { bal, e } = joined({ minWeightPercent: 0 });
    e.clock.advance(500);
    assert.deepEqual(counts(bal, 500), { a: 200, b: 200, c: 100 });
    e.clock.advance(WINDOW / 100 - 1);
    assert.deepEqual(counts(bal, 500), { a: 200, b: 200, c: 100 }, 'not yet recomputed');
    e.clock.advance(1);
    assert.deepEqual(counts(bal, 2510), { a: 1000, b: 1000, c: 510 }, 'weight 0.51');
  });

  it('endpoints of the first pool are warm; one that leaves and comes back ramps again', () => {
    const e = env(5);
    const [a, b, c] = endpoints(1, 1, 1);
    const bal = createBalancer('weighted-random', [a, b, c], { now: e.now, random: e.random, slowStart: { windowMs: WINDOW } });
    const warm = counts(bal, 30_000);
    assert.ok(Math.abs(warm.c / 30_000 - 1 / 3) < 0.01, `warm share ${warm.c / 30_000}`);
    e.clock.advance(5000);
    bal.setEndpoints([a, b]);
    bal.setEndpoints([a, b, c]);
    const cold = counts(bal, 21_000);
    assert.ok(Math.abs(cold.c / 21_000 - 0.1 / 2.1) < 0.005, `cold share ${cold.c / 21_000} within 0.5 % of 4.8 % (seed 5)`);
  });

  it('picks carry the endpoint as given, never the scaled weight', () => {
    const { bal } = joined();
    const seen = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const p = bal.pick()!;
      seen.add(p.endpoint.weight);
      p.done({ latencyMs: 1, ok: true });
    }
    assert.deepEqual([...seen], [1]);
  });

  it('least-connections ramps too: the joiner gets the smaller share of sequential picks', () => {
    const { bal, e } = joined({}, 'least-connections');
    e.clock.advance(250);
    assert.deepEqual(counts(bal, 900), { a: 400, b: 400, c: 100 });
  });

  it('with outlier detection and priorities: a joiner ramps inside its level', () => {
    const e = env(5);
    const eps = endpoints(1, 1, 1).map((x) => ({ ...x, priority: 0 }));
    const bal = createBalancer('weighted-round-robin', eps.slice(0, 2), {
      now: e.now, random: e.random, outlierDetection: true, slowStart: { windowMs: WINDOW },
    });
    bal.setEndpoints(eps);
    e.clock.advance(250);
    assert.deepEqual(counts(bal, 900), { a: 400, b: 400, c: 100 });
  });
});
