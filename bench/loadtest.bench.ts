/**
 * The load-test runner against nginx on 127.0.0.1 (test/helpers/nginx.ts), as ratios measured in
 * this one run:
 * - closed model, 32 connections, HTTP GET, 5 s: rpc-balancer (1 and 2 workers) vs autocannon
 *   (run programmatically, same connections and duration); wrk -c32 -t1 -d5s printed beside;
 * - the balancer's cost: 5 endpoints (5 ports of one nginx) under p2c-peak-ewma vs one endpoint
 *   under round-robin;
 * - open model at 2,000/s for 10 s: achieved rate / target, p99 of send lateness;
 * - memory: peak RSS of a 60 s run at 5,000/s vs a 10 s run, each in a child process.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { StrategyName } from '../src/engine/types';
import { runLoadTest } from '../src/loadtest';
import type { RunResult } from '../src/result/types';
import { startNginx } from '../test/helpers/nginx';
import type { Bar, Bench } from './lib';
import { bar, printTable } from './lib';

const run = promisify(execFile);
const SECONDS = 5;

async function ours(urls: string[], strategy: StrategyName, workers: number, seconds = SECONDS): Promise<RunResult> {
  return runLoadTest({
    pool: { name: 'nginx', transport: 'http', endpoints: urls.map((address, i) => ({ id: `n${i}`, address, weight: 1 })), request: { method: 'GET', path: '/' } },
    strategy,
    load: { model: 'closed', concurrency: 32 },
    durationMs: seconds * 1000,
    workers,
    seed: 1,
  });
}

async function autocannonRps(url: string): Promise<number> {
  // autocannon ships no types; it is a dev dependency used only here.
  const autocannon = createRequire(__filename)('autocannon') as (o: Record<string, unknown>) => Promise<{ requests: { total: number }; duration: number; errors: number; non2xx: number }>;
  const r = await autocannon({ url, connections: 32, duration: SECONDS, pipelining: 1 });
  if (r.errors || r.non2xx) throw new Error(`autocannon saw ${r.errors} errors and ${r.non2xx} non-2xx`);
  return r.requests.total / r.duration;
}

async function wrkRps(url: string): Promise<number> {
  const { stdout } = await run('/usr/bin/wrk', ['-c32', '-t1', `-d${SECONDS}s`, url]);
  const m = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  if (!m) throw new Error(`cannot read wrk's output: ${stdout}`);
  return Number(m[1]);
}

async function peakRss(seconds: number, rate: number, url: string): Promise<{ maxRssKb: number; requests: number; errors: number }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(__dirname, 'loadtest-rss-child.ts'), String(seconds), String(rate), url], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { maxRssKb: number; requests: number; errors: number };
}

function rps(r: RunResult): number {
  if (r.totals.errors) throw new Error(`run saw ${r.totals.errors} errors: ${JSON.stringify(r.totals.errorsByKind)}`);
  return r.totals.throughput;
}

export const bench: Bench = {
  name: 'loadtest',
  async run(): Promise<Bar[]> {
    const nginx = await startNginx({ ports: 5, workers: 1 });
    const bars: Bar[] = [];
    try {
      // Warm nginx and the JIT so the first measured tool is not penalised.
      await ours([nginx.url], 'round-robin', 1, 1);

      const ac = await autocannonRps(nginx.url);
      const one = rps(await ours([nginx.url], 'round-robin', 1));
      const two = rps(await ours([nginx.url], 'round-robin', 2));
      const wrk = await wrkRps(nginx.url);
      console.log('Throughput, closed model, 32 connections, HTTP GET against nginx, 5 s each (req/s and ratio to autocannon):');
      printTable(
        ['client', 'req/s', 'x autocannon'],
        [
          ['autocannon', ac, 1],
          ['rpc-balancer, 1 worker', one, one / ac],
          ['rpc-balancer, 2 workers', two, two / ac],
          ['wrk -c32 -t1', wrk, wrk / ac],
        ],
      );
      bars.push(bar('1 worker vs autocannon (req/s)', one / ac, '>=', 0.9));
      bars.push(bar('2 workers vs autocannon (req/s)', two / ac, '>=', 1.2));

      const single = rps(await ours([nginx.url], 'round-robin', 1));
      const five = rps(await ours(nginx.urls, 'p2c-peak-ewma', 1));
      console.log('\nThe balancer\'s cost (1 worker, 32 connections, 5 s each):');
      printTable(
        ['pool', 'req/s', 'ratio'],
        [
          ['1 endpoint, round-robin', single, 1],
          ['5 endpoints, p2c-peak-ewma', five, five / single],
        ],
      );
      bars.push(bar('5 endpoints p2c-peak-ewma vs 1 endpoint round-robin (req/s)', five / single, '>=', 0.95));

      const open = await runLoadTest({
        pool: { name: 'nginx', transport: 'http', endpoints: [{ id: 'n', address: nginx.url, weight: 1 }], request: { method: 'GET', path: '/' } },
        load: { model: 'open', rate: 2000 },
        durationMs: 10_000,
        seed: 1,
      });
      const achieved = open.totals.requests / 10;
      const late = open.totals.late!;
      console.log('\nOpen model, 2,000 req/s for 10 s:');
      printTable(
        ['figure', 'value'],
        [
          ['requests', open.totals.requests],
          ['achieved / target rate', achieved / 2000],
          ['late sends (> 1 ms)', late.count],
          ['send lateness p50 (ms)', late.p50Ms],
          ['send lateness p99 (ms)', late.p99Ms],
          ['send lateness max (ms)', late.maxMs],
          ['latency p99 (ms)', open.totals.latency.p99],
        ],
      );
      bars.push(bar('open model: |achieved / target - 1| (%)', Math.abs(achieved / 2000 - 1) * 100, '<=', 1, '%'));
      bars.push(bar('open model: p99 send lateness (ms)', late.p99Ms, '<=', 1, ' ms'));

      const short = await peakRss(10, 5000, nginx.url);
      const long = await peakRss(60, 5000, nginx.url);
      console.log('\nMemory: open model at 5,000 req/s, each run in its own process:');
      printTable(
        ['run', 'requests', 'errors', 'peak RSS (MB)', 'ratio'],
        [
          ['10 s', short.requests, short.errors, short.maxRssKb / 1024, 1],
          ['60 s', long.requests, long.errors, long.maxRssKb / 1024, long.maxRssKb / short.maxRssKb],
        ],
      );
      bars.push(bar('peak RSS 60 s vs 10 s at 5,000/s', long.maxRssKb / short.maxRssKb, '<=', 1.2));
    } finally {
      await nginx.stop();
    }
    return bars;
  },
};
