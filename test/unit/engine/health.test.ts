/**
 * Health from outside the balancer (engine/health.ts `giveHealth`, as the grpc-js policies pass
 * subchannels that are not READY): the priority levels count those endpoints as unhealthy through
 * every wrapper above them, and a plain strategy only sees the healthy ones.
 */
import assert from 'node:assert/strict';
import { giveHealth } from '../../../src/engine/health';
import { createBalancer } from '../../../src/engine/registry';
import type { Balancer, BalancerOptions, Endpoint } from '../../../src/engine/types';
import { counts, env, sequence } from './engine-helpers';

function group(prefix: string, n: number, priority: number): Endpoint[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, address: `${prefix}${i}:80`, weight: 1, priority }));
}

/** Share of `n` picks by the id's letters; levels take turns by their loads, so every 100 picks split exactly. */
function shares(b: Balancer, n: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, c] of Object.entries(counts(b, n))) out[id.replace(/\d+$/, '')] = (out[id.replace(/\d+$/, '')] ?? 0) + c / n;
  return out;
}

describe('health given from outside (giveHealth)', () => {
  const pool = [...group('p', 4, 0), ...group('s', 4, 1)];
  const wrappers: [string, 'round-robin' | 'weighted-round-robin', BalancerOptions][] = [
    ['the priority levels alone', 'round-robin', {}],
    ['outlier detection above them', 'round-robin', { outlierDetection: { consecutiveErrors: 1, maxEjectionPercent: 100, baseEjectionTimeMs: 60_000 } }],
    ['outlier detection and the slow-start join tap above them', 'weighted-round-robin', { outlierDetection: true, slowStart: { windowMs: 10_000 } }],
  ];
  for (const [what, strategy, options] of wrappers) {
    it(`through ${what}: P0 with 2 of 4 unhealthy keeps 70 % and P1 takes 30 %, exactly; all healthy again, P0 takes all`, () => {
      const e = env(4);
      const b = createBalancer(strategy, pool, { now: e.now, random: e.random, ...options });
      giveHealth(b, pool, new Set(['p0', 'p1']));
      const got = shares(b, 10_000);
      assert.ok(Math.abs(got.p - 0.7) < 1e-9 && Math.abs(got.s - 0.3) < 1e-9, JSON.stringify(got));
      assert.equal(counts(b, 1000).p0, undefined, 'no pick of an unhealthy endpoint outside panic');
      giveHealth(b, pool, new Set());
      assert.deepEqual(shares(b, 1000), { p: 1 });
    });
  }

  it('with outlier detection, its ejections and the given health add up: 1 of 4 healthy keeps 35 %', () => {
    const e = env(4);
    const b = createBalancer('round-robin', pool, { now: e.now, random: e.random, outlierDetection: { consecutiveErrors: 1, maxEjectionPercent: 100, baseEjectionTimeMs: 60_000 } });
    for (let i = 0; i < 8; i++) {
      const pick = b.pick()!;
      pick.done({ latencyMs: 1, ok: pick.endpoint.id !== 'p2' });
    }
    giveHealth(b, pool, new Set(['p0', 'p1']));
    const got = shares(b, 10_000);
    assert.ok(Math.abs(got.p - 0.35) < 1e-9, JSON.stringify(got));
    assert.deepEqual(Object.keys(counts(b, 100)).filter((id) => id.startsWith('p')), ['p3']);
  });

  it('a plain strategy sees only the healthy endpoints', () => {
    const b = createBalancer('round-robin', group('a', 4, 0).map(({ priority: _, ...ep }) => ep));
    giveHealth(b, b.endpoints(), new Set(['a1', 'a3']));
    assert.deepEqual(sequence(b, 4), ['a0', 'a2', 'a0', 'a2']);
  });
});
