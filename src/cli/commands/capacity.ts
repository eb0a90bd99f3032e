/**
 * `rpc-balancer capacity`: for each strategy (or variant), the highest arrival rate whose steady
 * state holds an SLO, simulated by default or `--live`; a table, and `--json` with the curves.
 */
import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { checkVariants, findCapacity, formatCapacity, parseSlo, type CapacityConfig, type CapacityVariant } from '../../capacity';
import { STRATEGY_NAMES } from '../../engine/types';
import { Problems } from '../../pools/problems';
import { readJsonFile } from '../../pools/json-file';
import type { CapacityResult } from '../../result/capacity';
import { EXIT, UsageError } from '../exit-codes';
import { checkOutputs, writeOutputs } from '../outputs';
import { abortOnSigint, action, durationFlag, numberFlag, readPool } from '../shared';
import { say, sayError } from '../terminal';
import { strategiesFlag } from './compare';

interface Flags {
  pool: string;
  strategies?: string;
  variants?: string;
  slo: string;
  precision?: string;
  live?: boolean;
  json?: string;
  html?: string;
  seed: string;
  minRate?: string;
  maxRate?: string;
  tailSamples?: string;
  timeout?: string;
}

export function registerCapacity(program: Command): void {
  program
    .command('capacity')
    .description('find, for each strategy, the highest request rate whose steady state holds an SLO (simulated, or --live against the servers)')
    .requiredOption('--pool <file>', 'pool file (JSON); simulated, each endpoint\'s "sim" describes its virtual server')
    .option('--strategies <list>', 'comma-separated strategy names, or "all"')
    .option('--variants <file>', 'JSON list of { name, strategy, strategyOptions, outlierDetection } (or { "variants": [...] })')
    .requiredOption('--slo <clauses>', 'what each step must hold, e.g. "p99<100ms,errors<1%" (p50, p90, p99, p999, errors)')
    .option('--precision <x>', 'relative width the bisection stops at (default 0.02)')
    .option('--live', 'each step a real load test against the pool\'s servers (default: simulated)')
    .option('--seed <n>', 'the seed of every step', '1')
    .option('--min-rate <n>', 'lowest rate tried, requests/s (default 1)')
    .option('--max-rate <n>', 'highest rate tried, requests/s (default 1000000)')
    .option('--tail-samples <n>', 'samples each step puts beyond the SLO\'s tightest tail (default 500): longer steps, smaller error')
    .option('--timeout <d>', 'per request (default 5x the largest latency bound, at least 1s)')
    .option('--json <file>', 'write the capacity result (curves included) as JSON (also when cancelled)')
    .option('--html <file>', 'write a self-contained HTML report: latency against offered load per variant, the SLO drawn')
    .action(action(async (flags: Flags) => capacity(flags)));
}

async function capacity(flags: Flags): Promise<number> {
  const config = configOf(flags);
  const outputs = { ...(flags.json !== undefined ? { json: flags.json } : {}), ...(flags.html !== undefined ? { html: flags.html } : {}) };
  checkOutputs(outputs, [flags.pool, flags.variants]);
  const sigint = abortOnSigint(`finding the capacity of ${config.variants ? `${config.variants.length} variants` : config.strategies!.join(', ')} on ${config.pool.name}`);
  let result: CapacityResult;
  try {
    result = await findCapacity(config, {
      signal: sigint.signal,
      onProgress: (p) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${p.index + 1}/${p.total} ${p.variant}: ${p.step.rate} req/s ${p.step.holds ? 'holds' : 'breaks'}\x1b[K`);
      },
    });
  } finally {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    sigint.dispose();
  }
  console.log(formatCapacity(result));
  const { lines, failed } = await writeOutputs(outputs, result);
  for (const line of lines) (failed ? sayError : say)(line);
  if (sigint.interrupted()) return EXIT.interrupted;
  return result.status === 'ok' && !failed ? EXIT.ok : EXIT.thresholdFailed;
}

/** The config from flags; every problem names its flag (or the variants file and its JSON path). */
export function configOf(flags: Flags): CapacityConfig {
  if ((flags.strategies === undefined) === (flags.variants === undefined)) throw new UsageError('give --strategies a,b or --variants FILE (one of the two)');
  parseSlo(flags.slo, '--slo');
  const pool = readPool(flags.pool);
  const strategies = flags.strategies === undefined ? undefined : strategiesFlag(flags.strategies);
  const set = <K extends keyof CapacityConfig>(config: CapacityConfig, key: K, value: CapacityConfig[K] | undefined): void => {
    if (value !== undefined) config[key] = value;
  };
  const config: CapacityConfig = { pool, slo: flags.slo, live: Boolean(flags.live), baseDir: dirname(resolve(flags.pool)) };
  if (strategies !== undefined) config.strategies = strategies === 'all' ? [...STRATEGY_NAMES] : strategies;
  if (flags.variants !== undefined) config.variants = readVariants(flags.variants);
  set(config, 'precision', numberFlag(flags.precision, '--precision', { min: 0.001, max: 0.5 }));
  set(config, 'seed', numberFlag(flags.seed, '--seed', { min: -Infinity }));
  set(config, 'minRate', numberFlag(flags.minRate, '--min-rate', { min: 0.001 }));
  set(config, 'maxRate', numberFlag(flags.maxRate, '--max-rate', { min: 0.001 }));
  if (config.minRate !== undefined && config.maxRate !== undefined && config.minRate >= config.maxRate) throw new UsageError(`--max-rate ${flags.maxRate}: must be above --min-rate ${flags.minRate}`);
  set(config, 'tailSamples', numberFlag(flags.tailSamples, '--tail-samples', { min: 10, max: 100_000, integer: true }));
  set(config, 'timeoutMs', durationFlag(flags.timeout, '--timeout', { min: 1 }));
  return config;
}

/** A `--variants` file: a list, or an object with `variants`; problems name the file and the JSON path. */
function readVariants(file: string): CapacityVariant[] {
  const raw = readJsonFile(resolve(file));
  const list = Array.isArray(raw) ? raw : (raw as { variants?: unknown } | null)?.variants;
  const p = new Problems();
  const variants = checkVariants(p, list, Array.isArray(raw) ? '' : 'variants');
  p.throwIfAny(file);
  return variants;
}
