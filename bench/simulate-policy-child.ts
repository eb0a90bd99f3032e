/**
 * Child process of simulate-policy.bench.ts: one of its runs (argv[2]), two warm-up runs (the
 * second still runs partly unoptimized code) and then `argv[3]` timed rounds; prints the fastest
 * round's CPU microseconds per attempt.
 */
import { RUNS, usPerAttempt, type RunName } from './simulate-policy-runs';

const c = RUNS[process.argv[2] as RunName];
if (!c) throw new Error(`simulate-policy-child: unknown run ${process.argv[2]}`);
usPerAttempt(c);
usPerAttempt(c);
let best = Infinity;
for (let r = 0; r < Number(process.argv[3] ?? 3); r++) best = Math.min(best, usPerAttempt(c));
process.stdout.write(`${best}\n`);
