/**
 * What a client policy costs the simulator per attempt (issue 12): a run whose servers fail a
 * fifth of their requests, under a retry policy (gRFC A6 retries, 3 attempts, on `http_500`),
 * against the same run without a policy, in CPU per attempt (what the servers received; without a
 * policy an attempt is a request). Bar: at most 1.3x. For scale, the same policy on servers that
 * never fail (no retry taken: the layer's per-request cost alone, which bench/policy.bench.ts
 * bounds against a bare pick), and what an attempt that is a retry costs against one that is not.
 *
 * Each run is timed in a process of its own, as a user's simulation runs (`rpc-balancer simulate`,
 * the editor's command): V8 compiles the simulator's loop, its answer path and the Recorder for
 * the run it sees. The four runs alternate, several processes each, and each counts at its
 * fastest (CPU time on a shared machine only grows with interference, so the minimum is the cost
 * itself). The last rows time the four in one process, alternating, as `compare` runs variants:
 * there every shared hot function carries both paths' type feedback, a cost both sides pay and
 * the policy's side pays more of; shown, not the bar.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bar, printTable, type Bar, type Bench } from './lib';
import { RUNS, usPerAttempt, type RunName } from './simulate-policy-runs';

const run = promisify(execFile);
const PROCESSES = 5;
const ROUNDS_EACH = 3;
const NAMES = Object.keys(RUNS) as RunName[];

async function inOwnProcess(name: RunName): Promise<number> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(__dirname, 'simulate-policy-child.ts'), name, String(ROUNDS_EACH)]);
  return Number(stdout.trim());
}

function inOneProcess(): Record<RunName, number> {
  const best = Object.fromEntries(NAMES.map((k) => [k, Infinity])) as Record<RunName, number>;
  for (const k of NAMES) usPerAttempt(RUNS[k]); // warm-up
  for (let r = 0; r < 5; r++) for (const k of NAMES) best[k] = Math.min(best[k], usPerAttempt(RUNS[k]));
  return best;
}

export const bench: Bench = {
  name: 'simulator under a client policy',
  async run(): Promise<Bar[]> {
    const own = Object.fromEntries(NAMES.map((k) => [k, Infinity])) as Record<RunName, number>;
    for (let p = 0; p < PROCESSES; p++) for (const k of NAMES) own[k] = Math.min(own[k], await inOwnProcess(k));
    const one = inOneProcess();
    const retries = own.retries / own.plain;
    printTable(
      ['measure', 'us/attempt, own process', 'ratio', 'us/attempt, one process', 'ratio (one process)'],
      [
        ['without a policy, servers failing 20 %', own.plain, 1, one.plain, 1],
        ['retry policy, servers failing 20 % (retries taken)', own.retries, retries, one.retries, one.retries / one.plain],
        ['without a policy, servers never failing', own.plainNoErrors, 1, one.plainNoErrors, 1],
        ['retry policy, servers never failing (no retry taken)', own.noRetryTaken, own.noRetryTaken / own.plainNoErrors, one.noRetryTaken, one.noRetryTaken / one.plainNoErrors],
        ['(what a retry costs) retries taken / no retry taken, per attempt', '', own.retries / own.noRetryTaken, '', one.retries / one.noRetryTaken],
      ],
    );
    console.log(`\nown process: each run in a process of its own, fastest of ${PROCESSES} processes x ${ROUNDS_EACH} rounds (the bar); one process: the four alternating in this one, fastest of 5.`);
    return [bar('simulated run with retries vs without, CPU per attempt (each in its own process)', retries, '<=', 1.3)];
  },
};
