/** `rpc-balancer compare`: several strategies or variants on the same pool, scenario and seed, in one ranked table. */
import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { compareStrategies, formatComparison, rowLabel } from '../../compare';
import type { CompareConfig } from '../../compare';
import { isStrategyName, strategyDefinition } from '../../engine/registry';
import type { StrategyName } from '../../engine/types';
import { UsageError } from '../exit-codes';
import { poolShapeFlags } from '../pool-shape-flags';
import { ProgressLine } from '../progress-line';
import { say, sayError } from '../terminal';
import { checkOutputs, writeOutputs } from '../outputs';
import { abortOnSigint, action, durationFlag } from '../shared';
import { readVariantsFile } from '../../pools/variants-file';
import { EXIT } from '../exit-codes';
import { reportBreaches, simulationConfig, simulationFlags, type SimFlags } from './simulate';
import { parseFailOn } from '../../run/thresholds';

interface Flags extends SimFlags {
  strategies?: string;
  variants?: string;
  live?: boolean;
  timeout?: string;
}

export function strategiesFlag(text: string): StrategyName[] | 'all' {
  if (text.trim() === 'all') return 'all';
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError('--strategies: expected a comma-separated list of strategies or "all"');
  for (const n of names) if (!isStrategyName(n)) strategyDefinition(n); // throws, listing the valid names
  return names as StrategyName[];
}

export function registerCompare(program: Command): void {
  simulationFlags(
    program
      .command('compare')
      .description('run several strategies or variants on the same pool, scenario and seed and print one ranked table')
      .option('--strategies <list>', 'comma-separated strategy names, or "all"')
      .option('--variants <file>', 'instead of --strategies: JSON list of { name, strategy, strategyOptions, outlierDetection, policy }')
      .option('--live', 'real load tests against the pool\'s servers, one strategy after another (default: simulated)')
      .option('--timeout <d>', 'per request (default 10s); a request unanswered that long is a timeout'),
  ).action(action(async (flags: Flags) => {
    const thresholds = flags.failOn !== undefined ? parseFailOn(flags.failOn) : [];
    if ((flags.strategies === undefined) === (flags.variants === undefined)) throw new UsageError('give --strategies a,b or --variants FILE (one of the two)');
    const chosen = flags.variants !== undefined ? { variants: readVariantsFile(flags.variants) } : { strategies: strategiesFlag(flags.strategies!) };
    const sim = simulationConfig(flags);
    const live = Boolean(flags.live);
    const config: CompareConfig = {
      pool: sim.pool,
      ...chosen,
      mode: live ? 'live' : 'simulated',
      ...(sim.seed !== undefined ? { seed: sim.seed } : {}),
      ...(flags.rate !== undefined || flags.concurrency !== undefined || sim.load.stages ? { load: sim.load } : {}),
      ...(sim.requests !== undefined ? { requests: sim.requests } : {}),
      ...(sim.durationMs !== undefined ? { durationMs: sim.durationMs } : {}),
      ...(sim.warmupMs !== undefined ? { warmupMs: sim.warmupMs } : {}),
      ...(sim.intervalMs !== undefined ? { intervalMs: sim.intervalMs } : {}),
      ...(sim.scenario ? { scenario: sim.scenario } : {}),
      ...(sim.key !== undefined ? { key: sim.key } : {}),
      ...(sim.outlierDetection !== undefined ? { outlierDetection: sim.outlierDetection } : {}),
      ...poolShapeFlags(flags),
      ...(flags.timeout !== undefined ? { timeoutMs: durationFlag(flags.timeout, '--timeout') } : {}),
      baseDir: dirname(resolve(flags.pool)),
    };
    checkOutputs(flags, [flags.pool, flags.scenario, flags.variants]);
    const what = chosen.variants ? chosen.variants.map((v) => v.name ?? v.strategy).join(', ') : chosen.strategies === 'all' ? 'every strategy' : chosen.strategies.join(', ');
    const sigint = abortOnSigint(`comparing ${what} on ${config.pool.name}`);
    const progress = new ProgressLine(process.stderr);
    let comparison;
    try {
      comparison = await compareStrategies({
        ...config,
        signal: sigint.signal,
        onProgress: (p) => {
          if (p.run) progress.update({ ...p.run });
          else process.stderr.write(progress.enabled ? `\r${p.index + 1}/${p.total} ${p.name}\x1b[K` : '');
        },
      });
    } finally {
      progress.clear();
      sigint.dispose();
    }
    console.log(formatComparison(comparison));
    const written = await writeOutputs(flags, comparison, thresholds);
    for (const line of written.lines) (written.failed ? sayError : say)(line);
    if (sigint.interrupted()) return EXIT.interrupted;
    if (comparison.status === 'failed' || written.failed) return EXIT.thresholdFailed;
    return reportBreaches(comparison.results, thresholds, comparison.rows.map(rowLabel));
  }));
}
