/** A staged rate on the pacer (virtual clock): sends exactly where the integrated rate puts them, split across workers. */
import { strict as assert } from 'node:assert';
import { Pacer } from '../../../src/loadtest/pacer';
import { stagedDueAt } from '../../../src/loadtest/staged-load';
import { shareLoad, splitInteger } from '../../../src/loadtest/share';
import { LoadSchedule } from '../../../src/run/load-schedule';
import { VirtualClock } from './virtual-clock';

const RAMP = [{ durationMs: 10_000, target: 2000 }];

function paced(stages: typeof RAMP, share = { index: 0, count: 1 }, startAt = 0): number[] {
  const clock = new VirtualClock();
  const schedule = new LoadSchedule(stages, 0);
  const sent: number[] = [];
  const end = startAt + schedule.endMs;
  const pacer = new Pacer({ rate: 2000, startAt, endAt: end, clock, dueAt: stagedDueAt(schedule, startAt, share), send: (t) => sent.push(t) });
  pacer.start();
  clock.runUntil(end + 100);
  return sent;
}

describe('loadtest: staged pacer', () => {
  it('sends a 0 -> 2,000/s ramp at t_k = sqrt(k / 100) s, 100 (2s - 1) in second s', () => {
    const sent = paced(RAMP, undefined, 500);
    assert.equal(sent.length, 10_000);
    for (const k of [0, 1, 2, 100, 5000, 9999]) assert.ok(Math.abs(sent[k] - (500 + Math.sqrt(k / 100) * 1000)) < 1e-6, `send ${k} at ${sent[k]}`);
    const perSecond = new Array(10).fill(0);
    for (const t of sent) perSecond[Math.floor((t - 500) / 1000)]++;
    assert.deepEqual(perSecond, [100, 300, 500, 700, 900, 1100, 1300, 1500, 1700, 1900]);
  });

  it('with 3 workers, each takes every third send of the one schedule: together they are the whole', () => {
    const parts = [0, 1, 2].map((index) => paced(RAMP, { index, count: 3 }));
    assert.deepEqual(parts.map((p) => p.length), [3334, 3333, 3333]);
    const all = parts.flat().sort((a, b) => a - b);
    assert.deepEqual(all, paced(RAMP));
  });

  it('splits a staged load across workers: rate by N, callers by integers (sum exact), stages whole', () => {
    const open = shareLoad({ model: 'open', rate: 2000, stages: RAMP, startRate: 0, maxInFlight: 10 }, { index: 1, count: 3 });
    assert.deepEqual(open, { model: 'open', rate: 2000 / 3, stages: RAMP, startRate: 0, maxInFlight: 3 });
    for (const n of [0, 1, 7, 100]) assert.equal([0, 1, 2].reduce((sum, index) => sum + splitInteger(n, { index, count: 3 }), 0), n);
  });
});
