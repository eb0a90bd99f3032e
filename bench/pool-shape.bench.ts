/**
 * What the priority/locality wrapper (src/engine/priority-balancer.ts) adds to a pick + done, at
 * 1,000 endpoints, as the ratio to the same strategy without it (pool-shape-child.ts measures it).
 *
 * Each strategy is measured in a process of its own, as a client runs one strategy: measured one
 * after another in one process, the wrapper's call into its strategy sees four classes and V8
 * turns it into a megamorphic lookup that no deployment pays (weighted-round-robin read 1.83x
 * after round-robin had run, 1.32x first).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { StrategyName } from '../src/engine/types';
import { bar, printTable, type Bar, type Bench } from './lib';

const run = promisify(execFile);
const N = 1000;
const STRATEGIES: readonly StrategyName[] = ['round-robin', 'weighted-round-robin', 'least-connections', 'p2c-peak-ewma'];

type Ratio = { ratio: number; addedNs: number };

async function measure(name: StrategyName): Promise<Record<'one' | 'spill' | 'zones', Ratio>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(__dirname, 'pool-shape-child.ts'), name], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as Record<'one' | 'spill' | 'zones', Ratio>;
}

export const bench: Bench = {
  name: 'engine: priority levels and localities around a strategy',
  async run(): Promise<Bar[]> {
    const bars: Bar[] = [];
    const rows: (string | number)[][] = [];
    for (const name of STRATEGIES) {
      const { one, spill, zones } = await measure(name);
      const cell = (r: Ratio) => `${r.ratio.toFixed(3)} (+${r.addedNs.toFixed(1)} ns)`;
      rows.push([name, cell(one), cell(spill), cell(zones)]);
      bars.push(bar(`${name} @${N}: priority levels / plain (worst of one in charge, spilling)`, Math.max(one.ratio, spill.ratio), '<=', 1.5));
      bars.push(bar(`${name} @${N}: localities / plain`, zones.ratio, '<=', 1.5));
    }
    printTable(['strategy @1,000', 'levels, one in charge', 'levels, spilling 70/30', 'localities 1:2:3'], rows);
    return bars;
  },
};
