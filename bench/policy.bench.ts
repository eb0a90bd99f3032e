/**
 * What the client policy layer (src/policy) adds to a request that takes no retry, as the ratio to
 * the bare pick + send + done of the same strategy (policy-child.ts measures it, and says how).
 *
 * Each strategy is measured in a process of its own, as a client runs one strategy: across
 * strategies in one process the layer's `balancer.pick` call site sees three classes and turns
 * polymorphic, a cost no deployment pays (see pool-shape.bench.ts).
 *
 * Issue 12's words are "the cost a policy adds ... stays under 1.5x of the bare pick + done": the
 * bar is added / bare <= 1.5 (the layered request at most 2.5x the bare one). The table also prints
 * layer / bare, a stricter reading earlier sessions held the layer to, which no layer can meet for
 * round-robin: its bare request is ~14 ns (an index increment and a shared done), and the floor
 * column (the bookkeeping alone, inline, allocating nothing) is already 1.55x of it. Round-robin's
 * 1.5x leaves the layer ~20 ns, about sixty instructions, for the bookkeeping and a pooled
 * request's state: a pick, its start, its caller, its answer and its result. The table shows the
 * added nanoseconds against a whole simulated request too, the cost they land on in a simulation.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { StrategyName } from '../src/engine/types';
import { bar, printTable, type Bar, type Bench } from './lib';

const run = promisify(execFile);
const N = 100;
const STRATEGIES: readonly StrategyName[] = ['round-robin', 'least-request', 'p2c-peak-ewma'];

type Figures = { bare: number; floor: number; layer: number; noRecords: number; simulated?: number };

async function measure(name: StrategyName, which: 'policy' | 'deadline'): Promise<Figures> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(__dirname, 'policy-child.ts'), name, which], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as Figures;
}

export const bench: Bench = {
  name: 'policy: the client policy layer around a pick + done, no retry taken',
  async run(): Promise<Bar[]> {
    const bars: Bar[] = [];
    const rows: (string | number)[][] = [];
    for (const name of STRATEGIES) {
      const f = await measure(name, 'policy');
      const d = await measure(name, 'deadline');
      const added = f.layer - f.bare;
      const sim = f.simulated!;
      rows.push([name, f.bare, f.floor / f.bare, f.layer, added, added / f.bare, f.layer / f.bare, f.noRecords / f.bare, d.layer / d.bare, sim, (sim + added) / sim]);
      bars.push(bar(`${name} @${N}: what the layer adds / bare pick + done (layer / bare = ${(f.layer / f.bare).toFixed(3)})`, added / f.bare, '<=', 1.5));
    }
    printTable([`strategy @${N}`, 'bare ns', 'floor / bare', 'layer ns', 'added ns', 'added / bare', 'layer / bare', 'no records / bare', '+ deadline timer / bare', 'simulated request ns', '(simulated + added) / simulated'], rows);
    console.log('\nadded / bare: what the layer adds, against the bare pick + done (the bar, issue 12\'s words: <= 1.5).');
    console.log('layer / bare: the whole layered request against the bare one (a stricter reading, shown).');
    return bars;
  },
};
