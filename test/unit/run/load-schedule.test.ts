/** The staged target as a function of time: values, integrals, send times and caller steps, exactly. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { LoadSchedule } from '../../../src/run/load-schedule';

const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

describe('run: LoadSchedule', () => {
  it('ramps linearly from the start value, then holds, steps and pauses (k6 semantics)', () => {
    // 0 -> 100/s over 10 s, 100 for 5 s, a step to 50 for 5 s, a 0 pause for 2 s.
    const s = new LoadSchedule([{ durationMs: 10_000, target: 100 }, { durationMs: 5000, target: 100 }, { durationMs: 5000, target: 50, ramp: false }, { durationMs: 2000, target: 0, ramp: false }], 0);
    close(s.valueAt(0), 0);
    close(s.valueAt(5000), 50);
    close(s.valueAt(12_000), 100);
    close(s.valueAt(15_000), 50);
    close(s.valueAt(21_000), 0);
    assert.equal(s.valueAt(22_000), 0);
    assert.equal(s.endMs, 22_000);
    assert.equal(s.peak, 100);
    // Areas: ramp 500, hold 500, step 250, pause 0.
    close(s.totalArea, 1250);
    close(s.areaTo(10_000), 500);
    close(s.meanOver(0, 1000), 5);
    close(s.meanOver(9000, 10_000), 95);
    close(s.meanOver(15_000, 16_000), 50);
  });

  it('puts send x of a ramp where the integrated rate reaches x: t = sqrt(2x / slope)', () => {
    // 0 -> 2000/s over 10 s: slope 200/s^2, area(t) = 100 t^2.
    const s = new LoadSchedule([{ durationMs: 10_000, target: 2000 }], 0);
    for (const x of [0, 1, 100, 2500, 9999]) close(s.timeOfArea(x), Math.sqrt(x / 100) * 1000, 1e-9);
    assert.equal(s.timeOfArea(10_000), Infinity, "the schedule holds 10,000 sends");
    // Sends per second: 100 (2s - 1) in second s.
    const counts = new Array(10).fill(0);
    for (let x = 0; s.timeOfArea(x) < Infinity; x++) counts[Math.floor(s.timeOfArea(x) / 1000)]++;
    assert.deepEqual(counts, [100, 300, 500, 700, 900, 1100, 1300, 1500, 1700, 1900]);
  });

  it('skips a pause: a send due at its edge waits for the rate to come back', () => {
    const s = new LoadSchedule([{ durationMs: 1000, target: 10, ramp: false }, { durationMs: 1000, target: 0, ramp: false }, { durationMs: 1000, target: 10, ramp: false }], 0);
    assert.deepEqual([...Array(20).keys()].map((x) => Math.round(s.timeOfArea(x))), [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 2000, 2100, 2200, 2300, 2400, 2500, 2600, 2700, 2800, 2900]);
  });

  it('warmup runs at the start value before the stages', () => {
    const s = new LoadSchedule([{ durationMs: 1000, target: 100 }], 40, 500);
    close(s.valueAt(250), 40);
    close(s.valueAt(1000), 70);
    assert.equal(s.endMs, 1500);
    close(s.totalArea, 20 + 70);
  });

  it('timeOfArea inverts areaTo on any ramp, up or down (property, fixed seed)', () => {
    const stage = fc.record({ durationMs: fc.integer({ min: 1, max: 100_000 }), target: fc.double({ min: 0, max: 1e5, noNaN: true }), ramp: fc.boolean() });
    fc.assert(
      fc.property(fc.array(stage, { minLength: 1, maxLength: 6 }), fc.double({ min: 0, max: 1e5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (stages, start, u) => {
        const s = new LoadSchedule(stages, start);
        const x = u * s.totalArea;
        const t = s.timeOfArea(x);
        if (!(x < s.totalArea)) return assert.equal(t, Infinity);
        assert.ok(t >= 0 && t <= s.endMs);
        close(s.areaTo(t), x, 1e-6);
      }),
      { seed: 15, numRuns: 500 },
    );
  });

  it('moves callers one at a time along the rounded line, a step at once, 0 at the end', () => {
    const s = new LoadSchedule([{ durationMs: 4000, target: 5 }, { durationMs: 1000, target: 2, ramp: false }], 1);
    assert.deepEqual([...s.callerSteps()], [[0, 1], [500, 2], [1500, 3], [2500, 4], [3500, 5], [4000, 2], [5000, 0]]);
    // A ramp down from 10 to 6 over 4 s.
    const down = new LoadSchedule([{ durationMs: 1000, target: 10, ramp: false }, { durationMs: 4000, target: 6 }], 1);
    assert.deepEqual([...down.callerSteps()], [[0, 10], [1500, 9], [2500, 8], [3500, 7], [4500, 6], [5000, 0]]);
  });
});
