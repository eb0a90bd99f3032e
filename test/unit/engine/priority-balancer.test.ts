import assert from 'node:assert/strict';
import { LOCALITY_CYCLE } from '../../../src/engine/locality-picker';
import { createBalancer } from '../../../src/engine/registry';
import type { Balancer, BalancerEvent, BalancerOptions, Endpoint } from '../../../src/engine/types';
import { counts, env, sequence } from './engine-helpers';

/** `n` endpoints `<prefix>0 ..` in one priority and zone. */
function group(prefix: string, n: number, priority?: number, zone?: string): Endpoint[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`, address: `${prefix}${i}:80`, weight: 1,
    ...(priority === undefined ? {} : { priority }), ...(zone === undefined ? {} : { zone }),
  }));
}

/** A balancer whose outlier detection ejects an endpoint on its first error, without a cap. */
function setup(eps: Endpoint[], options: BalancerOptions = {}, strategy: 'round-robin' | 'weighted-round-robin' = 'round-robin') {
  const e = env(3);
  const events: BalancerEvent[] = [];
  const b = createBalancer(strategy, eps, {
    now: e.now, random: e.random, onEvent: (ev) => events.push(ev),
    outlierDetection: { consecutiveErrors: 1, maxEjectionPercent: 100, baseEjectionTimeMs: 60_000 },
    ...options,
  });
  return { b, e, events };
}

/** Fails every pick of an endpoint in `ids` (ejecting it) until all are ejected or `limit` picks went by. */
function eject(b: Balancer, ids: string[], events: BalancerEvent[], limit = 100_000): void {
  const target = new Set(ids);
  const ejected = () => events.filter((ev) => ev.type === 'ejected' && target.has(ev.endpointId)).length;
  for (let i = 0; i < limit && ejected() < target.size; i++) {
    const p = b.pick()!;
    p.done({ latencyMs: 1, ok: !target.has(p.endpoint.id) });
  }
  assert.equal(ejected(), target.size, `ejected ${ids.join(', ')}`);
}

/** Share of picks by the id's prefix (its letters). */
function sharesByPrefix(b: Balancer, n: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, c] of Object.entries(counts(b, n))) {
    const prefix = id.replace(/\d+$/, '');
    out[prefix] = (out[prefix] ?? 0) + c / n;
  }
  return out;
}

describe('priority levels (Envoy priority load, failover)', () => {
  // Levels take turns by their loads (a smooth rotation), so every 100 picks split exactly.
  const N = 10_000;
  const near = (got: number | undefined, want: number, what: string) =>
    assert.ok(Math.abs((got ?? 0) - want) < 1e-9, `${what}: ${got}, want exactly ${want} over ${N} picks`);

  it('all healthy: priority 0 takes everything, its endpoints in the strategy\'s order', () => {
    const { b } = setup([...group('p', 4, 0), ...group('s', 4, 1)]);
    assert.deepEqual(sequence(b, 8), ['p0', 'p1', 'p2', 'p3', 'p0', 'p1', 'p2', 'p3']);
  });

  for (const [healthy, p0] of [[71, 0.99], [50, 0.7]] as const) {
    it(`P0 at ${healthy} % healthy (ejected by outlier detection) keeps ${p0 * 100} %`, () => {
      const { b, events } = setup([...group('p', 100, 0), ...group('s', 100, 1)]);
      eject(b, Array.from({ length: 100 - healthy }, (_, i) => `p${i}`), events);
      const shares = sharesByPrefix(b, N);
      near(shares.p, p0, 'P0');
      near(shares.s, 1 - p0, 'P1');
      assert.equal(events.some((ev) => ev.type === 'panic'), false);
    });
  }

  it('P0 back to health takes everything again; removed endpoints shrink a level, not its health', () => {
    const { b, e, events } = setup([...group('p', 4, 0), ...group('s', 4, 1)]);
    eject(b, ['p0', 'p1'], events);
    near(sharesByPrefix(b, N).p, 0.7, 'P0 at 50 %');
    e.clock.advance(60_000);
    assert.deepEqual(counts(b, 400), { p0: 100, p1: 100, p2: 100, p3: 100 });
    b.setEndpoints([...group('p', 4, 0).slice(2), ...group('s', 4, 1)]);
    assert.deepEqual(counts(b, 400), { p2: 200, p3: 200 });
  });

  it('panic at the threshold: 5 of 10 healthy balances the healthy; 4 of 10 balances all 10, with events', () => {
    const { b, e, events } = setup(group('a', 10), { panicThreshold: 50 });
    eject(b, ['a0', 'a1', 'a2', 'a3', 'a4'], events);
    assert.deepEqual(Object.keys(counts(b, 50)).sort(), ['a5', 'a6', 'a7', 'a8', 'a9']);
    assert.equal(events.some((ev) => ev.type === 'panic'), false);
    eject(b, ['a5'], events);
    const panic = events.filter((ev) => ev.type === 'panic');
    assert.deepEqual(panic, [{ type: 'panic', at: 0, priority: 0, healthyPercent: 40 }]);
    const all = counts(b, 100);
    assert.deepEqual(Object.keys(all).length, 10, 'every endpoint, ejected or not');
    e.clock.advance(60_000);
    b.pick()!.done({ latencyMs: 1, ok: true });
    assert.deepEqual(events.filter((ev) => ev.type === 'panic-ended'), [{ type: 'panic-ended', at: 60_000, priority: 0, healthyPercent: 100 }]);
  });

  it('with priorities, a level below the threshold does not panic while another absorbs its traffic', () => {
    const { b, events } = setup([...group('p', 10, 0), ...group('s', 10, 1)]);
    eject(b, ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'], events);
    assert.equal(events.some((ev) => ev.type === 'panic'), false);
    const picked = counts(b, N);
    assert.equal(['p0', 'p1', 'p2', 'p3', 'p4', 'p5'].some((id) => picked[id]), false, 'no ejected endpoint');
    near(sharesByPrefix(b, N).p, 0.56, 'P0 at 40 %');
  });

  it('panicThreshold 0 turns panic off: a pool whose every endpoint is ejected picks nothing', () => {
    const { b, events } = setup(group('a', 2), { panicThreshold: 0 });
    eject(b, ['a0', 'a1'], events);
    assert.equal(b.pick(), undefined);
  });

  it('endpoints() is the pool as given; the strategy is named as without the wrapper', () => {
    const eps = [...group('p', 2, 0), ...group('s', 1, 1)];
    const { b } = setup(eps);
    assert.deepEqual(b.endpoints().map((x) => x.id), ['p0', 'p1', 's0']);
    assert.equal(b.name, 'round-robin');
  });
});

describe('locality weights (Envoy locality weighted load balancing, in smooth rotation)', () => {
  const pool = () => [...group('x', 4, 0, 'eu-1'), ...group('y', 4, 0, 'eu-2')];
  const options = { localityWeights: { 'eu-1': 1, 'eu-2': 2 } };

  it('weights 1 and 2 at full health: 33.3 % exactly over each cycle of 3', () => {
    const { b } = setup(pool(), options);
    assert.deepEqual(sharesByPrefix(b, 3000), { x: 1000 / 3000, y: 2000 / 3000 });
  });

  for (const [healthy, x, cycle] of [[2, 0.7 / 2.7, 2700], [1, 0.35 / 2.35, 4700]] as const) {
    it(`the first at ${healthy * 25} % healthy gets ${(x * 100).toFixed(1)} %`, () => {
      const { b, events } = setup(pool(), options);
      eject(b, Array.from({ length: 4 - healthy }, (_, i) => `x${i}`), events);
      const picks = counts(b, cycle * 10);
      const xs = Object.entries(picks).filter(([id]) => id.startsWith('x')).reduce((s, [, c]) => s + c, 0);
      // A replayed cycle of LOCALITY_CYCLE picks is within a pick of exact: one pick per cycle, at most.
      const bound = Math.ceil((cycle * 10) / LOCALITY_CYCLE) + 1;
      assert.ok(Math.abs(xs - x * cycle * 10) <= bound, `${xs} picks of ${cycle * 10} in eu-1, want ${x * cycle * 10} within ${bound}`);
    });
  }

  it('a zone without a weight takes no traffic outside panic', () => {
    const { b } = setup([...pool(), ...group('z', 2, 0, 'us-1')], options);
    assert.equal(Object.keys(counts(b, 300)).some((id) => id.startsWith('z')), false);
  });

  it('panic comes before localities: the level then balances across all its endpoints', () => {
    const { b, events } = setup(pool(), options);
    eject(b, ['x0', 'x1', 'x2', 'x3', 'y0'], events);
    assert.equal(events.filter((ev) => ev.type === 'panic').length, 1);
    assert.equal(Object.keys(counts(b, 80)).length, 8);
  });
});

describe('pool-shape options are validated with their names', () => {
  const make = (options: BalancerOptions, eps: Endpoint[] = group('a', 2)) => () => createBalancer('weighted-round-robin', eps, options);
  const cases: [string, () => unknown, RegExp][] = [
    ['overprovisioningFactor 0', make({ overprovisioningFactor: 0 }), /^ConfigError: overprovisioningFactor must be greater than 0, got 0$/],
    ['panicThreshold 120', make({ panicThreshold: 120 }), /^ConfigError: panicThreshold must be at most 100, got 120$/],
    ['a locality weight of 0', make({ localityWeights: { 'eu-1': 0 } }), /^ConfigError: localityWeights: "eu-1" must be a positive finite number, got 0$/],
    ['localityWeights as a list', make({ localityWeights: ['eu-1'] as never }), /^ConfigError: localityWeights: must be an object of zone names to weights/],
    ['empty localityWeights', make({ localityWeights: {} }), /^ConfigError: localityWeights: must name at least one zone$/],
    ['slowStart without windowMs', make({ slowStart: {} as never }), /^ConfigError: slowStart: windowMs is required$/],
    ['slowStart windowMs -1', make({ slowStart: { windowMs: -1 } }), /^ConfigError: slowStart: windowMs must be greater than 0, got -1$/],
    ['slowStart aggression 0', make({ slowStart: { windowMs: 1, aggression: 0 } }), /^ConfigError: slowStart: aggression must be greater than 0, got 0$/],
    ['slowStart minWeightPercent 101', make({ slowStart: { windowMs: 1, minWeightPercent: 101 } }), /^ConfigError: slowStart: minWeightPercent must be at most 100, got 101$/],
    ['an unknown slowStart option', make({ slowStart: { windowMs: 1, window: '30s' } as never }), /^ConfigError: slowStart: unknown option "window"/],
    ['slowStart on a strategy that ignores weights', () => createBalancer('round-robin', group('a', 2), { slowStart: { windowMs: 1 } }), /^ConfigError: slowStart: round-robin does not pick by weight/],
    ['a negative priority', make({}, [{ id: 'a', address: 'a', weight: 1, priority: -1 }]), /^ConfigError: weighted-round-robin: endpoints\[0\]\.priority: must be a whole number at least 0, got -1$/],
    ['a fractional priority', make({}, [{ id: 'a', address: 'a', weight: 1, priority: 1.5 }]), /priority: must be a whole number at least 0, got 1.5$/],
  ];
  for (const [what, run, message] of cases) {
    it(`rejects ${what}`, () => assert.throws(run, (err: Error) => message.test(`${err.name}: ${err.message}`)));
  }
});
