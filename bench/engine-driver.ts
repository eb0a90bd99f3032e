/**
 * The engine bench's workload (engine.bench.ts, engine-child.ts): 16 picks in flight, each pick
 * followed by the `done` of the oldest one (latency from a fixed cycle, 1 in 50 failing, a load
 * report); hash strategies get keys from a fixed list; a counter clock and a seeded PRNG.
 */
import { createBalancer } from '../src/engine/registry';
import { createSeededRandom } from '../src/engine/seeded-random';
import type { Balancer, BalancerOptions, Endpoint, Pick, StrategyName } from '../src/engine/types';

export const IN_FLIGHT = 16;
const KEYS = Array.from({ length: 4096 }, (_, i) => `user-${i * 7919}`);

/**
 * pick-first's clock only moves when it fails over (one failure in 50 here, 0.02 ms of counter
 * clock each time): with the default 1 s wait, 10 endpoints would all be down after 500 picks and
 * the bench would time `undefined`. A wait of five failovers keeps a few down and the pool usable.
 */
const OPTIONS: Partial<Record<StrategyName, BalancerOptions>> = { 'pick-first': { retryAfterMs: 0.1 } };

export function pool(n: number): Endpoint[] {
  return Array.from({ length: n }, (_, i) => ({ id: `ep-${i}`, address: `10.0.${i >> 8}.${i & 255}:80`, weight: 1 + (i % 5) }));
}

/** A driver that keeps IN_FLIGHT picks open and finishes the oldest after each new pick. */
function driver(b: Balancer, hashing: boolean): (ops: number) => void {
  const ring: (Pick | undefined)[] = new Array(IN_FLIGHT);
  let at = 0;
  let k = 0;
  return (ops) => {
    for (let i = 0; i < ops; i++) {
      const old = ring[at];
      const p = hashing ? b.pick({ key: KEYS[k++ & 4095] }) : b.pick();
      ring[at] = p;
      at = (at + 1) % IN_FLIGHT;
      old?.done({ latencyMs: 5 + (i % 13), ok: i % 50 !== 0, load: (i % 10) / 10 });
    }
  };
}

export function timed(name: StrategyName, hashing: boolean, n: number): (ops: number) => void {
  let t = 0;
  const b = createBalancer(name, pool(n), { now: () => (t += 0.01), random: createSeededRandom(42), ...OPTIONS[name] });
  return driver(b, hashing);
}


/**
 * CPU ns per op of `fn(ops)`: the process's user + system CPU time, not the wall clock, so the
 * time it waits for a core on a shared machine (six engineers on two cores: wall-clock rounds of
 * the same work ranged 143 to 784 ns) is not counted; GC and compiler threads are.
 */
export function cpuNsPerOp(fn: (ops: number) => void, ops: number): number {
  const t0 = process.cpuUsage();
  fn(ops);
  const t = process.cpuUsage(t0);
  return ((t.user + t.system) * 1000) / ops;
}
