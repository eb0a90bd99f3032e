/**
 * Staged loads in the simulator: a non-homogeneous Poisson process on the ramp's rate function
 * (counts per interval against the target within 4 standard deviations, fixed seed), and closed-model
 * callers following steps.
 */
import { strict as assert } from 'node:assert';
import { runSimulation } from '../../../src/simulate';
import type { SimulationConfig } from '../../../src/simulate';
import { mergeResults } from '../../../src/result/merge';
import { assertValidRunResult } from '../../../src/result/validate';
import { poolOf } from './helpers';

const fast = { slots: 64, service: { type: 'exponential', meanMs: 2 } } as const;

function run(config: Omit<SimulationConfig, 'pool'>) {
  const out = runSimulation({ pool: poolOf(2, fast), seed: 7, ...config } as SimulationConfig);
  assertValidRunResult(JSON.parse(JSON.stringify(out.result)));
  return out;
}

describe('simulate: load.stages', () => {
  it('draws a 0 -> 2,000/s ramp: sends per second within 4 sd of the target 100 (2s - 1), the target on the timeline', () => {
    const { result, stats } = run({ load: { model: 'open', stages: [{ duration: '10s', target: 2000 }] } } as never);
    // The answers of the last sends close a short 11th interval past the schedule: its target is 0.
    assert.equal(result.timeline.length, 11);
    assert.equal(result.timeline[10].target, 0);
    result.timeline.slice(0, 10).forEach((p, i) => {
      const mean = 100 * (2 * (i + 1) - 1);
      assert.equal(p.target, mean, `target of second ${i}`);
      assert.ok(Math.abs(p.sent! - mean) <= 4 * Math.sqrt(mean), `second ${i}: ${p.sent} sent, target ${mean}`);
      assert.equal(p.dropped, 0);
    });
    assert.ok(Math.abs(stats.sent - 10_000) <= 400, `${stats.sent} sent in all`);
    assert.equal(result.timeline.reduce((s, p) => s + p.sent!, 0), stats.sent);
  });

  it('counts a dropped send in the interval it was due (sent is the offered load)', () => {
    const pool = poolOf(1, { slots: 1, service: { type: 'constant', ms: 50 } });
    const out = runSimulation({ pool, seed: 3, load: { model: 'open', maxInFlight: 1, stages: [{ duration: '2s', target: 400, ramp: false }] } } as never);
    const sent = out.result.timeline.slice(0, 2).map((p) => p.sent!);
    const dropped = out.result.timeline.slice(0, 2).map((p) => p.dropped!);
    for (const n of sent) assert.ok(Math.abs(n - 400) <= 80, `sent ${n}`);
    for (let i = 0; i < 2; i++) assert.ok(dropped[i] > sent[i] * 0.8, `most are dropped: ${dropped[i]} of ${sent[i]}`);
    assert.equal(dropped[0] + dropped[1], out.result.totals.dropped);
  });

  it('is the same at the same seed, and different at another', () => {
    const load = { model: 'open', stages: [{ duration: '2s', target: 500 }, { duration: '1s', target: 0 }] };
    const a = run({ load } as never).result.timeline.map((p) => p.sent);
    assert.deepEqual(run({ load } as never).result.timeline.map((p) => p.sent), a);
    assert.notDeepEqual(run({ load, seed: 8 } as never).result.timeline.map((p) => p.sent), a);
  });

  it('moves closed-model callers with the steps: added at once, leaving when answered', () => {
    const steps = [2, 6, 0, 3].map((target) => ({ duration: '1s', target, ramp: false }));
    const { result } = run({ load: { model: 'closed', stages: steps } } as never);
    const callers = result.timeline.map((p) => p.callers!);
    assert.deepEqual(result.timeline.slice(0, 4).map((p) => p.target), [2, 6, 0, 3], JSON.stringify(result.timeline.map((p) => [p.t, p.target, p.callers])));
    assert.equal(callers[0], 2);
    assert.equal(callers[1], 6);
    assert.ok(callers[2] < 0.2, `callers leave within a request or so: ${callers[2]}`);
    assert.equal(callers[3], 3);
    // Each caller sends about 1000 / (2 ms + trip) requests a second.
    const requests = result.timeline.map((p) => p.total.requests);
    assert.ok(requests[1] > 2.5 * requests[0] && requests[1] < 3.5 * requests[0], `${requests}`);
    assert.ok(requests[2] < 0.05 * requests[1], `${requests}`);
  });

  it('leaves unstaged results as they were: no target fields', () => {
    const { result } = run({ load: { model: 'open', rate: 200 }, durationMs: 1000 } as never);
    assert.equal(result.timeline[0].target, undefined);
    assert.equal(result.timeline[0].sent, undefined);
  });
});

describe('mergeResults: staged timelines', () => {
  it('adds the parts\' targets, sends and drops (each part holds its share)', () => {
    const load = { model: 'open', stages: [{ duration: '2s', target: 300 }] };
    const a = run({ load, seed: 1 } as never).result;
    const b = run({ load, seed: 2 } as never).result;
    const m = mergeResults(a, b);
    assertValidRunResult(JSON.parse(JSON.stringify(m)));
    for (let i = 0; i < 2; i++) {
      assert.equal(m.timeline[i].target, a.timeline[i].target! + b.timeline[i].target!);
      assert.equal(m.timeline[i].sent, a.timeline[i].sent! + b.timeline[i].sent!);
      assert.equal(m.timeline[i].dropped, 0);
    }
    assert.equal(mergeResults(run({ load: { model: 'open', rate: 100 }, durationMs: 1000 } as never).result).timeline[0].target, undefined);
  });
});
