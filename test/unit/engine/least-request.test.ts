import assert from 'node:assert/strict';
import { leastRequestStrategy } from '../../../src/engine/strategies/least-request';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import type { Pick } from '../../../src/engine/types';
import { counts, create, endpoints, env } from './engine-helpers';

/** A `random` that replays the given draws, then fails the test if asked for more. */
function script(...draws: number[]): () => number {
  return () => (draws.length ? draws.shift()! : assert.fail('drew more than scripted'));
}

describe('least-request', () => {
  describe('equal weights: fewest active of choiceCount distinct random endpoints', () => {
    it('exact: fewer active wins, a tie keeps the first drawn', () => {
      const draws: number[] = [];
      const b = create(leastRequestStrategy, endpoints(1, 1, 1), {}, { now: () => 0, random: () => draws.shift() ?? assert.fail('no draw') });
      draws.push(0, 0); // a, then the first of {b, c}: b; both idle: a (first drawn)
      const held: Pick[] = [b.pick()!];
      assert.equal(held[0].endpoint.id, 'a');
      draws.push(0, 0); // a (1 active) vs b (0): b
      held.push(b.pick()!);
      assert.equal(held[1].endpoint.id, 'b');
      draws.push(0.9, 0.9); // c, then the second of {a, b}: b (1) vs c (0): c
      held.push(b.pick()!);
      assert.equal(held[2].endpoint.id, 'c');
      held[0].done({ latencyMs: 1, ok: true });
      draws.push(0.5, 0); // b (1) vs a (0, its pick done): a
      assert.equal(b.pick()!.endpoint.id, 'a');
    });

    it('exact over a seeded source (seed 3, 200 picks held open) matches the rule replayed on the same draws', () => {
      const n = 5;
      const b = create(leastRequestStrategy, endpoints(1, 1, 1, 1, 1), { choiceCount: 3 }, env(3));
      const replay = createSeededRandom(3);
      const active = new Array<number>(n).fill(0);
      for (let i = 0; i < 200; i++) {
        // Three distinct indices: each drawn from those not drawn yet, in index order.
        const taken: number[] = [];
        for (let t = 0; t < 3; t++) {
          let x = Math.floor(replay() * (n - t));
          for (const s of [...taken].sort((p, q) => p - q)) if (s <= x) x++;
          taken.push(x);
        }
        const expected = taken.reduce((best, x) => (active[x] < active[best] ? x : best));
        active[expected]++;
        assert.equal(b.pick()!.endpoint.id, String.fromCharCode(97 + expected), `pick ${i}`);
      }
      // Held open, the counts stay level (random would spread them by about ±6).
      assert.ok(Math.max(...active) - Math.min(...active) <= 2, `active ${active}`);
    });

    it('seeded distribution: idle endpoints share evenly (seed 11, 20,000 sequential picks, 4 endpoints: 25 % ± 1.5 %)', () => {
      const c = counts(create(leastRequestStrategy, endpoints(1, 1, 1, 1), {}, env(11)), 20_000);
      for (const id of ['a', 'b', 'c', 'd']) assert.ok(Math.abs(c[id] / 20_000 - 0.25) < 0.015, `${id}: ${c[id]}`);
    });

    it('seeded distribution: an endpoint that holds its requests 4x longer gets well under its 25 % (seed 4, 8,000 picks)', () => {
      const e = env(4);
      const b = create(leastRequestStrategy, endpoints(1, 1, 1, 1), {}, e);
      const open: { p: Pick; until: number }[] = [];
      let a = 0;
      for (let t = 0; t < 8000; t++) {
        for (let i = open.length - 1; i >= 0; i--) {
          if (open[i].until <= t) {
            open[i].p.done({ latencyMs: 1, ok: true });
            open.splice(i, 1);
          }
        }
        const p = b.pick()!;
        if (p.endpoint.id === 'a') a++;
        open.push({ p, until: t + (p.endpoint.id === 'a' ? 16 : 4) });
      }
      // Random would give a 25 %; fewest-active of two keeps a's queue near the others'.
      assert.ok(a / 8000 > 0.04 && a / 8000 < 0.15, `a share ${(a / 8000).toFixed(3)}`);
    });

    it('one endpoint needs no draw; an empty pool gives undefined', () => {
      const b = create(leastRequestStrategy, endpoints(1), {}, { now: () => 0, random: script() });
      assert.equal(b.pick()!.endpoint.id, 'a');
      assert.equal(create(leastRequestStrategy, []).pick(), undefined);
    });
  });

  describe('unequal weights: EDF over weight / (active + 1) ^ activeRequestBias (Envoy)', () => {
    it('exact: held picks lower the picked endpoint\'s next weight (a 2, b 1: a b a b a a b)', () => {
      // Deadlines: a 1/2, b 1. a at 0.5 → 0.5 + 1/(2/1) = 1; b at 1 (queued first) → 2; a at 1 → 1 + 1/(2/2) = 2;
      // b at 2 → 2 + 1/(1/2) = 4; a at 2 → 2 + 1/(2/3) = 3.5; a at 3.5 → 5.5; b at 4.
      const b = create(leastRequestStrategy, endpoints(2, 1), {}, { now: () => 0, random: script() });
      assert.deepEqual(Array.from({ length: 7 }, () => b.pick()!.endpoint.id).join(' '), 'a b a b a a b');
    });

    it('sequential picks (active 0 at each pick) follow the weights exactly: 2:1 over 300', () => {
      assert.deepEqual(counts(create(leastRequestStrategy, endpoints(2, 1), {}, env()), 300), { a: 200, b: 100 });
    });

    it('activeRequestBias 0 is weighted round robin: held picks still go 2:1', () => {
      const b = create(leastRequestStrategy, endpoints(2, 1), { activeRequestBias: 0 }, env());
      const ids = Array.from({ length: 300 }, () => b.pick()!.endpoint.id);
      assert.equal(ids.filter((x) => x === 'a').length, 200);
    });

    it('activeRequestBias 2 penalises active requests harder than 1 (held picks, a 4 b 1)', () => {
      const shareA = (bias: number): number => {
        const b = create(leastRequestStrategy, endpoints(4, 1), { activeRequestBias: bias }, env());
        return Array.from({ length: 400 }, () => b.pick()!.endpoint.id).filter((x) => x === 'a').length / 400;
      };
      const [s0, s1, s2] = [shareA(0), shareA(1), shareA(2)];
      assert.equal(s0, 0.8);
      assert.ok(s1 < s0 && s2 < s1, `shares ${s0} ${s1} ${s2}`);
    });

    it('setEndpoints keeps active counts by id and switches path when the weights become equal', () => {
      const b = create(leastRequestStrategy, endpoints(2, 1), {}, env(2));
      const held = b.pick()!; // a
      assert.equal(held.endpoint.id, 'a');
      b.setEndpoints(endpoints(1, 1));
      // Equal weights now: a has 1 active, so every draw of {a, b} gives b.
      assert.deepEqual(Array.from({ length: 1 }, () => b.pick()!.endpoint.id), ['b']);
      held.done({ latencyMs: 1, ok: true });
      held.done({ latencyMs: 1, ok: true }); // a second done is ignored
      b.setEndpoints([]);
      assert.equal(b.pick(), undefined);
    });
  });

  describe('options', () => {
    it('rejects a choiceCount below 2 (Envoy: gte 2), fractional or too large', () => {
      assert.throws(() => create(leastRequestStrategy, endpoints(1), { choiceCount: 1 }), /^ConfigError: least-request: choiceCount must be at least 2, got 1$/);
      assert.throws(() => create(leastRequestStrategy, endpoints(1), { choiceCount: 2.5 }), /least-request: choiceCount must be a whole number, got 2.5/);
      assert.throws(() => create(leastRequestStrategy, endpoints(1), { choiceCount: 101 }), /least-request: choiceCount must be at most 100, got 101/);
    });

    it('rejects a negative or non-numeric activeRequestBias', () => {
      assert.throws(() => create(leastRequestStrategy, endpoints(1), { activeRequestBias: -0.5 }), /^ConfigError: least-request: activeRequestBias must be at least 0, got -0.5$/);
      assert.throws(() => create(leastRequestStrategy, endpoints(1), { activeRequestBias: 'x' }), /least-request: activeRequestBias must be a finite number, got "x"/);
    });

    it('rejects an unknown option, naming the valid ones', () => {
      assert.throws(() => create(leastRequestStrategy, endpoints(1), { choices: 2 }), /least-request: unknown option "choices" \(valid: choiceCount, activeRequestBias\)/);
    });
  });
});
