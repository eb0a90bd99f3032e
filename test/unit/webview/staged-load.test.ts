/** The staged-load view model: target vs achieved per interval, per second, without the tail past the stages. */
import { strict as assert } from 'node:assert';
import { parsePool } from '../../../src/pools/parse';
import { simulate } from '../../../src/simulate';
import type { SimulationConfig } from '../../../src/simulate';
import { timelineModel } from '../../../src/webview/model/timeline';

const pool = parsePool({ name: 'p', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1', sim: { slots: 64, service: { type: 'constant', ms: 1 } } }] });

describe('webview model: staged load', () => {
  it('gives the open model\'s target and sends per second on the throughput scale, dropped per second', () => {
    const result = simulate({ pool, seed: 2, intervalMs: 500, load: { model: 'open', stages: [{ duration: '2s', target: 1000 }] } } as unknown as SimulationConfig);
    const m = timelineModel(result);
    assert.equal(m.load?.unit, 'requests/s');
    assert.deepEqual(m.load!.target.map((p) => p.v), [125, 375, 625, 875], 'the mean of the ramp over each half second');
    assert.deepEqual(m.load!.target.map((p) => p.t), [250, 750, 1250, 1750]);
    result.timeline.slice(0, 4).forEach((p, i) => assert.equal(m.load!.achieved[i].v, p.sent! * 2, 'sends per second'));
    assert.ok(m.throughputMax >= m.load!.max);
    assert.deepEqual(m.table.columns.slice(-3), ['Target', 'Sent', 'Dropped']);
  });

  it('gives the closed model\'s target and callers on their own scale', () => {
    const result = simulate({ pool, seed: 2, load: { model: 'closed', stages: [{ duration: '1s', target: 3, ramp: false }, { duration: '1s', target: 5, ramp: false }] } } as unknown as SimulationConfig);
    const m = timelineModel(result);
    assert.equal(m.load?.unit, 'callers');
    assert.deepEqual(m.load!.target.map((p) => p.v), [3, 5]);
    assert.deepEqual(m.load!.achieved.map((p) => p.v), [3, 5]);
    assert.equal(m.load!.max, 5);
  });

  it('has no staged load for a steady run', () => {
    const result = simulate({ pool, seed: 2, requests: 100, load: { model: 'open', rate: 100 } } as unknown as SimulationConfig);
    assert.equal(timelineModel(result).load, undefined);
  });
});
