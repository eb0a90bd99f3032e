/**
 * Child process of engine.bench.ts: the absolute ns per pick + done of one strategy (argv[2]) at
 * 10 and 10,000 endpoints, printed as one JSON line. In a process of its own, as a client runs one
 * strategy: in the parent the driver's `pick` and `done` call sites have seen every strategy and
 * are megamorphic, a cost no deployment pays (pool-shape.bench.ts). Rounds are timed in CPU time
 * (engine-driver.ts `cpuNsPerOp`) and the fastest of alternating rounds counts: on a shared
 * machine other processes only add time.
 */
import type { StrategyName } from '../src/engine/types';
import { cpuNsPerOp, timed } from './engine-driver';

const ROUNDS = 15;
const name = process.argv[2] as StrategyName;
const runs = [10, 10_000].map((n) => ({ n, f: timed(name, false, n), ns: Infinity }));
for (const r of runs) r.f(20_000);
for (let round = 0; round < ROUNDS; round++) for (const r of runs) r.ns = Math.min(r.ns, cpuNsPerOp(r.f, 200_000));
process.stdout.write(JSON.stringify(runs.map(({ n, ns }) => ({ n, ns }))) + '\n');
