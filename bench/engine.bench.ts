/**
 * Pick + done cost of every strategy at 10, 1,000 and 10,000 endpoints, as ratios to its own cost
 * at 10 (and to round-robin at 10 for scale), plus least-connections against a naive O(n) scan.
 * Workload: 16 picks in flight, each pick followed by the `done` of the oldest one (latency from a
 * fixed cycle, 1 in 50 failing); hash strategies get keys from a fixed list. Time and randomness
 * are injected (a counter clock, a seeded PRNG), so every run does the same work.
 *
 * Issue 16 also bounds the two feedback strategies a simulation leans on in absolute terms:
 * p2c-peak-ewma and least-load pick + done <= 80 ns at 10 and at 10,000 endpoints. Those are
 * measured in a child process per strategy (engine-child.ts), the fastest of alternating rounds.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strategies } from '../src/engine/registry';
import type { StrategyName } from '../src/engine/types';
import { IN_FLIGHT, pool, timed } from './engine-driver';
import { bar, nsPerOp, printTable, type Bar, type Bench } from './lib';

const run = promisify(execFile);

const SIZES = [10, 1000, 10_000] as const;
/** O(n) per pick by design: said in the table, no bar. */
const LINEAR = new Set<StrategyName>(['rendezvous']);
const RING_BAR = new Set<StrategyName>(['consistent-hash', 'bounded-load-hash']);
const ABSOLUTE: readonly StrategyName[] = ['p2c-peak-ewma', 'least-load'];
const ABSOLUTE_NS = 80;

function cost(name: StrategyName, hashing: boolean, n: number): number {
  const ops = LINEAR.has(name) ? Math.max(2000, Math.floor(4e7 / n / 10)) : 200_000;
  return nsPerOp(timed(name, hashing, n), ops);
}

/** ns per pick + done of `name` at 10 and 10,000 endpoints, measured in a child process (engine-child.ts says why). */
async function absoluteNs(name: StrategyName): Promise<{ n: number; ns: number }[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(__dirname, 'engine-child.ts'), name], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as { n: number; ns: number }[];
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

    const abs: { name: StrategyName; n: number; ns: number }[] = [];
    for (const name of ABSOLUTE) for (const a of await absoluteNs(name)) abs.push({ name, ...a });
    console.log('');
    printTable(['strategy', 'endpoints', 'ns per pick + done (own process, fastest round)'], abs.map((a) => [a.name, a.n, a.ns]));
    for (const a of abs) bars.push(bar(`${a.name} pick + done @${a.n.toLocaleString('en')} in ns`, a.ns, '<=', ABSOLUTE_NS, ' ns'));
    return bars;
  },
};
