/** `rpc-balancer simulate`: the same engine against a seeded virtual pool, in seconds, no servers. */
import type { Command } from 'commander';
import { simulateAsync } from '../../simulate';
import { EXIT } from '../exit-codes';
import type { SimulationConfig } from '../../simulate';
import { printResult } from '../print';
import { specFlags, type SpecFlags } from '../run-flags';
import { say, sayError } from '../terminal';
import { checkOutputs, writeOutputs } from '../outputs';
import { abortOnSigint, action, collect, readPool } from '../shared';
import { checkThresholds, describeBreach, parseFailOn, type Threshold } from '../../run/thresholds';
import type { RunResult } from '../../result/types';

export interface SimFlags extends SpecFlags {
  pool: string;
  seed: string;
  json?: string;
  html?: string;
  junit?: string;
  failOn?: string;
}

/** Adds the flags `simulate` and `compare` share. */
export function simulationFlags(cmd: Command): Command {
  return cmd
    .requiredOption('--pool <file>', 'pool file (JSON); each endpoint\'s "sim" describes its virtual server')
    .option('--seed <n>', 'the same seed gives a byte-identical result', '1')
    .option('--rate <n>', 'open model: Poisson arrivals at n requests per second')
    .option('--concurrency <n>', 'closed model: n callers (default 32)')
    .option('--max-in-flight <n>', 'open model: cap on requests in flight')
    .option('--stage <d:target>', 'open model, repeatable: ramp linearly to target req/s over d (k6 stages; from 0), e.g. --stage 10s:2000 --stage 30s:2000; d:target:step holds it instead', collect)
    .option('--caller-stage <d:n>', 'closed model, repeatable: ramp to n callers over d (from 1); d:n:step holds it instead', collect)
    .option('--requests <n>', 'requests to simulate (default 100000 unless --duration is given)')
    .option('--duration <d>', 'virtual time to simulate, e.g. 60s')
    .option('--warmup <d>', 'virtual time excluded from the figures')
    .option('--keys <n>', 'hash keys drawn from a space of n keys (default: the strategy picks a random key)')
    .option('--zipf <s>', 'skew the keys with a Zipf exponent s (e.g. 1)')
    .option('--interval <d>', 'timeline interval (default 1s)')
    .option('--scenario <file>', 'faults on the virtual timeline')
    .option('--outlier-detection', 'eject endpoints after consecutive errors (Envoy defaults)')
    .option('--json <file>', 'write the result(s) as JSON')
    .option('--html <file>', 'write a self-contained HTML report')
    .option('--fail-on <thresholds>', 'exit 1 when any holds, e.g. "p99>200ms,errors>1%" (compare: for any strategy)')
    .option('--junit <file>', 'write each --fail-on threshold as a JUnit XML testcase (also when cancelled or failed)');
}

/** The simulation config from flags. */
export function simulationConfig(flags: SimFlags): SimulationConfig {
  return specFlags(flags, readPool(flags.pool), { load: { model: 'closed', concurrency: 32 } });
}

export function registerSimulate(program: Command): void {
  simulationFlags(
    program
      .command('simulate')
      .description('run a strategy against a seeded virtual pool (no servers, no sleeping) and print the same table as run')
      .option('--strategy <name>', 'balancing strategy (default: the pool\'s, else round-robin)')
      .option('--strategy-option <name=value>', 'a strategy option, repeatable', collect),
  ).action(action(async (flags: SimFlags) => {
    const thresholds = flags.failOn !== undefined ? parseFailOn(flags.failOn) : [];
    const config = simulationConfig(flags);
    checkOutputs(flags, [flags.pool, flags.scenario]);
    const sigint = abortOnSigint(`simulating ${config.strategy ?? config.pool.strategy ?? 'round-robin'} on ${config.pool.name}`);
    let result;
    try {
      result = (await simulateAsync(config, { signal: sigint.signal })).result;
    } finally {
      sigint.dispose();
    }
    printResult(result);
    const written = await writeOutputs(flags, result, thresholds);
    for (const line of written.lines) (written.failed ? sayError : say)(line);
    if (sigint.interrupted()) return EXIT.interrupted;
    if (result.status === 'failed' || written.failed) return EXIT.thresholdFailed;
    return reportBreaches([result], thresholds);
  }));
}

/** Prints each breached threshold (per strategy when there are several runs); exit 1 if any. */
/** `labels[i]` names results[i] (a comparison's variants); default its strategy. */
export function reportBreaches(results: readonly RunResult[], thresholds: readonly Threshold[], labels?: readonly string[]): number {
  let breached = false;
  for (const [i, r] of results.entries()) {
    for (const b of checkThresholds(r, thresholds)) {
      breached = true;
      console.error(`FAILED ${results.length > 1 ? `${labels?.[i] ?? r.config.strategy}: ` : ''}${describeBreach(b)}`);
    }
  }
  return breached ? EXIT.thresholdFailed : EXIT.ok;
}
