import assert from 'node:assert/strict';
import { pickFirstStrategy } from '../../../src/engine/strategies/pick-first';
import type { Balancer } from '../../../src/engine/types';
import { create, endpoints, env, FakeClock } from './engine-helpers';

/** One pick answered at once with `ok`; returns the id picked, or '-' when nothing is usable. */
function call(b: Balancer, ok = true): string {
  const p = b.pick();
  if (!p) return '-';
  p.done({ latencyMs: 1, ok });
  return p.endpoint.id;
}

const noDraws = (): number => assert.fail('drew without shuffleAddressList');

describe('pick-first', () => {
  it('exact failover order: the first usable takes every request, a failure moves to the next in list order', () => {
    const clock = new FakeClock();
    const b = create(pickFirstStrategy, endpoints(1, 1, 1), {}, { now: clock.now, random: noDraws });
    const seen = [call(b), call(b), call(b, false), call(b), call(b), call(b, false), call(b, false), call(b)];
    assert.deepEqual(seen.join(' '), 'a a a b b b c -');
    clock.advance(999);
    assert.equal(call(b), '-'); // all down until their 1 s is over
    clock.advance(1); // all three are due: a, first in list order, takes over again
    assert.deepEqual([call(b), call(b)], ['a', 'a']);
  });

  it('is sticky: an earlier endpoint coming back does not take traffic from the one in use', () => {
    const clock = new FakeClock();
    const b = create(pickFirstStrategy, endpoints(1, 1, 1), { retryAfterMs: 100 }, { now: clock.now, random: noDraws });
    assert.deepEqual([call(b, false), call(b)], ['a', 'b']);
    clock.advance(500);
    assert.deepEqual([call(b), call(b)], ['b', 'b']);
    call(b, false); // b fails: a's wait is long over, so a (first in list order), not c
    assert.deepEqual([call(b), call(b)], ['a', 'a']);
  });

  it('failureThreshold 3: two failures and an ok reset the count; three in a row fail over', () => {
    const b = create(pickFirstStrategy, endpoints(1, 1), { failureThreshold: 3 }, { now: () => 0, random: noDraws });
    const seen = [call(b, false), call(b, false), call(b), call(b, false), call(b, false), call(b, false), call(b)];
    assert.deepEqual(seen.join(' '), 'a a a a a a b');
  });

  it('late outcomes count for their own endpoint: a failure of one not in use marks it down', () => {
    const clock = new FakeClock();
    const b = create(pickFirstStrategy, endpoints(1, 1, 1), {}, { now: clock.now, random: noDraws });
    const onA = b.pick()!;
    call(b, false); // a (still in use) fails: b next
    onA.done({ latencyMs: 5, ok: true }); // a late ok on a does not bring traffic back
    assert.equal(call(b), 'b');
    const onB = b.pick()!;
    call(b, false); // b fails: a is down until 1000, so c
    onB.done({ latencyMs: 1, ok: false }); // b is already down: no second ejection
    assert.deepEqual([call(b), call(b)], ['c', 'c']);
  });

  it('setEndpoints: the endpoint in use stays if it stays (even behind a new first); if it leaves, the first usable', () => {
    const b = create(pickFirstStrategy, endpoints(1, 1, 1), {}, { now: () => 0, random: noDraws });
    call(b, false); // a down
    call(b); // b in use
    const [a, bb, c] = endpoints(1, 1, 1);
    const z = { id: 'z', address: '10.0.0.9:80', weight: 1 };
    b.setEndpoints([z, a, bb, c]);
    assert.equal(call(b), 'b');
    const late = b.pick()!;
    b.setEndpoints([a, c, z]); // b leaves; a is still down (kept by id): c is the first usable
    assert.equal(call(b), 'c');
    late.done({ latencyMs: 1, ok: false }); // a done from the endpoint that left is ignored
    assert.deepEqual(b.endpoints().map((e) => e.id), ['a', 'c', 'z']);
    b.setEndpoints([]);
    assert.equal(b.pick(), undefined);
  });

  describe('shuffleAddressList (gRFC A62)', () => {
    it('exact: Fisher–Yates from the last position, once at creation and once per setEndpoints', () => {
      const draws = [0, 0]; // i = 2: swap with 0 → c b a; i = 1: swap with 0 → b c a
      const b = create(pickFirstStrategy, endpoints(1, 1, 1), { shuffleAddressList: true }, { now: () => 0, random: () => draws.shift() ?? assert.fail('extra draw') });
      assert.deepEqual([call(b), call(b)], ['b', 'b']);
      assert.deepEqual(b.endpoints().map((e) => e.id), ['a', 'b', 'c']); // the pool as given
      draws.push(0.99, 0.99); // identity: a b c; b is still in use and stays
      b.setEndpoints(endpoints(1, 1, 1));
      assert.equal(call(b, false), 'b');
      assert.equal(call(b), 'a');
      assert.equal(draws.length, 0);
    });

    it('seeded distribution: over 3,000 clients (seeds 1..3000) each of 3 endpoints is first for 1/3 ± 3 %', () => {
      const first: Record<string, number> = {};
      for (let seed = 1; seed <= 3000; seed++) {
        const id = call(create(pickFirstStrategy, endpoints(1, 1, 1), { shuffleAddressList: true }, env(seed)));
        first[id] = (first[id] ?? 0) + 1;
      }
      for (const id of ['a', 'b', 'c']) assert.ok(Math.abs(first[id] / 3000 - 1 / 3) < 0.03, `${id}: ${first[id]}`);
    });
  });

  describe('options', () => {
    it('rejects a failureThreshold below 1 or fractional', () => {
      assert.throws(() => create(pickFirstStrategy, endpoints(1), { failureThreshold: 0 }), /^ConfigError: pick-first: failureThreshold must be at least 1, got 0$/);
      assert.throws(() => create(pickFirstStrategy, endpoints(1), { failureThreshold: 1.5 }), /pick-first: failureThreshold must be a whole number, got 1.5/);
    });

    it('rejects a negative retryAfterMs', () => {
      assert.throws(() => create(pickFirstStrategy, endpoints(1), { retryAfterMs: -1 }), /^ConfigError: pick-first: retryAfterMs must be at least 0, got -1$/);
    });

    it('rejects a shuffleAddressList that is not a boolean', () => {
      assert.throws(() => create(pickFirstStrategy, endpoints(1), { shuffleAddressList: 'yes' }), /^ConfigError: pick-first: shuffleAddressList must be true or false, got "yes"$/);
    });
  });
});
