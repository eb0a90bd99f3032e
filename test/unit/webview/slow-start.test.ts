import { strict as assert } from 'node:assert';
import type { RunResult } from '../../../src/result/types';
import { slowStartOf } from '../../../src/webview/model/slow-start';
import { timelineModel } from '../../../src/webview/model/timeline';
import { rampLanes } from '../../../src/webview/render/slow-start';
import { slowStartResult, tieredResult } from './fixtures';

describe('webview slow-start ramps', () => {
  const result = slowStartResult();
  const model = timelineModel(result);

  it('one ramp per endpoint that joined the running pool, from its join to the end of the window (cut where the timeline ends)', () => {
    assert.deepEqual(model.ramps.map((r) => [r.endpoint, r.from, r.to]), [['s4', 2000, 6000], ['s5', 7000, model.xMax]]);
    assert.equal(rampLanes(model.ramps), 2, 'a lane each');
    assert.equal(model.ramps[0].label, 's4 slow start: 10% → 100% over 4.0 s, aggression 2');
    assert.equal(model.ramps[0].colorIndex, result.endpoints.findIndex((e) => e.id === 's4'));
  });

  it('the band is the engine\'s factor max(10 %, (t / window) ^ (1 / 2)): 0.1, 0.5, 0.707, 1 at 0, ¼, ½, 1 window', () => {
    const { points } = model.ramps[0];
    assert.equal(points.length, 49);
    const at = (t: number) => points.find((p) => p.t === t)!.factor;
    assert.equal(at(2000), 0.1);
    assert.equal(at(3000), 0.5);
    assert.ok(Math.abs(at(4000) - Math.SQRT1_2) < 1e-12);
    assert.equal(at(6000), 1);
  });

  it('no ramps without slow start, and none for the pool the balancer started with', () => {
    assert.deepEqual(timelineModel(tieredResult()).ramps, []);
    const atStart = { ...result, events: result.events.map((e) => ({ ...e, at: e.type === 'added' ? 0 : e.at })) } as RunResult;
    assert.deepEqual(timelineModel(atStart).ramps, []);
  });

  it('reads the window as the run did ("4s", ms), and ignores one that does not read', () => {
    const withWindow = (window: unknown) => ({ ...result, config: { ...result.config, slowStart: { window } } }) as unknown as RunResult;
    assert.deepEqual(slowStartOf(withWindow('1m30s')), { windowMs: 90_000, aggression: 1, minWeightPercent: 10 });
    assert.deepEqual(slowStartOf(withWindow(2500)), { windowMs: 2500, aggression: 1, minWeightPercent: 10 });
    assert.equal(slowStartOf(withWindow('soon')), undefined);
    assert.equal(slowStartOf(withWindow(0)), undefined);
  });
});
