/**
 * `rpc-balancer demo` (`npm run demo`): the main job on the embedded demo pool, live. Starts the
 * five demo servers, runs the same open-model load with the demo scenario (s2 slows tenfold, s3
 * fails half its requests) through several strategies in turn, and one variant that adds outlier
 * detection and retries on another server to p2c, so the table shows what each buys (caller
 * errors against attempts); prints one table side by side, and writes every RunResult plus an HTML
 * report. Under a minute.
 */
import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { STRATEGY_NAMES, type StrategyName } from '../../engine/types';
import { compareStrategies, type VariantInput } from '../../compare';
import { demoScenario } from '../../pools/demo-pool';
import { formatDuration } from '../../pools/duration';
import { formatAmplification, formatMs, formatPercent } from '../../result/format';
import { BEST_RULE, rowLabel } from '../../result/comparison';
import { formatTable } from '../../result/summary';
import type { Comparison, RunResult } from '../../result/types';
import { startDemo } from '../demo-servers';
import { ProgressLine } from '../progress-line';
import { abortOnSigint, action, durationFlag, numberFlag, writeHtml, writeJson } from '../shared';
import { EXIT } from '../exit-codes';
import { strategiesFlag } from './compare';
import { registerDemoCapacity } from './demo-capacity';

/** The demo's bounds: five servers on one machine, and a run that ends while someone watches. */
export const DEMO_MAX_RATE = 100_000;
export const DEMO_MAX_DURATION_MS = 3_600_000;

const DEMO_STRATEGIES: StrategyName[] = ['round-robin', 'weighted-round-robin', 'least-connections', 'p2c-peak-ewma', 'consistent-hash'];

/**
 * Beside the plain strategies: p2c, which the failing s3 attracts (fast failures look like fast
 * answers), with what a client adds against it — ejection after 3 errors in a row, and one retry
 * of a 500 on another server. The retry runs wherever runs apply client policies.
 */
export const DEMO_GUARDED: VariantInput = Object.freeze({
  name: 'p2c + eject + retry',
  strategy: 'p2c-peak-ewma',
  outlierDetection: Object.freeze({ consecutiveErrors: 3, baseEjectionTimeMs: 30_000 }),
  policy: Object.freeze({ retry: Object.freeze({ maxAttempts: 2, retryOn: Object.freeze(['http_500']), otherEndpoint: true, initialBackoff: '5ms' }) }),
}) as VariantInput;

interface Flags {
  out: string;
  rate: string;
  duration: string;
  strategies?: string;
}

export function registerDemo(program: Command): void {
  const demo = program
    .command('demo')
    .description('start the demo pool and compare strategies on it, live, with a server that slows down and one that fails')
    .option('--out <dir>', 'where the RunResults and the HTML report go', 'rpc-balancer-demo')
    .option('--rate <n>', `requests per second (open model), 1 to ${DEMO_MAX_RATE}`, '600')
    .option('--duration <d>', 'per strategy, 100ms to 1h', '6s')
    .option('--strategies <list>', `comma-separated (default ${DEMO_STRATEGIES.join(',')}, and "${DEMO_GUARDED.name}")`)
    .action(action(async (flags: Flags) => runDemo(flags)));
  registerDemoCapacity(demo);
}

async function runDemo(flags: Flags): Promise<number> {
  const rate = numberFlag(flags.rate, '--rate', { min: 1, max: DEMO_MAX_RATE })!;
  const durationMs = durationFlag(flags.duration, '--duration', { min: 100, max: DEMO_MAX_DURATION_MS })!;
  const variants: VariantInput[] = flags.strategies
    ? toVariants(strategiesFlag(flags.strategies))
    : [...DEMO_STRATEGIES.map((strategy) => ({ strategy })), DEMO_GUARDED];
  const full = demoScenario();
  // A fault after the end of the run would never happen: it is left out, and said so.
  const scenario = full.filter((s) => s.at < durationMs);
  const slow = full.find((s) => s.action === 'slow')!;
  const failing = full.find((s) => s.action === 'fail')!;
  const played = (step: typeof slow): boolean => scenario.includes(step);
  const { servers, pool } = await startDemo('http');
  const sigint = abortOnSigint();
  let comparison: Comparison;
  try {
    console.log(`Demo pool: ${servers.endpoints.map((e) => `${e.id} (weight ${e.weight}, median ${e.medianMs}ms)`).join(', ')}`);
    console.log(`Scenario: ${slow.endpoint} slows ${slow.value}x at ${formatDuration(slow.at)}, ${failing.endpoint} fails ${formatPercent(failing.value ?? 0, 0)} of its requests from ${formatDuration(failing.at)}.`);
    for (const step of full.filter((s) => !played(s))) {
      console.log(`(${step.endpoint}'s ${step.action} at ${formatDuration(step.at)} is after the ${formatDuration(durationMs)} run: not played; use --duration ${formatDuration(step.at + 2000)} or more to see it.)`);
    }
    console.log(`Load: ${rate} requests/s (open model) for ${formatDuration(durationMs)} per variant, one after another.\n`);
    let shown = -1;
    const progress = new ProgressLine(process.stderr);
    comparison = await compareStrategies({
      pool, variants, mode: 'live', scenario, seed: 1, durationMs, intervalMs: 250,
      load: { model: 'open', rate },
      signal: sigint.signal,
      onProgress: (p) => {
        if (p.index !== shown) {
          progress.clear();
          if (!progress.enabled) console.log(`running ${p.name} (${p.index + 1}/${p.total})`);
          shown = p.index;
        }
        progress.label = `${p.name} (${p.index + 1}/${p.total}) `;
        if (p.run) progress.update(p.run);
      },
    });
    progress.clear();
  } finally {
    sigint.dispose();
    await servers.close();
  }
  if (comparison.results.length === 0) return EXIT.interrupted;

  const fair = (id: string) => formatPercent(comparison.results[0].endpoints.find((e) => e.id === id)?.fairShare ?? 0, 0);
  // compareStrategies keeps rows and results in the same order.
  const rows = comparison.rows.map((row, i) => {
    const r = comparison.results[i];
    return [
      rowLabel(row) + (row.best ? ' (best)' : row.failsMore ? ' (fails more)' : ''),
      played(slow) ? formatPercent(shareAfter(r, slow.endpoint, slow.at)) : 'not played',
      played(failing) ? formatPercent(shareAfter(r, failing.endpoint, failing.at)) : 'not played',
      formatMs(row.p50),
      formatMs(row.p99),
      formatPercent(row.errorRate, 2),
      formatPercent(row.attemptErrorRate ?? row.errorRate, 2),
      formatAmplification(row.amplification ?? 1),
      row.reactionMs === undefined ? '' : row.reactionMs === null ? 'never' : formatMs(row.reactionMs),
    ];
  });
  console.log(formatTable(
    ['variant', `${slow.endpoint} share once slowed (fair ${fair(slow.endpoint)})`, `${failing.endpoint} share once failing (fair ${fair(failing.endpoint)})`, 'p50', 'p99', 'caller errors', 'attempt errors', 'amplification', 'moved off ' + slow.endpoint + ' after'],
    rows,
  ));
  console.log('\nLatency is measured from the time each request was due (open model), so waiting behind a slow server counts.');
  console.log('"moved off after": time from the slowdown until the strategy sent the slowed server under half its earlier share.');
  console.log('caller errors: requests that finally failed; attempt errors: what the servers answered; amplification: attempts per request.');
  console.log(`${BEST_RULE}.`);
  const notes = new Set(comparison.results.flatMap((r) => r.config.notes ?? []).filter((n) => n.startsWith('policy:')));
  for (const note of notes) console.log(`note: ${note}`);

  const out = resolve(flags.out);
  mkdirSync(out, { recursive: true });
  for (const [i, r] of comparison.results.entries()) await writeJson(join(out, `${fileName(comparison.rows[i].name ?? r.config.strategy)}.json`), r);
  await writeJson(join(out, 'comparison.json'), comparison);
  await writeHtml(join(out, 'report.html'), comparison);
  console.log(`\nWrote ${comparison.results.length} RunResults, comparison.json and report.html (open it in a browser) to ${flags.out}/.`);
  return sigint.interrupted() ? EXIT.interrupted : EXIT.ok;
}

function toVariants(strategies: StrategyName[] | 'all'): VariantInput[] {
  return (strategies === 'all' ? STRATEGY_NAMES : strategies).map((strategy) => ({ strategy }));
}

/** A variant's name as a file name: `p2c + eject + retry` → `p2c-eject-retry`. */
function fileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'variant';
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
