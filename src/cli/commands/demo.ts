/**
 * `rpc-balancer demo` (`npm run demo`): the main job on the embedded demo pool, live. Starts the
 * five demo servers, runs the same open-model load with the demo scenario (s2 slows tenfold, s3
 * fails half its requests) through several strategies in turn, prints one table side by side,
 * and writes every RunResult plus an HTML report. Under a minute.
 */
import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StrategyName } from '../../engine/types';
import { runLoadTest } from '../../loadtest';
import { demoScenario } from '../../pools/demo-pool';
import { formatDuration } from '../../pools/duration';
import { formatMs, formatPercent, formatTable } from '../../result/summary';
import type { RunResult } from '../../result/types';
import { startDemo } from '../demo-servers';
import { ProgressLine } from '../progress-line';
import { abortOnSigint, action, durationFlag, numberFlag, writeHtml, writeJson } from '../shared';
import { EXIT } from '../exit-codes';
import { comparisonOf } from './compare';

const DEMO_STRATEGIES: StrategyName[] = ['round-robin', 'weighted-round-robin', 'least-connections', 'p2c-peak-ewma', 'consistent-hash'];

interface Flags {
  out: string;
  rate: string;
  duration: string;
  strategies?: string;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('start the demo pool and compare strategies on it, live, with a server that slows down and one that fails')
    .option('--out <dir>', 'where the RunResults and the HTML report go', 'rpc-balancer-demo')
    .option('--rate <n>', 'requests per second (open model)', '600')
    .option('--duration <d>', 'per strategy', '7s')
    .option('--strategies <list>', `comma-separated (default ${DEMO_STRATEGIES.join(',')})`)
    .action(action(async (flags: Flags) => demo(flags)));
}

async function demo(flags: Flags): Promise<number> {
  const rate = numberFlag(flags.rate, '--rate', { min: 1 })!;
  const durationMs = durationFlag(flags.duration, '--duration')!;
  const strategies = (flags.strategies?.split(',').map((s) => s.trim()) ?? DEMO_STRATEGIES) as StrategyName[];
  const scenario = demoScenario();
  const slow = scenario.find((s) => s.action === 'slow')!;
  const failing = scenario.find((s) => s.action === 'fail')!;
  const { servers, pool } = await startDemo('http');
  const sigint = abortOnSigint();
  const results: RunResult[] = [];
  try {
    console.log(`Demo pool: ${servers.endpoints.map((e) => `${e.id} (weight ${e.weight}, median ${e.medianMs}ms)`).join(', ')}`);
    console.log(`Scenario: ${slow.endpoint} slows ${slow.value}x at ${formatDuration(slow.at)}, ${failing.endpoint} fails ${formatPercent(failing.value ?? 0, 0)} of requests from ${formatDuration(failing.at)}.`);
    console.log(`Load: ${rate} requests/s (open model) for ${formatDuration(durationMs)} per strategy.\n`);
    for (const strategy of strategies) {
      if (sigint.signal.aborted) break;
      for (const e of servers.endpoints) servers.recover(e.id);
      const progress = new ProgressLine(process.stderr, `${strategy.padEnd(22)} `);
      const result = await runLoadTest(
        { pool, strategy, load: { model: 'open', rate }, durationMs, scenario, seed: 1, intervalMs: 250 },
        { signal: sigint.signal, onProgress: (p) => progress.update(p) },
      );
      progress.clear();
      results.push(result);
      console.log(`${strategy.padEnd(22)} done: ${result.totals.requests} requests, p99 ${formatMs(result.totals.latency.p99)}`);
    }
  } finally {
    sigint.dispose();
    await servers.close();
  }
  if (results.length === 0) return EXIT.interrupted;

  const rows = results.map((r) => {
    const afterSlow = shareAfter(r, slow.endpoint, slow.at);
    const afterFail = shareAfter(r, failing.endpoint, failing.at);
    const t = r.totals;
    return [
      r.config.strategy,
      formatPercent(afterSlow),
      formatPercent(afterFail),
      formatMs(t.latency.p50),
      formatMs(t.latency.p99),
      formatPercent(t.requests ? t.errors / t.requests : 0, 2),
      String(Math.round(t.throughput)),
    ];
  });
  const fair = (id: string) => formatPercent(results[0].endpoints.find((e) => e.id === id)?.fairShare ?? 0, 0);
  console.log('');
  console.log(formatTable(
    ['strategy', `${slow.endpoint} share once slowed (fair ${fair(slow.endpoint)})`, `${failing.endpoint} share once failing (fair ${fair(failing.endpoint)})`, 'p50', 'p99', 'errors', 'req/s'],
    rows,
  ));
  console.log('\nLatency is measured from the time each request was due (open model), so queueing behind a slow server counts.');

  const out = resolve(flags.out);
  mkdirSync(out, { recursive: true });
  for (const r of results) await writeJson(join(out, `${r.config.strategy}.json`), r);
  const comparison = comparisonOf(results, 'live', scenario);
  await writeJson(join(out, 'comparison.json'), comparison);
  await writeHtml(join(out, 'report.html'), comparison);
  console.log(`\nWrote ${results.length} RunResults, comparison.json and report.html to ${flags.out}/ (open report.html in a browser).`);
  return sigint.interrupted() ? EXIT.interrupted : EXIT.ok;
}

/** The endpoint's share of the requests that finished in timeline intervals starting at or after `fromMs`. */
function shareAfter(result: RunResult, endpoint: string, fromMs: number): number {
  let mine = 0;
  let all = 0;
  for (const point of result.timeline) {
    if (point.t < fromMs) continue;
    all += point.total.requests;
    mine += point.endpoints[endpoint]?.requests ?? 0;
  }
  return all ? mine / all : 0;
}
