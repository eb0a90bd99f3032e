import assert from 'node:assert/strict';
import { availability, priorityLoads } from '../../../src/engine/priority-load';

/** Two levels of 100 endpoints; the first has `healthy` healthy, the second all. */
const twoLevels = (healthy: number) => [{ total: 100, healthy }, { total: 100, healthy: 100 }];

describe('priority load (Envoy load_balancer_impl.cc, recalculatePerPriorityState)', () => {
  // envoyproxy.io "Priority levels": the table of P=0 health against traffic to P=0 / P=1.
  const table: [number, number, number][] = [
    [100, 100, 0],
    [72, 100, 0],
    [71, 99, 1],
    [50, 70, 30],
    [25, 35, 65],
    [0, 0, 100],
  ];
  for (const [healthy, p0, p1] of table) {
    it(`P0 at ${healthy} % healthy keeps ${p0} %, P1 takes ${p1} %`, () => {
      assert.deepEqual(priorityLoads(twoLevels(healthy), 1.4, 50), { load: [p0, p1], panic: [false, false] });
    });
  }

  it('availability is the healthy share x 1.4 in whole percents, capped at 100', () => {
    assert.equal(availability({ total: 7, healthy: 5 }, 140), 100, '71.4 % healthy is just enough');
    assert.equal(availability({ total: 100, healthy: 71 }, 140), 99);
    assert.equal(availability({ total: 4, healthy: 2 }, 140), 70);
    assert.equal(availability({ total: 0, healthy: 0 }, 140), 0);
  });

  it('spills through three levels and scales up when the total is below 100', () => {
    assert.deepEqual(priorityLoads([{ total: 4, healthy: 2 }, { total: 4, healthy: 1 }, { total: 4, healthy: 4 }], 1.4, 0).load, [70, 30, 0]);
    // 35 % + 35 % available: normalised total 70, each level gets 35 / 70 of the load.
    assert.deepEqual(priorityLoads([{ total: 4, healthy: 1 }, { total: 4, healthy: 1 }], 1.4, 0).load, [50, 50]);
    // Rounding leftovers go to the first available level: 3 x 33 + 1.
    const thirds = priorityLoads([{ total: 10, healthy: 2 }, { total: 10, healthy: 2 }, { total: 10, healthy: 2 }], 1.4, 0);
    assert.deepEqual(thirds.load, [34, 33, 33]);
  });

  it('a different overprovisioning factor moves the spill point', () => {
    assert.deepEqual(priorityLoads(twoLevels(50), 1, 50).load, [50, 50]);
    assert.deepEqual(priorityLoads(twoLevels(50), 2, 50).load, [100, 0]);
  });

  it('panic: a level below the threshold panics only while no level can absorb the traffic', () => {
    // P1 absorbs what P0 cannot: the normalised total is 100, nobody panics.
    assert.deepEqual(priorityLoads([{ total: 10, healthy: 4 }, { total: 10, healthy: 10 }], 1.4, 50), { load: [56, 44], panic: [false, false] });
    // A single level at the threshold (50 %) is not in panic; one endpoint fewer is.
    assert.deepEqual(priorityLoads([{ total: 10, healthy: 5 }], 1.4, 50), { load: [100], panic: [false] });
    assert.deepEqual(priorityLoads([{ total: 10, healthy: 4 }], 1.4, 50), { load: [100], panic: [true] });
    // P0 in panic, P1 not, the total short of 100: P0 panics and keeps its share by health.
    assert.deepEqual(priorityLoads([{ total: 10, healthy: 4 }, { total: 10, healthy: 2 }], 1.4, 25), { load: [67, 33], panic: [false, true] });
  });

  it('total panic shares the load by endpoint counts, healthy or not', () => {
    assert.deepEqual(priorityLoads([{ total: 10, healthy: 1 }, { total: 30, healthy: 3 }], 1.4, 50), { load: [25, 75], panic: [true, true] });
    assert.deepEqual(priorityLoads([{ total: 3, healthy: 0 }, { total: 3, healthy: 0 }, { total: 3, healthy: 0 }], 1.4, 50).load, [34, 33, 33]);
  });

  it('panic threshold 0 and nothing healthy: P0 takes the load, nobody panics (Envoy sends nothing)', () => {
    assert.deepEqual(priorityLoads([{ total: 2, healthy: 0 }, { total: 2, healthy: 0 }], 1.4, 0), { load: [100, 0], panic: [false, false] });
  });
});
