import { strict as assert } from 'node:assert';
import type { LiveMessage } from '../../../src/protocol/webview';
import { isLiveMessage } from '../../../src/protocol/webview';
import type { TimelinePoint } from '../../../src/result/types';
import { evenTicks, liveBars, LiveModel, liveTimeline, stableTop } from '../../../src/webview/model/live';
import { recorder } from '../result/fixtures';

const point = (t: number, a: number, b: number): TimelinePoint => ({
  t,
  total: { requests: a + b, errors: 0, p50: 1, p99: 10 + t / 1000, inFlight: 0 },
  endpoints: {
    a: { requests: a, errors: 0, p50: 1, p99: 5, inFlight: 0 },
    ...(b > 0 ? { b: { requests: b, errors: 0, p50: 1, p99: 20, inFlight: 0 } } : {}),
  },
});

function msg(run: string, intervals: TimelinePoint[], a: number, b: number, extra: Partial<LiveMessage> = {}): LiveMessage {
  return {
    type: 'live',
    run,
    label: 'round-robin on demo',
    elapsedMs: 1000,
    totalMs: 10_000,
    requests: a + b,
    errors: 0,
    throughput: 100,
    p99: 12,
    cancellable: true,
    live: {
      intervalMs: 1000,
      endpoints: [
        { id: 'a', requests: a, errors: 0, fairShare: 0.5, p99: 5 },
        { id: 'b', requests: b, errors: 0, fairShare: 0.5 },
      ],
      intervals,
      events: [],
    },
    ...extra,
  };
}

describe('webview/model/live', () => {
  it('accumulates intervals and events, replaces endpoints by id, and replaces a re-sent interval by its start', () => {
    const m = new LiveModel();
    assert.equal(m.apply(msg('r1', [point(0, 30, 10)], 30, 10)), true);
    m.apply({ ...msg('r1', [point(1000, 20, 20)], 50, 30), live: { ...msg('r1', [point(1000, 20, 20)], 50, 30).live, events: [{ at: 1500, type: 'ejected', endpoint: 'b' }] } });
    m.apply(msg('r1', [point(1000, 25, 20), point(2000, 1, 1)], 55, 31));
    assert.deepEqual(m.intervals.map((p) => [p.t, p.total.requests]), [
      [0, 40],
      [1000, 45],
      [2000, 2],
    ]);
    assert.deepEqual(m.endpoints.map((e) => [e.id, e.requests]), [
      ['a', 55],
      ['b', 31],
    ]);
    assert.deepEqual(m.events.map((e) => e.type), ['ejected']);
    // An interval that arrives out of order (a worker's late part) goes to its place.
    m.apply(msg('r1', [point(500, 1, 0)], 55, 31));
    assert.deepEqual(m.intervals.map((p) => p.t), [0, 500, 1000, 2000]);
  });

  it('starts over for another run (a comparison\'s next strategy)', () => {
    const m = new LiveModel();
    m.apply(msg('r1', [point(0, 30, 10)], 30, 10));
    assert.equal(m.apply(msg('r2', [], 1, 0)), true);
    assert.equal(m.intervals.length, 0);
    assert.equal(m.run, 'r2');
    assert.equal(m.apply(msg('r2', [], 2, 0)), false);
  });

  it('draws shares of the endpoints\' requests against fair share, and throughput per second per interval', () => {
    const m = new LiveModel();
    m.apply(msg('r1', [point(0, 30, 10), point(1000, 20, 0)], 50, 10));
    const { bars, maxShare } = liveBars(m);
    assert.deepEqual(bars.map((b) => [b.id, b.share, b.fairShare, b.colorIndex]), [
      ['a', 50 / 60, 0.5, 0],
      ['b', 10 / 60, 0.5, 1],
    ]);
    assert.ok(Number.isNaN(bars[1].p99));
    assert.equal(maxShare, 50 / 60);
    const tl = liveTimeline(m);
    assert.deepEqual(tl.series.map((s) => s.id), ['', 'a', 'b']);
    assert.deepEqual(tl.series[0].samples.map((s) => [s.t, s.throughput]), [
      [500, 40],
      [1500, 20],
    ]);
    assert.ok(Number.isNaN(tl.series[2].samples[1].p99), 'no p99 where b had no request');
    assert.equal(tl.xMax, 10_000, 'the axis spans the whole expected run, so a run half done is half drawn');
    assert.equal(tl.p99Max, 20);
  });

  it('joins intervals past maxPoints (throughput over the span, the largest p99) and draws the busiest endpoints only', () => {
    const m = new LiveModel();
    const intervals = Array.from({ length: 10 }, (_, i) => point(i * 1000, 10, i === 3 ? 50 : 0));
    m.apply(msg('r1', intervals, 100, 50, { totalMs: undefined, elapsedMs: 10_000 }));
    const tl = liveTimeline(m, { maxSeries: 1, maxPoints: 5 });
    assert.deepEqual(tl.series.map((s) => s.id), ['', 'a']);
    assert.deepEqual(tl.series[0].samples.map((s) => [s.t, s.throughput]), [
      [1000, 10],
      [3000, 35],
      [5000, 10],
      [7000, 10],
      [9000, 10],
    ]);
    assert.equal(tl.series[0].samples[4].p99, 19, 'the later interval of the pair has the larger p99');
    assert.equal(tl.xMax, 10_000);
  });

  it('has a fixed number of ticks, so a redrawn axis keeps its nodes', () => {
    assert.deepEqual(evenTicks(8, 5), [0, 2, 4, 6, 8]);
  });

  it('rejects messages that are not live updates', () => {
    assert.equal(isLiveMessage(msg('r1', [], 1, 1)), true);
    assert.equal(isLiveMessage({ ...msg('r1', [], 1, 1), live: { intervalMs: 1000, endpoints: [], events: [] } }), false);
    assert.equal(isLiveMessage({ type: 'live', run: 1, requests: 0, live: {} }), false);
  });
});

describe('webview/model/live over a 10-minute run', () => {
  it('holds what the RunResult holds, one point per interval and every event, fed every 250 ms at 100 endpoints', () => {
    const endpoints = Array.from({ length: 100 }, (_, i) => ({ id: `ep-${i}`, address: `http://127.0.0.1:${9000 + i}`, weight: 1 }));
    const r = recorder({ intervalMs: 1000, endpoints });
    const m = new LiveModel();
    let x = 7;
    const tenMinutes = 600_000;
    for (let t = 0; t < tenMinutes; t += 250) {
      for (let k = 0; k < 50; k++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        const at = t + (k * 250) / 50;
        r.startedAt(x % 100, at);
        r.finishedAt(x % 100, at, at + 1, 1 + (x % 50), (x & 0xff) !== 0, 'reset');
      }
      if (t % 60_000 === 0) r.event({ at: t, type: 'slowed', endpoint: 'ep-3' });
      const p = r.progress(t + 250);
      assert.ok(p.live);
      m.apply({ type: 'live', run: 'r', label: 'x', elapsedMs: p.elapsedMs, requests: p.requests, errors: p.errors, throughput: p.throughput, p99: p.p99, cancellable: false, live: p.live });
    }
    const res = r.result('completed', tenMinutes);
    assert.equal(m.intervals.length, 600);
    assert.deepEqual(m.intervals, res.timeline.slice(0, m.intervals.length), 'the panel\'s intervals are the result\'s');
    assert.equal(res.timeline.length, 600);
    assert.deepEqual(m.events, res.events);
    assert.equal(m.endpoints.length, 100);
    assert.equal(m.endpoints.reduce((s, e) => s + e.requests, 0), res.totals.requests);
    const tl = liveTimeline(m);
    assert.ok(tl.series.every((s) => s.samples.length <= 60), 'a frame draws at most 60 points a line, however long the run');
    assert.equal(tl.series.length, 9);
  });
});

describe('webview/model/live stableTop', () => {
  it('keeps an axis top while the data fits between a quarter of it and it, else takes a round value 25 % above', () => {
    assert.equal(stableTop(0, 8), 10);
    assert.equal(stableTop(10, 9.9), 10);
    assert.equal(stableTop(10, 3), 10);
    assert.equal(stableTop(10, 11), 20);
    assert.equal(stableTop(100, 20), 25);
  });
});
