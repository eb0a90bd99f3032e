/** `rpc-balancer run`: a load test of a pool file through the balancer, against its real servers. */
import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { isStrategyName, strategyDefinition } from '../../engine/registry';
import { runLoadTest } from '../../loadtest';
import { describePoolMembers, formatMember } from '../../pools/discovery';
import type { LoadTestConfig } from '../../loadtest/types';
import type { LoadModel } from '../../result/types';
import { EXIT, UsageError } from '../exit-codes';
import { checkThresholds, describeBreach, parseFailOn } from '../fail-on';
import { printResult } from '../print';
import { ProgressLine } from '../progress-line';
import { say } from '../terminal';
import { abortOnSigint, action, collect, durationFlag, keyFlag, numberFlag, readPool, readScenario, strategyOptionsFlag, writeHtml, writeJson } from '../shared';

interface RunFlags {
  pool: string;
  strategy?: string;
  strategyOption?: string[];
  concurrency?: string;
  rate?: string;
  maxInFlight?: string;
  duration?: string;
  requests?: string;
  warmup?: string;
  timeout?: string;
  workers?: string;
  key?: string;
  seed?: string;
  interval?: string;
  scenario?: string;
  outlierDetection?: boolean;
  json?: string;
  html?: string;
  failOn?: string;
}

export function strategyFlag(value: string | undefined): LoadTestConfig['strategy'] {
  if (value === undefined) return undefined;
  if (!isStrategyName(value)) strategyDefinition(value); // throws, listing the valid names
  return value as LoadTestConfig['strategy'];
}

export function loadModelFlags(flags: { concurrency?: string; rate?: string; maxInFlight?: string }, fallback: LoadModel): LoadModel {
  if (flags.concurrency !== undefined && flags.rate !== undefined) {
    throw new UsageError('give either --concurrency (closed model) or --rate (open model), not both');
  }
  if (flags.rate !== undefined) {
    const rate = numberFlag(flags.rate, '--rate', { min: 0.001 })!;
    const maxInFlight = numberFlag(flags.maxInFlight, '--max-in-flight', { integer: true, min: 1 });
    return maxInFlight === undefined ? { model: 'open', rate } : { model: 'open', rate, maxInFlight };
  }
  if (flags.concurrency !== undefined) return { model: 'closed', concurrency: numberFlag(flags.concurrency, '--concurrency', { integer: true, min: 1 })! };
  return fallback;
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
    .option('--duration <d>', 'how long to send, e.g. 10s, 1m (default 10s unless --requests is given)')
    .option('--requests <n>', 'stop after n requests')
    .option('--warmup <d>', 'excluded from every figure, e.g. 2s')
    .option('--timeout <d>', 'per request (default 10s); a timed-out request is an error of kind timeout')
    .option('--workers <n>', 'worker threads sharing the load (default 1); histograms merge exactly')
    .option('--key <template>', 'hash key template for hash strategies, e.g. "user-{seq % 1000}"')
    .option('--seed <n>', 'seeds keys and the strategy\'s randomness')
    .option('--interval <d>', 'timeline interval (default 1s)')
    .option('--scenario <file>', 'faults on the timeline, e.g. [{"at": "3s", "endpoint": "s2", "slow": 10}]')
    .option('--outlier-detection', 'eject endpoints after consecutive errors (Envoy defaults)')
    .option('--json <file>', 'write the RunResult as JSON (also when cancelled or failed)')
    .option('--html <file>', 'write a self-contained HTML report')
    .option('--fail-on <thresholds>', 'exit 1 when any holds, e.g. "p99>200ms,errors>1%"')
    .addHelpText('after', '\nExit codes: 0 done, 1 a --fail-on threshold held or the run failed, 2 bad input, 130 interrupted (outputs written first).')
    .action(action(async (flags: RunFlags) => runCommand(flags)));
}

async function runCommand(flags: RunFlags): Promise<number> {
  const thresholds = flags.failOn !== undefined ? parseFailOn(flags.failOn) : [];
  const pool = readPool(flags.pool);
  const durationMs = durationFlag(flags.duration, '--duration');
  const requests = numberFlag(flags.requests, '--requests', { integer: true, min: 1 });
  const config: LoadTestConfig = {
    pool,
    strategy: strategyFlag(flags.strategy),
    strategyOptions: strategyOptionsFlag(flags.strategyOption),
    load: loadModelFlags(flags, { model: 'closed', concurrency: 16 }),
    durationMs: durationMs ?? (requests === undefined ? 10_000 : undefined),
    requests,
    warmupMs: durationFlag(flags.warmup, '--warmup'),
    timeoutMs: durationFlag(flags.timeout, '--timeout'),
    workers: numberFlag(flags.workers, '--workers', { integer: true, min: 1 }),
    key: keyFlag(flags.key),
    seed: numberFlag(flags.seed, '--seed', { integer: true }),
    intervalMs: durationFlag(flags.interval, '--interval'),
    scenario: readScenario(flags.scenario, pool),
    baseDir: dirname(resolve(flags.pool)),
  };
  if (flags.outlierDetection) config.outlierDetection = true;
  for (const k of Object.keys(config) as (keyof LoadTestConfig)[]) if (config[k] === undefined) delete config[k];

  // A discovered pool: show who it is made of now, and where each came from, before sending.
  if (pool.discovery) {
    say(`members of ${pool.name}:`);
    for (const m of await describePoolMembers(pool)) say(`  ${formatMember(m)}`);
  }
  const progress = new ProgressLine(process.stderr);
  const sigint = abortOnSigint();
  let result;
  try {
    result = await runLoadTest(config, { signal: sigint.signal, onProgress: (p) => progress.update(p) });
  } finally {
    progress.clear();
    sigint.dispose();
  }
  printResult(result);
  if (flags.json) await writeJson(flags.json, result);
  if (flags.html) await writeHtml(flags.html, result);
  if (flags.json || flags.html) console.log(`\nwrote ${[flags.json, flags.html].filter(Boolean).join(' and ')}`);
  if (sigint.interrupted()) return EXIT.interrupted;
  if (result.status === 'failed') return EXIT.thresholdFailed;
  const breaches = checkThresholds(result, thresholds);
  for (const b of breaches) console.error(`FAILED ${describeBreach(b)}`);
  return breaches.length ? EXIT.thresholdFailed : EXIT.ok;
}
