import assert from 'node:assert/strict';
import { validateEndpoints } from '../../../src/engine/endpoints';
import { withOutlierDetection } from '../../../src/engine/outlier-detection';
import { roundRobinStrategy } from '../../../src/engine/strategies/round-robin';
import type { Balancer, EjectionEvent, Endpoint } from '../../../src/engine/types';
import { endpoints, env } from './engine-helpers';

function setup(n: number, options: unknown = {}) {
  const e = env();
  const events: EjectionEvent[] = [];
  const eps = validateEndpoints('round-robin', endpoints(...new Array<number>(n).fill(1)));
  const inner = roundRobinStrategy.create(eps, {}, e);
  const b = withOutlierDetection(inner, eps, options, e, (ev) => events.push(ev));
  return { b, e, events, eps };
}

/** Picks until `id` comes up (round robin: within n picks), finishing the others ok. */
function hit(b: Balancer, id: string, ok: boolean): void {
  for (let i = 0; i < 100; i++) {
    const p = b.pick();
    assert.ok(p, 'no endpoint');
    p.done({ latencyMs: 1, ok: p.endpoint.id === id ? ok : true });
    if (p.endpoint.id === id) return;
  }
  assert.fail(`${id} never picked`);
}

function ids(b: Balancer, n: number): string[] {
  return Array.from({ length: n }, () => {
    const p = b.pick()!;
    p.done({ latencyMs: 1, ok: true });
    return p.endpoint.id;
  });
}

describe('outlier detection', () => {
  it('ejects after 5 consecutive errors (default); an ok in between resets the count', () => {
    const { b, e, events } = setup(10);
    for (let i = 0; i < 4; i++) hit(b, 'c', false);
    hit(b, 'c', true);
    for (let i = 0; i < 4; i++) hit(b, 'c', false);
    assert.equal(events.length, 0);
    e.clock.advance(7);
    hit(b, 'c', false);
    assert.deepEqual(events, [{ type: 'ejected', endpointId: 'c', at: 7, reason: 'consecutive-errors', durationMs: 30_000 }]);
    assert.ok(!ids(b, 30).includes('c'), 'ejected endpoint is skipped');
    assert.equal(b.endpoints().length, 10, 'endpoints() still lists it');
  });

  it('restores after the ejection time, lazily on pick, with the time it ended', () => {
    const { b, e, events } = setup(10, { consecutiveErrors: 2 });
    hit(b, 'a', false);
    hit(b, 'a', false);
    e.clock.advance(29_999);
    assert.ok(!ids(b, 20).includes('a'));
    e.clock.advance(5_000);
    assert.ok(ids(b, 10).includes('a'));
    assert.deepEqual(events[1], { type: 'restored', endpointId: 'a', at: 30_000 });
  });

  it('ejection time grows with each ejection: base x count, capped at maxEjectionTimeMs', () => {
    const { b, e, events } = setup(10, { consecutiveErrors: 1, baseEjectionTimeMs: 1000, maxEjectionTimeMs: 2500, intervalMs: 1e9 });
    for (let k = 0; k < 4; k++) {
      hit(b, 'b', false);
      e.clock.advance(3000);
    }
    const durations = events.filter((ev) => ev.type === 'ejected').map((ev) => ev.durationMs);
    assert.deepEqual(durations, [1000, 2000, 2500, 2500]);
  });

  it('the ejection count relaxes by one per interval spent back in the pool (Envoy)', () => {
    const { b, e, events } = setup(10, { consecutiveErrors: 1, baseEjectionTimeMs: 1000, intervalMs: 5000 });
    hit(b, 'b', false); // 1 s
    e.clock.advance(1000);
    hit(b, 'b', false); // back at 1000, ejected again at once: 2 s
    e.clock.advance(2000 + 10_000); // back at 3000, then two intervals in the pool: count 2 -> 0
    hit(b, 'b', false);
    assert.deepEqual(events.filter((ev) => ev.type === 'ejected').map((ev) => ev.durationMs), [1000, 2000, 1000]);
  });

  it('caps ejections at maxEjectionPercent of the pool, but always allows one', () => {
    const { b, events } = setup(20, { consecutiveErrors: 1 }); // 10% of 20: 2
    for (const id of ['a', 'b', 'c']) hit(b, id, false);
    assert.deepEqual(events.map((ev) => ev.endpointId), ['a', 'b']);
    const small = setup(3, { consecutiveErrors: 1 }); // 10% of 3 is 0.3: still one
    hit(small.b, 'a', false);
    hit(small.b, 'b', false);
    assert.deepEqual(small.events.map((ev) => ev.endpointId), ['a']);
  });

  it('success-rate ejection: below mean - 1.9 stdev among hosts with enough volume, every interval', () => {
    const { b, e, events } = setup(6, {
      consecutiveErrors: 1000,
      maxEjectionPercent: 50,
      successRate: { requestVolume: 10, minimumHosts: 5 },
    });
    // 20 rounds: f fails every other request, the rest always succeed.
    let turn = 0;
    for (let i = 0; i < 120; i++) {
      const p = b.pick()!;
      p.done({ latencyMs: 1, ok: p.endpoint.id !== 'f' || turn++ % 2 === 0 });
    }
    assert.equal(events.length, 0, 'not before the interval ends');
    e.clock.advance(10_000);
    b.pick()!.done({ latencyMs: 1, ok: true });
    assert.deepEqual(events, [{ type: 'ejected', endpointId: 'f', at: 10_000, reason: 'success-rate', durationMs: 30_000 }]);
  });

  it('success-rate ejection needs minimumHosts with enough volume', () => {
    const { b, e, events } = setup(6, { consecutiveErrors: 1000, successRate: { requestVolume: 50 } });
    for (let i = 0; i < 120; i++) {
      const p = b.pick()!;
      p.done({ latencyMs: 1, ok: p.endpoint.id !== 'f' });
    }
    e.clock.advance(10_000);
    b.pick();
    assert.equal(events.length, 0);
  });

  it('keeps ejection state by id across setEndpoints, and ignores completions of endpoints that left', () => {
    const { b, e, events, eps } = setup(10, { consecutiveErrors: 2 });
    hit(b, 'a', false);
    hit(b, 'a', false);
    const reordered: Endpoint[] = [...eps].reverse();
    b.setEndpoints(reordered);
    assert.ok(!ids(b, 20).includes('a'), 'still ejected after a pool update');
    const p = b.pick()!; // some endpoint other than a
    b.setEndpoints(eps.filter((x) => x.id !== p.endpoint.id));
    p.done({ latencyMs: 1, ok: false }); // left: ignored, no throw
    e.clock.advance(30_000);
    assert.ok(ids(b, 20).includes('a'));
    assert.equal(events.filter((ev) => ev.type === 'restored').length, 1);
  });

  it('done is idempotent: a second failed done does not count', () => {
    const { b, events } = setup(10, { consecutiveErrors: 2 });
    const p = b.pick()!;
    p.done({ latencyMs: 1, ok: false });
    p.done({ latencyMs: 1, ok: false });
    assert.equal(events.length, 0);
  });

  describe('options', () => {
    const cases: [unknown, RegExp][] = [
      [{ consecutiveErrors: 0 }, /^outlierDetection: consecutiveErrors must be at least 1, got 0$/],
      [{ consecutiveErrors: 1.5 }, /^outlierDetection: consecutiveErrors must be a whole number, got 1.5$/],
      [{ baseEjectionTimeMs: 0 }, /^outlierDetection: baseEjectionTimeMs must be greater than 0, got 0$/],
      [{ maxEjectionTimeMs: -1 }, /^outlierDetection: maxEjectionTimeMs must be greater than 0, got -1$/],
      [{ baseEjectionTimeMs: 5000, maxEjectionTimeMs: 1000 }, /^outlierDetection: maxEjectionTimeMs must be at least baseEjectionTimeMs \(5000\), got 1000$/],
      [{ maxEjectionPercent: 101 }, /^outlierDetection: maxEjectionPercent must be at most 100, got 101$/],
      [{ intervalMs: 'soon' }, /^outlierDetection: intervalMs must be a finite number, got "soon"$/],
      [{ successRate: { minimumHosts: 0 } }, /^outlierDetection.successRate: minimumHosts must be at least 1, got 0$/],
      [{ successRate: { requestVolume: 2.5 } }, /^outlierDetection.successRate: requestVolume must be a whole number, got 2.5$/],
      [{ successRate: { stdevFactor: -1 } }, /^outlierDetection.successRate: stdevFactor must be at least 0, got -1$/],
      [{ successRate: 3 }, /^outlierDetection.successRate: must be true or an object, got 3$/],
      [{ consecutive: 5 }, /^outlierDetection: unknown option "consecutive" \(valid: consecutiveErrors/],
      [{ now: 5 }, /^outlierDetection: unknown option "now"/],
      ['yes', /^outlierDetection: must be true or an object, got "yes"$/],
    ];
    for (const [options, message] of cases) {
      it(`rejects ${JSON.stringify(options)}`, () => {
        assert.throws(() => setup(3, options), (err: Error) => err.name === 'ConfigError' && message.test(err.message));
      });
    }

    it('without maxEjectionTimeMs, a base above 300 s is its own cap', () => {
      const { b, events } = setup(10, { consecutiveErrors: 1, baseEjectionTimeMs: 400_000 });
      hit(b, 'a', false);
      assert.equal(events[0].durationMs, 400_000);
    });
  });
});
