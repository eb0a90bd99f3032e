/** `rpc-balancer simulate`: the same engine against a seeded virtual pool, in seconds, no servers. */
import type { Command } from 'commander';
import { simulate } from '../../simulate';
import type { SimulationConfig } from '../../simulate';
import { printResult } from '../print';
import { action, collect, durationFlag, numberFlag, readPool, readScenario, strategyOptionsFlag, writeHtml, writeJson } from '../shared';
import { loadModelFlags, strategyFlag } from './run';

export interface SimFlags {
  pool: string;
  strategy?: string;
  strategyOption?: string[];
  seed: string;
  concurrency?: string;
  rate?: string;
  maxInFlight?: string;
  requests?: string;
  duration?: string;
  warmup?: string;
  keys?: string;
  zipf?: string;
  interval?: string;
  scenario?: string;
  outlierDetection?: boolean;
  json?: string;
  html?: string;
}

/** Adds the flags `simulate` and `compare` share. */
export function simulationFlags(cmd: Command): Command {
  return cmd
    .requiredOption('--pool <file>', 'pool file (JSON); each endpoint\'s "sim" describes its virtual server')
    .option('--seed <n>', 'the same seed gives a byte-identical result', '1')
    .option('--rate <n>', 'open model: Poisson arrivals at n requests per second')
    .option('--concurrency <n>', 'closed model: n callers (default 32)')
    .option('--max-in-flight <n>', 'open model: cap on requests in flight')
    .option('--requests <n>', 'requests to simulate (default 100000 unless --duration is given)')
    .option('--duration <d>', 'virtual time to simulate, e.g. 60s')
    .option('--warmup <d>', 'virtual time excluded from the figures')
    .option('--keys <n>', 'hash keys drawn from a space of n keys (default: the strategy picks a random key)')
    .option('--zipf <s>', 'skew the keys with a Zipf exponent s (e.g. 1)')
    .option('--interval <d>', 'timeline interval (default 1s)')
    .option('--scenario <file>', 'faults on the virtual timeline')
    .option('--outlier-detection', 'eject endpoints after consecutive errors (Envoy defaults)')
    .option('--json <file>', 'write the result(s) as JSON')
    .option('--html <file>', 'write a self-contained HTML report');
}

/** The simulation config from flags; `strategy` left to the caller when comparing. */
export function simulationConfig(flags: SimFlags): SimulationConfig {
  const pool = readPool(flags.pool);
  const requests = numberFlag(flags.requests, '--requests', { integer: true, min: 1 });
  const durationMs = durationFlag(flags.duration, '--duration');
  const space = numberFlag(flags.keys, '--keys', { integer: true, min: 1 });
  const zipf = numberFlag(flags.zipf, '--zipf', { min: 0 });
  const config: SimulationConfig = {
    pool,
    seed: numberFlag(flags.seed, '--seed', { integer: true })!,
    clients: loadModelFlags(flags, { model: 'closed', concurrency: 32 }),
    ...(requests !== undefined ? { requests } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(flags.warmup !== undefined ? { warmupMs: durationFlag(flags.warmup, '--warmup') } : {}),
    ...(flags.interval !== undefined ? { intervalMs: durationFlag(flags.interval, '--interval') } : {}),
    ...(space !== undefined ? { keys: { space, skew: zipf ? { zipf } : 'uniform' } } : {}),
  };
  const scenario = readScenario(flags.scenario, pool);
  if (scenario) config.scenario = scenario;
  if (flags.outlierDetection) config.outlierDetection = true;
  return config;
}

export function registerSimulate(program: Command): void {
  simulationFlags(
    program
      .command('simulate')
      .description('run a strategy against a seeded virtual pool (no servers, no sleeping) and print the same table as run')
      .option('--strategy <name>', 'balancing strategy (default: the pool\'s, else round-robin)')
      .option('--strategy-option <name=value>', 'a strategy option, repeatable', collect),
  ).action(action(async (flags: SimFlags) => {
    const config = simulationConfig(flags);
    const strategy = strategyFlag(flags.strategy);
    if (strategy) config.strategy = strategy;
    const options = strategyOptionsFlag(flags.strategyOption);
    if (options) config.strategyOptions = options;
    const result = simulate(config);
    printResult(result);
    if (flags.json) await writeJson(flags.json, result);
    if (flags.html) await writeHtml(flags.html, result);
    if (flags.json || flags.html) console.log(`\nwrote ${[flags.json, flags.html].filter(Boolean).join(' and ')}`);
  }));
}
