import { strict as assert } from 'node:assert';
import { panicSpans, timelineModel } from '../../../src/webview/model/timeline';
import { eventColor } from '../../../src/webview/render/theme';
import { eventfulResult, tieredResult } from './fixtures';

describe('webview timeline model', () => {
  const result = eventfulResult();
  const model = timelineModel(result);
  const step = result.timelineIntervalMs;

  it('has a sample per interval, at its middle, with throughput in requests per second', () => {
    assert.equal(model.total.samples.length, result.timeline.length);
    // Each sample sits in the middle of its interval; the last interval ends with the run.
    const lengths = model.total.samples.map((x, i) => 2 * (x.t - result.timeline[i].t));
    assert.deepEqual(lengths.slice(0, -1), lengths.slice(0, -1).map(() => step));
    const end = result.config.warmupMs + result.durationMs;
    assert.ok(Math.abs(lengths[lengths.length - 1] - Math.min(step, end - result.timeline[result.timeline.length - 1].t)) < 1e-9);
    const requests = model.total.samples.reduce((s, x, i) => s + (x.throughput * lengths[i]) / 1000, 0);
    assert.ok(Math.abs(requests - result.timeline.reduce((s, p) => s + p.total.requests, 0)) < 1e-6);
    assert.deepEqual(
      model.total.samples.map((s) => s.p99),
      result.timeline.map((p) => p.total.p99),
    );
  });

  it('draws each endpoint, with no p99 in intervals without requests (s5 while ejected after it left)', () => {
    assert.equal(model.endpoints.length, result.endpoints.length);
    const s5 = model.endpoints.find((s) => s.id === 's5')!;
    const absent = result.timeline.flatMap((p, i) => (p.endpoints.s5 ? [] : [i]));
    assert.ok(absent.length > 0, 's5 has intervals without requests');
    for (const i of absent) {
      assert.equal(s5.samples[i].throughput, 0);
      assert.ok(Number.isNaN(s5.samples[i].p99));
    }
    const present = result.timeline.findIndex((p) => (p.endpoints.s5?.requests ?? 0) > 0);
    assert.equal(s5.samples[present].p99, result.timeline[present].endpoints.s5.p99);
  });

  it('marks every event with its time, type and endpoint', () => {
    assert.equal(model.markers.length, result.events.length);
    const types = new Set(model.markers.map((m) => m.type));
    for (const t of ['slowed', 'failed', 'left', 'joined', 'ejected']) assert.ok(types.has(t as never), `has a ${t} event (${[...types].join(', ')})`);
    const slowed = model.markers.find((m) => m.type === 'slowed')!;
    assert.equal(slowed.at, 3000);
    assert.equal(slowed.endpoint, 's2');
    assert.equal(slowed.colorIndex, 1);
    assert.match(slowed.label, /^slowed s2/);
    assert.equal(model.events.rows.length, result.events.length);
    assert.ok(model.xMax >= Math.max(...result.events.map((e) => e.at)));
  });

  it('scales to the highest throughput and p99 drawn', () => {
    const all = [model.total, ...model.endpoints].flatMap((s) => s.samples);
    assert.equal(model.throughputMax, Math.max(...all.map((x) => x.throughput)));
    assert.equal(model.p99Max, Math.max(...all.map((x) => x.p99).filter(Number.isFinite)));
  });

  it('draws only the busiest endpoints of a large pool', () => {
    const few = timelineModel(result, 3);
    assert.equal(few.endpoints.length, 3);
    assert.equal(few.hiddenEndpoints, result.endpoints.length - 3);
  });
});

describe('webview timeline model: panic markers', () => {
  const result = tieredResult();
  const model = timelineModel(result);

  it('marks a level\'s panic and its end with the level, not an endpoint, in distinct labels', () => {
    const panics = model.markers.filter((m) => m.type === 'panic' || m.type === 'panic-ended');
    const events = result.events.filter((e) => e.type === 'panic' || e.type === 'panic-ended');
    assert.ok(events.length >= 4, `panics in the fixture: ${events.length}`);
    assert.deepEqual(
      panics.map((m) => [m.at, m.short, m.label, m.endpoint, m.colorIndex]),
      events.map((e) => [e.at, `${e.type === 'panic' ? 'panic' : 'panic ended'} P${e.value}`, `${e.type === 'panic' ? 'panic' : 'panic ended'} P${e.value} (${e.detail})`, undefined, -1]),
    );
    assert.deepEqual(
      panics.slice(0, 2).map((m) => m.label),
      ['panic P0 (priority 0 at 25% healthy)', 'panic P1 (priority 1 at 25% healthy)'],
    );
    assert.ok(panics.some((m) => m.short === 'panic ended P0'));
    assert.equal(eventColor('panic'), eventColor('failed'));
    assert.equal(eventColor('panic-ended'), eventColor('recovered'));
  });

  it('shades each level\'s time in panic, from its panic to its end (or the end of the run)', () => {
    const events = result.events.filter((e) => e.type === 'panic' || e.type === 'panic-ended');
    const expected = [0, 1].flatMap((p) => {
      const mine = events.filter((e) => e.value === p);
      return mine.flatMap((e, i) => (e.type === 'panic' ? [{ priority: p, from: e.at, to: mine[i + 1]?.at ?? model.xMax }] : []));
    });
    assert.deepEqual(model.panics, expected.sort((a, b) => a.from - b.from || a.priority - b.priority));
    assert.ok(model.panics.length >= 2 && model.panics.every((s) => s.to > s.from && s.from > 5000 && s.to < 8000), JSON.stringify(model.panics));
    // Cut before the first end: both levels are still in panic when the run ends.
    const firstEnd = result.events.findIndex((e) => e.type === 'panic-ended');
    const cut = panicSpans(result.events.slice(0, firstEnd), 10_000);
    assert.deepEqual(cut.map((s) => [s.priority, s.to]), [[0, 10_000], [1, 10_000]]);
    // An end without a start (a result cut at its beginning) shades nothing.
    const ends = result.events.filter((e) => e.type === 'panic-ended');
    assert.ok(ends.length >= 2);
    assert.deepEqual(panicSpans(ends, 10_000), []);
    assert.deepEqual(timelineModel(eventfulResult()).panics, []);
  });

  it('keeps the other markers\' labels: the type and the endpoint', () => {
    const left = model.markers.find((m) => m.type === 'left')!;
    assert.equal(left.short, `left ${left.endpoint}`);
    assert.equal(left.label, `left ${left.endpoint} (connections refused)`);
  });
});
