import { strict as assert } from 'node:assert';
import type { LiveProgress } from '../../../src/result/live-progress';
import { LiveMerge } from '../../../src/loadtest/live-merge';
import type { TimelinePoint } from '../../../src/result/types';
import { recorder } from './fixtures';

function live(p: { live?: LiveProgress }): LiveProgress {
  assert.ok(p.live, 'the tick has a live part');
  return p.live;
}

describe('result/live-progress: what each tick tells the live dashboard', () => {
  it('sends each closed interval and each event once, with per-endpoint counts, fair shares and the last interval\'s p99', () => {
    const r = recorder({ intervalMs: 100 });
    const a = r.indexOf('a');
    const b = r.indexOf('b');
    r.startedAt(a, 10);
    r.finishedAt(a, 10, 20, 10, true);
    r.startedAt(b, 30);
    r.finishedAt(b, 30, 60, 30, false, 'timeout');
    const first = live(r.progress(50));
    assert.deepEqual(first.intervals, [], 'no interval has closed at 50 ms');
    assert.deepEqual(first.endpoints.map((e) => [e.id, e.requests, e.errors, e.fairShare, e.p99]), [
      ['a', 1, 0, 0.25, undefined],
      ['b', 1, 1, 0.75, undefined],
    ]);

    r.event({ at: 120, type: 'slowed', endpoint: 'b', detail: 'slowed 10x' });
    r.startedAt(a, 110);
    r.finishedAt(a, 110, 150, 40, true);
    const second = live(r.progress(250));
    assert.deepEqual(second.intervals.map((p) => [p.t, p.total.requests]), [
      [0, 2],
      [100, 1],
    ]);
    assert.deepEqual(second.events.map((e) => e.type), ['slowed']);
    const [ea, eb] = second.endpoints;
    assert.equal(ea.requests, 2);
    assert.ok(ea.p99 !== undefined && ea.p99 >= 40 && ea.p99 <= 40.1, `a's p99 over [100, 200) is its 40 ms request, got ${ea.p99}`);
    assert.equal(eb.p99, undefined, 'b had no request in the last closed interval');

    const third = live(r.progress(260));
    assert.deepEqual(third.intervals, [], 'an interval is sent once');
    assert.deepEqual(third.events, [], 'an event is sent once');
    // What the ticks sent adds up to the result's timeline (but its last, open interval).
    const res = r.result('completed', 300);
    assert.deepEqual([...first.intervals, ...second.intervals, ...third.intervals], res.timeline.slice(0, 3).filter((p) => p.t < 200));
  });
});

describe('loadtest/live-merge: worker threads\' ticks as one', () => {
  const point = (t: number, requests: number, p99: number): TimelinePoint => ({
    t,
    total: { requests, errors: 0, p50: p99 / 2, p99, inFlight: 1 },
    endpoints: { a: { requests, errors: 0, p50: p99 / 2, p99, inFlight: 1 } },
  });
  const tick = (intervals: TimelinePoint[], requests: number): LiveProgress => ({
    intervalMs: 1000,
    endpoints: [{ id: 'a', requests, errors: 1, fairShare: 1, p99: 5 }],
    intervals,
    events: [],
  });

  it('adds the workers\' counts, sends an interval again when a late part arrives, and forgets it once complete', () => {
    const m = new LiveMerge(2);
    m.add(0, tick([point(0, 10, 5)], 10));
    m.add(1, tick([], 7));
    m.event({ at: 5, type: 'ejected', endpoint: 'a' });
    const first = m.take();
    assert.deepEqual(first.endpoints.map((e) => [e.id, e.requests, e.errors]), [['a', 17, 2]]);
    assert.deepEqual(first.intervals.map((p) => [p.t, p.total.requests]), [[0, 10]]);
    assert.deepEqual(first.events.map((e) => e.type), ['ejected']);

    m.add(1, tick([point(0, 6, 9)], 13));
    const second = m.take();
    assert.deepEqual(second.intervals.map((p) => [p.t, p.total.requests, p.total.p99, p.endpoints.a.requests, p.total.inFlight]), [[0, 16, 9, 16, 2]]);
    assert.deepEqual(second.events, []);
    assert.deepEqual(m.take().intervals, [], 'nothing changed');
    // Complete intervals are dropped: a late duplicate starts a new entry, it does not grow an old one.
    m.add(0, tick([point(0, 10, 5)], 10));
    assert.deepEqual(m.take().intervals.map((p) => p.total.requests), [10]);
  });
});
