/**
 * Pick + done cost of every strategy at 10, 1,000 and 10,000 endpoints, as ratios to its own cost
 * at 10 (and to round-robin at 10 for scale), plus least-connections against a naive O(n) scan.
 * Workload: 16 picks in flight, each pick followed by the `done` of the oldest one (latency from a
 * fixed cycle, 1 in 50 failing); hash strategies get keys from a fixed list. Time and randomness
 * are injected (a counter clock, a seeded PRNG), so every run does the same work.
 *
 * Issue 16 also bounds the two feedback strategies a simulation leans on in absolute terms:
 * p2c-peak-ewma and least-load pick + done <= 80 ns at 10 and at 10,000 endpoints. Those are
 * the fastest of alternating rounds (ABSOLUTE_ROUNDS), not the median: on a shared machine other
 * processes only add time, so the minimum is the cost itself.
 */
import { createBalancer, strategies } from '../src/engine/registry';
import { createSeededRandom } from '../src/engine/seeded-random';
import type { Balancer, BalancerOptions, Endpoint, Pick, StrategyName } from '../src/engine/types';
import { bar, nsPerOp, printTable, type Bar, type Bench } from './lib';

const SIZES = [10, 1000, 10_000] as const;
const IN_FLIGHT = 16;
const KEYS = Array.from({ length: 4096 }, (_, i) => `user-${i * 7919}`);
/** O(n) per pick by design: said in the table, no bar. */
const LINEAR = new Set<StrategyName>(['rendezvous']);
const RING_BAR = new Set<StrategyName>(['consistent-hash', 'bounded-load-hash']);
/**
 * pick-first's clock only moves when it fails over (one failure in 50 here, 0.02 ms of counter
 * clock each time): with the default 1 s wait, 10 endpoints would all be down after 500 picks and
 * the bench would time `undefined`. A wait of five failovers keeps a few down and the pool usable.
 */
const ABSOLUTE: readonly StrategyName[] = ['p2c-peak-ewma', 'least-load'];
const ABSOLUTE_NS = 80;
const ABSOLUTE_ROUNDS = 9;
const OPTIONS: Partial<Record<StrategyName, BalancerOptions>> = { 'pick-first': { retryAfterMs: 0.1 } };

function pool(n: number): Endpoint[] {
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

function timed(name: StrategyName, hashing: boolean, n: number): (ops: number) => void {
  let t = 0;
  const b = createBalancer(name, pool(n), { now: () => (t += 0.01), random: createSeededRandom(42), ...OPTIONS[name] });
  return driver(b, hashing);
}

function cost(name: StrategyName, hashing: boolean, n: number): number {
  const ops = LINEAR.has(name) ? Math.max(2000, Math.floor(4e7 / n / 10)) : 200_000;
  return nsPerOp(timed(name, hashing, n), ops);
}

/** ns per pick + done of each of `names` at 10 and 10,000 endpoints: the fastest of alternating rounds. */
function absoluteNs(names: readonly StrategyName[]): { name: StrategyName; n: number; ns: number }[] {
  const runs = names.flatMap((name) => [10, 10_000].map((n) => ({ name, n, f: timed(name, false, n), ns: Infinity })));
  for (const r of runs) r.f(20_000);
  for (let round = 0; round < ABSOLUTE_ROUNDS; round++) for (const r of runs) r.ns = Math.min(r.ns, nsPerOp(r.f, 200_000, 1));
  return runs.map(({ name, n, ns }) => ({ name, n, ns }));
}

/** The reference for least-connections: the obvious scan over every endpoint per pick. */
function naiveLeastConnections(n: number): (ops: number) => void {
  const eps = pool(n);
  const inFlight = new Float64Array(n);
  const lastPick = new Float64Array(n);
  const ring = new Int32Array(IN_FLIGHT).fill(-1);
  let at = 0;
  let clock = 0;
  return (ops) => {
    for (let i = 0; i < ops; i++) {
      let best = 0;
      for (let j = 1; j < n; j++) {
        const a = inFlight[j] / eps[j].weight;
        const m = inFlight[best] / eps[best].weight;
        if (a < m || (a === m && lastPick[j] < lastPick[best])) best = j;
      }
      inFlight[best]++;
      lastPick[best] = ++clock;
      const old = ring[at];
      ring[at] = best;
      at = (at + 1) % IN_FLIGHT;
      if (old >= 0) inFlight[old]--;
    }
  };
}

export const bench: Bench = {
  name: 'engine: pick + done per strategy',
  async run(): Promise<Bar[]> {
    const bars: Bar[] = [];
    const rows: (string | number)[][] = [];
    const reference = cost('round-robin', false, 10);
    for (const s of strategies) {
      const c = SIZES.map((n) => cost(s.name, s.hashing, n));
      const r1000 = c[1] / c[0];
      const r10k = c[2] / c[0];
      const limit = LINEAR.has(s.name) ? undefined : RING_BAR.has(s.name) ? 6 : 3;
      rows.push([s.name, c[0] / reference, r1000, r10k, limit === undefined ? 'O(n) by design: no bar' : `<= ${limit}x`]);
      if (limit !== undefined) bars.push(bar(`${s.name} cost @10,000 / @10`, r10k, '<=', limit));
    }
    printTable(['strategy', '@10 vs round-robin@10', '@1,000 / @10', '@10,000 / @10', 'bar'], rows);

    const lc = cost('least-connections', false, 1000);
    const naive = nsPerOp(naiveLeastConnections(1000), 20_000);
    console.log('');
    printTable(['least-connections @1,000', 'speed-up over naive O(n) scan'], [['in-flight buckets', naive / lc]]);
    bars.push(bar('least-connections @1,000 speed-up over naive O(n) scan', naive / lc, '>=', 20));

    const abs = absoluteNs(ABSOLUTE);
    console.log('');
    printTable(['strategy', 'endpoints', 'ns per pick + done (fastest round)'], abs.map((a) => [a.name, a.n, a.ns]));
    for (const a of abs) bars.push(bar(`${a.name} pick + done @${a.n.toLocaleString('en')} in ns`, a.ns, '<=', ABSOLUTE_NS, ' ns'));
    return bars;
  },
};
