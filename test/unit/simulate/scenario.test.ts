/** Scenario faults in the simulator: recorded as events, and what they do to the servers. */
import { strict as assert } from 'node:assert';
import type { ScenarioStep } from '../../../src/pools/types';
import type { RunResult } from '../../../src/result/types';
import { runSimulation, type SimulationConfig } from '../../../src/simulate';
import { assertSound, poolOf } from './helpers';

const SERVER = { slots: 8, service: { type: 'lognormal' as const, medianMs: 5, p99Ms: 20 } };

function run(strategy: SimulationConfig['strategy'], scenario: ScenarioStep[], extra: Partial<SimulationConfig> = {}) {
  const out = runSimulation({
    pool: poolOf(4, SERVER),
    strategy,
    load: { model: 'open', rate: 400 },
    durationMs: 10_000,
    intervalMs: 250,
    scenario,
    seed: 3,
    ...extra,
  });
  assertSound(out);
  return out.result;
}

/** Share of the answers from `id` in intervals starting in [from, to). */
function shareBetween(r: RunResult, id: string, from: number, to: number): number {
  let mine = 0;
  let all = 0;
  for (const p of r.timeline) {
    if (p.t < from || p.t >= to) continue;
    mine += p.endpoints[id]?.requests ?? 0;
    all += p.total.requests;
  }
  return mine / all;
}

describe('simulate: scenarios', function () {
  this.timeout(20_000);

  it('records every step as an event at its time', () => {
    const r = run('round-robin', [
      { at: 1000, endpoint: 's1', action: 'slow', value: 3 },
      { at: 2000, endpoint: 's2', action: 'fail', value: 0.25 },
      { at: 3000, endpoint: 's3', action: 'stall', value: 500 },
      { at: 4000, endpoint: 's1', action: 'recover' },
      { at: 5000, endpoint: 's4', action: 'leave' },
      { at: 6000, endpoint: 's4', action: 'join' },
      { at: 7000, endpoint: 's3', action: 'remove' },
      { at: 8000, endpoint: 's3', action: 'add' },
    ]);
    const events = r.events.map((e) => [e.at, e.type, e.endpoint, e.value]);
    assert.deepEqual(events, [
      [1000, 'slowed', 's1', 3],
      [2000, 'failed', 's2', 0.25],
      [3000, 'stalled', 's3', 500],
      [4000, 'recovered', 's1', undefined],
      [5000, 'left', 's4', undefined],
      [6000, 'joined', 's4', undefined],
      [7000, 'removed', 's3', undefined],
      [8000, 'added', 's3', undefined],
    ]);
    assert.equal(r.events[2].detail, 'stalls for 500 ms');
  });

  it('slow multiplies service times from the step on', () => {
    const r = run('round-robin', [{ at: 5000, endpoint: 's1', action: 'slow', value: 10 }]);
    const before = r.timeline.filter((p) => p.t >= 1000 && p.t < 4750).map((p) => p.endpoints.s1.p50);
    const after = r.timeline.filter((p) => p.t >= 6000 && p.t < 9750).map((p) => p.endpoints.s1.p50);
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = median(after) / median(before);
    assert.ok(ratio > 7 && ratio < 13, `p50 after / before = ${ratio}`);
  });

  it('fail makes the given share of the endpoint\'s requests fail, as its transport would', () => {
    const r = run('round-robin', [{ at: 0, endpoint: 's2', action: 'fail', value: 0.5 }]);
    const s2 = r.endpoints.find((e) => e.id === 's2')!;
    assert.ok(Math.abs(s2.errors / s2.requests - 0.5) < 0.03, `${s2.errors} / ${s2.requests}`);
    assert.deepEqual(Object.keys(s2.errorsByKind), ['http_500']);
    assert.equal(r.endpoints.find((e) => e.id === 's1')!.errors, 0);
  });

  it('leave refuses and resets until join; the server then serves again', () => {
    const r = run('round-robin', [
      { at: 3000, endpoint: 's4', action: 'leave' },
      { at: 6000, endpoint: 's4', action: 'join' },
    ]);
    const s4 = r.endpoints.find((e) => e.id === 's4')!;
    // 100 requests/s reach s4 under round-robin: about 300 refused in the 3 s it is away.
    assert.ok((s4.errorsByKind.refused ?? 0) > 250, JSON.stringify(s4.errorsByKind));
    const during = r.timeline.filter((p) => p.t >= 3250 && p.t < 6000);
    for (const p of during) assert.equal(p.endpoints.s4.errors, p.endpoints.s4.requests, `interval ${p.t}`);
    const after = r.timeline.filter((p) => p.t >= 6250);
    for (const p of after) assert.equal(p.endpoints.s4?.errors ?? 0, 0, `interval ${p.t}`);
  });

  it('leave resets requests in service and in the queue; a bounded queue overflows as queue_full', () => {
    // s1 stalls with one request in its only slot and two in its queue; more overflow; then it leaves.
    const r = run('round-robin', [
      { at: 1000, endpoint: 's1', action: 'stall', value: 5000 },
      { at: 2000, endpoint: 's1', action: 'leave' },
    ], { pool: poolOf(4, { slots: 1, queue: 2, service: { type: 'constant', ms: 2 } }) });
    const s1 = r.endpoints.find((e) => e.id === 's1')!;
    assert.equal(s1.errorsByKind.reset, 3, JSON.stringify(s1.errorsByKind));
    assert.ok(s1.errorsByKind.queue_full > 50, JSON.stringify(s1.errorsByKind));
    assert.ok(s1.errorsByKind.refused > 500, JSON.stringify(s1.errorsByKind));
    assert.equal(r.totals.errors, s1.errors);
  });

  it('stall holds every answer of the endpoint until it ends', () => {
    const r = run('round-robin', [{ at: 4000, endpoint: 's3', action: 'stall', value: 1000 }]);
    for (const p of r.timeline.filter((q) => q.t >= 4000 && q.t < 5000)) assert.equal(p.endpoints.s3?.requests ?? 0, 0, `interval ${p.t}`);
    const s3 = r.endpoints.find((e) => e.id === 's3')!;
    assert.ok(s3.latency.max >= 999, `max ${s3.latency.max}`);
  });

  it('remove takes the endpoint out of the balancer until add', () => {
    const r = run('round-robin', [
      { at: 3000, endpoint: 's2', action: 'remove' },
      { at: 6000, endpoint: 's2', action: 'add' },
    ]);
    const sends = r.timeline.filter((p) => p.t >= 3250 && p.t < 6000).map((p) => p.endpoints.s2?.requests ?? 0);
    assert.ok(sends.every((n) => n === 0), String(sends));
    assert.ok(shareBetween(r, 's2', 6250, 10_000) > 0.2);
  });

  it('a slowed endpoint loses traffic under p2c-peak-ewma, not under round-robin', () => {
    const slow: ScenarioStep[] = [{ at: 4000, endpoint: 's1', action: 'slow', value: 5 }];
    const p2c = run('p2c-peak-ewma', slow);
    const rr = run('round-robin', slow);
    const p2cBefore = shareBetween(p2c, 's1', 1000, 4000);
    const p2cAfter = shareBetween(p2c, 's1', 5000, 10_000);
    const rrAfter = shareBetween(rr, 's1', 5000, 10_000);
    // Peak EWMA keeps a tail sample for seconds, so shares of equal servers wander (0.17-0.30 over seeds).
    assert.ok(p2cBefore > 0.15, `p2c before: ${p2cBefore}`);
    assert.ok(p2cAfter < 0.1 && p2cAfter < p2cBefore / 2, `p2c after: ${p2cAfter}, before: ${p2cBefore}`);
    assert.ok(Math.abs(rrAfter - 0.25) < 0.01, `round-robin after: ${rrAfter}`);
  });

  it('closed callers, think time and warmup keep Little\'s law and the request bound', () => {
    const out = runSimulation({
      pool: poolOf(3, SERVER),
      strategy: 'least-connections',
      load: { model: 'closed', concurrency: 20, thinkTimeMs: 2 },
      requests: 50_000,
      warmupMs: 1000,
      scenario: [{ at: 2000, endpoint: 's2', action: 'slow', value: 4 }],
      seed: 9,
    });
    assertSound(out);
    assert.equal(out.stats.sent, 50_000);
    assert.equal(out.result.totals.requests + (out.result.totals.warmupRequests ?? 0), 50_000);
  });
});
