/**
 * The capacity search's cost: 12 strategies on the demo pool, simulated, at "p99<100ms,errors<1%"
 * with the defaults (tailSamples 500: 50,000 requests measured a step, precision 0.02). Bar: under
 * 30 s of wall time (issue 15). For scale, the table gives the search's time per step against one
 * plain simulation of a step's length (the same requests, round-robin, in this process): the
 * search adds nothing but its steps, so the ratio should be near 1.
 */
import { findCapacity, CAPACITY_DEFAULTS } from '../src/capacity';
import { STRATEGY_NAMES } from '../src/engine/types';
import { demoPool } from '../src/pools/demo-pool';
import { parsePool } from '../src/pools/parse';
import { simulate } from '../src/simulate';
import { bar, printTable, type Bar, type Bench } from './lib';

const STRATEGIES = STRATEGY_NAMES.filter((s) => !['pick-first', 'least-load', 'orca-weighted-round-robin'].includes(s)).slice(0, 12);
const SLO = 'p99<100ms,errors<1%';

function cpuMs(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

export const bench: Bench = {
  name: 'capacity search',
  async run(): Promise<Bar[]> {
    const pool = parsePool(demoPool());
    // Reference: one step's worth of requests (warmup + measured) at a rate every strategy holds.
    const requests = Math.ceil(CAPACITY_DEFAULTS.tailSamples / 0.01) * (1 + CAPACITY_DEFAULTS.warmupShare);
    const refs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r0 = process.cpuUsage();
      simulate({ pool, strategy: 'round-robin', load: { model: 'open', rate: 400 }, requests, seed: 1 });
      refs.push(cpuMs(r0));
    }
    // The median, after the first (cold) rounds.
    const stepMs = refs.sort((a, b) => a - b)[2];

    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await findCapacity({ pool, strategies: STRATEGIES, slo: SLO });
    const wallMs = performance.now() - t0;
    const cpu = cpuMs(c0);
    const steps = result.variants.reduce((n, v) => n + v.curve.length, 0);
    printTable(
      ['variant', 'capacity req/s', 'steps'],
      result.variants.map((v) => [v.name, Math.round(v.capacity), v.curve.length]),
    );
    console.log('');
    printTable(
      ['figure', 'value'],
      [
        ['strategies', STRATEGIES.length],
        ['steps in all', steps],
        ['wall s', wallMs / 1000],
        ['CPU s', cpu / 1000],
        ['one plain step, CPU ms (reference)', stepMs],
        ['search CPU ms per step / reference', cpu / steps / stepMs],
      ],
    );
    return [bar(`${STRATEGIES.length} strategies in simulation, wall seconds`, wallMs / 1000, '<=', 30, ' s')];
  },
};
