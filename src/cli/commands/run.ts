/** `rpc-balancer run`: a load test of a pool file through the balancer, against its real servers. */
import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { runLoadTest } from '../../loadtest';
import type { LoadTestConfig } from '../../loadtest/types';
import { describePoolMembers, formatMember } from '../../pools/discovery';
import { EXIT } from '../exit-codes';
import { checkThresholds, describeBreach, parseFailOn } from '../../run/thresholds';
import { printResult } from '../print';
import { ProgressLine } from '../progress-line';
import { shardFlag, specFlags, type SpecFlags } from '../run-flags';
import { checkOutputs, writeOutputs } from '../outputs';
import { abortOnSigint, action, collect, numberFlag, readPool } from '../shared';
import { say, sayError } from '../terminal';

interface RunFlags extends SpecFlags {
  pool: string;
  workers?: string;
  json?: string;
  html?: string;
  junit?: string;
  failOn?: string;
  shard?: string;
  startAt?: string;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('load-test a pool through the balancer and print how the load spread and what latency callers saw')
    .requiredOption('--pool <file>', 'pool file (JSON)')
    .option('--strategy <name>', 'balancing strategy (default: the pool\'s, else round-robin)')
    .option('--strategy-option <name=value>', 'a strategy option, repeatable (e.g. tableSize=65537)', collect)
    .option('--concurrency <n>', 'closed model: n callers, each sends when its last request ends (default 16)')
    .option('--rate <n>', 'open model: n requests per second on a schedule; latency from the intended send time')
    .option('--max-in-flight <n>', 'open model: cap on requests in flight; sends over it are dropped and counted')
    .option('--stage <d:target>', 'open model, repeatable: ramp linearly to target req/s over d (k6 stages; from 0), e.g. --stage 10s:2000 --stage 30s:2000; d:target:step holds it instead', collect)
    .option('--caller-stage <d:n>', 'closed model, repeatable: ramp to n callers over d (from 1); d:n:step holds it instead', collect)
    .option('--duration <d>', 'how long to send, e.g. 10s, 1m (default 10s unless --requests is given)')
    .option('--requests <n>', 'stop after n requests')
    .option('--warmup <d>', 'excluded from every figure, e.g. 2s')
    .option('--timeout <d>', 'per request (default 10s); a timed-out request is an error of kind timeout')
    .option('--workers <n>', 'threads sharing the load (default 1): share 0 on this thread, the rest on N-1 worker threads; histograms merge exactly')
    .option('--key <template>', 'hash key template for hash strategies, e.g. "user-{seq % 1000}"')
    .option('--keys <n>', 'hash keys drawn from a space of n keys (key-1 .. key-n) instead of a template')
    .option('--zipf <s>', 'skew the --keys space with a Zipf exponent s (e.g. 1)')
    .option('--seed <n>', 'seeds keys and the strategy\'s randomness')
    .option('--interval <d>', 'timeline interval (default 1s)')
    .option('--scenario <file>', 'faults on the timeline, e.g. [{"at": "3s", "endpoint": "s2", "slow": 10}]')
    .option('--outlier-detection', 'eject endpoints after consecutive errors (Envoy defaults)')
    .option('--json <file>', 'write the RunResult as JSON (also when cancelled or failed)')
    .option('--html <file>', 'write a self-contained HTML report')
    .option('--fail-on <thresholds>', 'exit 1 when any holds, e.g. "p99>200ms,errors>1%"')
    .option('--junit <file>', 'write each --fail-on threshold as a JUnit XML testcase (also when cancelled or failed)')
    .option('--shard <i/N>', 'run shard i (0-based, e.g. $JOB_COMPLETION_INDEX) of N: rate, callers and --requests divided, keys disjoint; merge with `merge`')
    .option('--start-at <time>', 'start at this instant (ISO time or epoch ms), so shards on several machines start together')
    .addHelpText('after', '\nExit codes: 0 done, 1 a --fail-on threshold held or the run failed, 2 bad input, 130 interrupted (outputs written first).')
    .action(action(async (flags: RunFlags) => runCommand(flags)));
}

async function runCommand(flags: RunFlags): Promise<number> {
  const thresholds = flags.failOn !== undefined ? parseFailOn(flags.failOn) : [];
  const pool = readPool(flags.pool);
  const config: LoadTestConfig = {
    ...specFlags(flags, pool, { load: { model: 'closed', concurrency: 16 }, durationMs: 10_000 }),
    baseDir: dirname(resolve(flags.pool)),
  };
  const workers = numberFlag(flags.workers, '--workers', { min: 0 });
  if (workers !== undefined) config.workers = workers;
  if (flags.shard !== undefined) config.shard = shardFlag(flags.shard);
  if (flags.startAt !== undefined) config.startAt = flags.startAt;
  checkOutputs(flags, [flags.pool, flags.scenario]);

  // A discovered pool: show who it is made of now, and where each came from, before sending.
  if (pool.discovery) {
    say(`members of ${pool.name}:`);
    for (const m of await describePoolMembers(pool)) say(`  ${formatMember(m)}`);
  }
  const progress = new ProgressLine(process.stderr);
  const shardNote = config.shard ? ` (shard ${config.shard.index}/${config.shard.count})` : '';
  const startNote = flags.startAt !== undefined ? `, starting at ${flags.startAt}` : '';
  const sigint = abortOnSigint(`running ${config.strategy ?? pool.strategy ?? 'round-robin'} on ${pool.name}${shardNote}${startNote}`);
  let result;
  try {
    result = await runLoadTest(config, { signal: sigint.signal, onProgress: (p) => progress.update(p) });
  } finally {
    progress.clear();
    sigint.dispose();
  }
  printResult(result);
  const written = await writeOutputs(flags, result, thresholds);
  for (const line of written.lines) (written.failed ? sayError : say)(line);
  if (sigint.interrupted()) return EXIT.interrupted;
  if (result.status === 'failed' || written.failed) return EXIT.thresholdFailed;
  const breaches = checkThresholds(result, thresholds);
  for (const b of breaches) console.error(`FAILED ${describeBreach(b)}`);
  return breaches.length ? EXIT.thresholdFailed : EXIT.ok;
}
