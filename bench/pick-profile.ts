/**
 * One strategy's pick + done at one pool size in a process of its own, for `--cpu-prof` and for
 * A/B runs of two checkouts (issue 16): `node --import tsx bench/pick-profile.ts p2c-peak-ewma
 * 10000 [rounds]` prints the fastest round's CPU ns per pick + done (engine-driver.ts's workload).
 */
import type { StrategyName } from '../src/engine/types';
import { cpuNsPerOp, timed } from './engine-driver';

const name = process.argv[2] as StrategyName;
const n = Number(process.argv[3]);
const rounds = Number(process.argv[4] ?? 15);
const f = timed(name, false, n);
f(20_000);
let best = Infinity;
for (let r = 0; r < rounds; r++) best = Math.min(best, cpuNsPerOp(f, 200_000));
process.stdout.write(`${name} ${n} ${best.toFixed(1)}\n`);
