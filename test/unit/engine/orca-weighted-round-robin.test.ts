import assert from 'node:assert/strict';
import { createBalancer } from '../../../src/engine/registry';
import { orcaWeight, orcaWeightedRoundRobinStrategy as def } from '../../../src/engine/strategies/orca-weighted-round-robin';
import type { Balancer, BalancerOptions, LoadReport } from '../../../src/engine/types';
import { create, endpoints, FakeClock } from './engine-helpers';

/** A random source that plays back `values` (then 0): EDF start offsets chosen by the test. */
function scripted(...values: number[]): () => number {
  let i = 0;
  return () => (i < values.length ? values[i++] : 0);
}

type Reports = Record<string, LoadReport | undefined>;

/** `n` picks, each done at once with the report its endpoint gives in `reports`. */
function run(b: Balancer, n: number, reports: Reports = {}): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    const p = b.pick()!;
    out += p.endpoint.id;
    p.done({ latencyMs: 1, ok: true, report: reports[p.endpoint.id] });
  }
  return out;
}

function balancer(n: number, options: BalancerOptions = {}, random = scripted()) {
  const clock = new FakeClock();
  const b = create(def, endpoints(...Array<number>(n).fill(1)), options, { now: clock.now, random });
  return { b, clock, weights: () => (b as unknown as { weights(): Record<string, number> }).weights() };
}

// Weights 4 and 1 (steps 1/4 and 1, exact in binary), from qps / utilization.
const FOUR_ONE: Reports = { a: { qps: 4, utilization: 1 }, b: { qps: 1, utilization: 1 } };

describe('orca-weighted-round-robin', () => {
  describe('weights (gRFC A58: qps / (utilization + eps / qps x errorUtilizationPenalty))', () => {
    it('from given reports', () => {
      assert.equal(orcaWeight({ qps: 100, utilization: 0.5 }, 1), 200);
      assert.equal(orcaWeight({ qps: 100, utilization: 0.5, eps: 25 }, 1), 100 / 0.75);
      assert.equal(orcaWeight({ qps: 100, utilization: 0.5, eps: 25 }, 2), 100);
      assert.equal(orcaWeight({ qps: 100, utilization: 0.5, eps: 25 }, 0), 200);
      // application_utilization wins when > 0, else cpu_utilization.
      assert.equal(orcaWeight({ qps: 100, utilization: 0.5, applicationUtilization: 0.25 }, 1), 400);
      assert.equal(orcaWeight({ qps: 100, utilization: 0.5, applicationUtilization: 0 }, 1), 200);
      // No qps or no utilization: no weight.
      for (const r of [{ qps: 0, utilization: 0.5 }, { qps: 10 }, { utilization: 0.5 }, {}, { qps: 10, applicationUtilization: 0 }]) {
        assert.equal(orcaWeight(r, 1), 0, JSON.stringify(r));
      }
    });

    it('gives endpoints without a usable weight the mean of those with one; with fewer than two, all equal', () => {
      const { b, weights } = balancer(3, { blackoutPeriodMs: 0 });
      assert.deepEqual(weights(), { a: 1, b: 1, c: 1 });
      run(b, 3, { a: { qps: 4, utilization: 1 } });
      assert.deepEqual(weights(), { a: 1, b: 1, c: 1 }, 'one weight is not enough');
      run(b, 3, { a: { qps: 4, utilization: 1 }, b: { qps: 2, utilization: 1 } });
      assert.deepEqual(weights(), { a: 4, b: 2, c: 3 });
    });
  });

  describe('EDF schedule', () => {
    it('picks a b a a a | b a a a a for weights 4 and 1 started at deadline 0', () => {
      const { b, clock } = balancer(2, { blackoutPeriodMs: 0 });
      assert.equal(run(b, 2, FOUR_ONE), 'ab', 'no weights yet: round robin');
      clock.advance(1000);
      assert.equal(run(b, 15, FOUR_ONE), 'abaaabaaaabaaaa');
    });

    it("starts each endpoint at random() x its period, as grpc-js does, so a rebuild need not begin with 'a'", () => {
      const { b, clock } = balancer(2, { blackoutPeriodMs: 0 }, scripted(0, 0, 0.5, 0));
      run(b, 2, FOUR_ONE);
      clock.advance(1000);
      // a starts at 0.5 x 1/4, b at 0: b first.
      assert.equal(run(b, 10, FOUR_ONE), 'baaaabaaaa');
    });

    it('rebuilds at most every weightUpdatePeriodMs', () => {
      const { b, clock } = balancer(2, { blackoutPeriodMs: 0 });
      run(b, 2, FOUR_ONE);
      clock.advance(1000);
      assert.equal(run(b, 5, { a: { qps: 1, utilization: 1 }, b: { qps: 1, utilization: 1 } }), 'abaaa', 'weights of the last rebuild');
      clock.advance(999);
      assert.equal(run(b, 5), 'baaaa', 'still within the period');
      clock.advance(1);
      assert.equal(run(b, 4), 'abab', 'rebuilt with the new, equal weights');
    });
  });

  describe('blackout and expiration', () => {
    it('ignores weights for blackoutPeriodMs after the first report (default 10 s)', () => {
      const { b, clock, weights } = balancer(2);
      run(b, 2, FOUR_ONE);
      clock.advance(9_999);
      assert.deepEqual(weights(), { a: 1, b: 1 });
      assert.equal(run(b, 4, FOUR_ONE), 'abab');
      clock.advance(1);
      assert.deepEqual(weights(), { a: 4, b: 1 });
      clock.advance(999);
      assert.equal(run(b, 5, FOUR_ONE), 'abaaa', 'at the first rebuild after the blackout');
    });

    it('drops a weight weightExpirationPeriodMs after its last report (default 3 min), then blacks out again', () => {
      const { b, clock, weights } = balancer(2);
      run(b, 2, FOUR_ONE);
      clock.advance(10_000);
      assert.deepEqual(weights(), { a: 4, b: 1 });
      clock.advance(170_000 - 1);
      assert.deepEqual(weights(), { a: 4, b: 1 }, 'reported at 0: still fresh at 179.999 s');
      clock.advance(1);
      assert.deepEqual(weights(), { a: 1, b: 1 }, 'expired at 180 s');
      run(b, 2, FOUR_ONE);
      clock.advance(9_999);
      assert.deepEqual(weights(), { a: 1, b: 1 }, 'a new report after expiry starts a new blackout');
      clock.advance(1);
      assert.deepEqual(weights(), { a: 4, b: 1 });
    });

    it('ignores reports without a weight: they neither start the blackout nor refresh a weight', () => {
      const { b, clock, weights } = balancer(2, { weightExpirationPeriodMs: 20_000 });
      run(b, 2, { a: { qps: 0, utilization: 1 }, b: { utilization: 0.5 } });
      clock.advance(10_000);
      run(b, 2, FOUR_ONE);
      clock.advance(9_999);
      assert.deepEqual(weights(), { a: 1, b: 1 }, 'the blackout began with the first weight, at 10 s');
      clock.advance(1);
      assert.deepEqual(weights(), { a: 4, b: 1 });
      run(b, 2, { a: { qps: 0 }, b: {} });
      clock.advance(10_000);
      assert.deepEqual(weights(), { a: 1, b: 1 }, 'expired 20 s after the last report with a weight');
    });
  });

  it('keeps what it learned for endpoints that stay in a new pool', () => {
    const { b, clock, weights } = balancer(2, { blackoutPeriodMs: 0 });
    run(b, 2, FOUR_ONE);
    b.setEndpoints(endpoints(1, 1, 1));
    clock.advance(1);
    assert.deepEqual(weights(), { a: 4, b: 1, c: 2.5 });
    b.setEndpoints([endpoints(1, 1)[1]]);
    assert.equal(run(b, 2), 'bb');
  });

  it('survives done() without an outcome or with a report that is not an object', () => {
    const { b } = balancer(1);
    b.pick()!.done(undefined as never);
    b.pick()!.done({ latencyMs: 1, ok: true, report: 'x' as never });
    assert.equal(b.pick()!.endpoint.id, 'a');
    assert.equal(createBalancer('orca-weighted-round-robin', []).pick(), undefined);
  });

  describe('options', () => {
    const bad: [string, unknown, RegExp][] = [
      ['blackoutPeriodMs', -1, /orca-weighted-round-robin: blackoutPeriodMs must be at least 0, got -1/],
      ['weightExpirationPeriodMs', 0, /weightExpirationPeriodMs must be greater than 0, got 0/],
      ['weightUpdatePeriodMs', 99, /weightUpdatePeriodMs must be at least 100, got 99/],
      ['errorUtilizationPenalty', -0.5, /errorUtilizationPenalty must be at least 0, got -0.5/],
      ['errorUtilizationPenalty', '1', /errorUtilizationPenalty must be a finite number, got "1"/],
    ];
    for (const [name, value, message] of bad) {
      it(`rejects ${name} = ${JSON.stringify(value)}`, () => {
        assert.throws(() => createBalancer('orca-weighted-round-robin', endpoints(1), { [name]: value }), message);
      });
    }

    it('has A58 defaults', () => {
      assert.deepEqual(def.options.map((o) => [o.name, o.default]), [
        ['blackoutPeriodMs', 10_000], ['weightExpirationPeriodMs', 180_000], ['weightUpdatePeriodMs', 1_000], ['errorUtilizationPenalty', 1],
      ]);
    });
  });
});
