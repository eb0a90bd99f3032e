/**
 * The load-test runner against nginx on 127.0.0.1 (test/helpers/nginx.ts), as ratios measured in
 * this one run (issue 16's figures, each with its goal):
 * - closed model, 32 connections, HTTP GET, 5 s: rpc-balancer (1 and 2 workers) vs autocannon
 *   (run programmatically, same connections and duration) and wrk -c32 -t1 (a child: its CPU from
 *   /proc, loadtest-measure.ts), median of 3 rounds in rotating order (the machine is shared);
 *   requests per client CPU-second, the client's own efficiency whatever else the machine runs,
 *   and req/s;
 * - the balancer's cost: 5 endpoints (5 ports of one nginx) under p2c-peak-ewma vs one endpoint
 *   under round-robin;
 * - open model at 2,000/s for 10 s: achieved rate / target, p99 of send lateness;
 * - memory: peak RSS of a 60 s run at 5,000/s vs a 10 s run, each in a child process.
 * JSON-RPC and gRPC are loadtest-rpc.bench.ts.
 */
import { execFile } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { StrategyName } from '../src/engine/types';
import type { RunResult } from '../src/result/types';
import { startNginx } from '../test/helpers/nginx';
import type { Bar, Bench } from './lib';
import { bar, printTable } from './lib';
import { autocannonRequests, bundledRunner, measure, reapedChildrenCpuSeconds, requestsOf, ROUNDS, rounds, type Counted, type Measured } from './loadtest-measure';

const run = promisify(execFile);
const SECONDS = 5;

async function ours(urls: string[], strategy: StrategyName, workers: number, seconds = SECONDS): Promise<RunResult> {
  const run = await bundledRunner();
  return run({
    pool: { name: 'nginx', transport: 'http', endpoints: urls.map((address, i) => ({ id: `n${i}`, address, weight: 1 })), request: { method: 'GET', path: '/' } },
    strategy,
    load: { model: 'closed', concurrency: 32 },
    durationMs: seconds * 1000,
    workers,
    seed: 1,
  });
}

/** wrk -c32 -t1 as a child process; its CPU is what the kernel adds to ours when it is reaped. */
async function wrkRequests(url: string): Promise<Counted> {
  const cpu0 = reapedChildrenCpuSeconds();
  const { stdout } = await run('/usr/bin/wrk', ['-c32', '-t1', `-d${SECONDS}s`, url]);
  const cpuSeconds = reapedChildrenCpuSeconds() - cpu0;
  const m = /(\d+) requests in ([\d.]+)(m?s)/.exec(stdout);
  if (!m) throw new Error(`cannot read wrk's output: ${stdout}`);
  if (/Non-2xx|Socket errors/.test(stdout)) throw new Error(`wrk saw errors: ${stdout}`);
  return { requests: Number(m[1]), seconds: Number(m[2]) / (m[3] === 'ms' ? 1000 : 1), cpuSeconds };
}

async function peakRss(seconds: number, rate: number, url: string): Promise<{ maxRssKb: number; requests: number; errors: number }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(__dirname, 'loadtest-rss-child.ts'), String(seconds), String(rate), url], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { maxRssKb: number; requests: number; errors: number };
}


export const bench: Bench = {
  name: 'loadtest',
  async run(): Promise<Bar[]> {
    // Two nginx workers: on a small machine one nginx process is the bottleneck before the clients are.
    const nginx = await startNginx({ ports: 5, workers: 2 });
    const bars: Bar[] = [];
    try {
      // Warm nginx and the JIT so the first measured tool is not penalised.
      await ours([nginx.url], 'round-robin', 1, 1);

      // The machine is shared: each client runs ROUNDS times, in rotating order, and the median counts.
      console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores\n`);
      const clients: Record<string, () => Promise<Measured>> = {
        autocannon: () => measure(async () => autocannonRequests({ url: nginx.url, connections: 32, seconds: SECONDS })),
        wrk: () => measure(async () => wrkRequests(nginx.url)),
        'rpc-balancer, 1 worker': () => measure(async () => requestsOf(await ours([nginx.url], 'round-robin', 1))),
        'rpc-balancer, 2 workers': () => measure(async () => requestsOf(await ours([nginx.url], 'round-robin', 2))),
      };
      const t = await rounds(clients);
      const ac = t.autocannon;
      const wrk = t.wrk;
      const one = t['rpc-balancer, 1 worker'];
      const two = t['rpc-balancer, 2 workers'];
      console.log(`Closed model, 32 connections, HTTP GET against nginx, ${SECONDS} s each, median of ${ROUNDS} rounds (wrk's CPU from /proc):`);
      printTable(
        ['client', 'req/s', 'x autocannon', 'req per client CPU-s', 'x autocannon', 'x wrk', 'x 1 worker'],
        [
          ['autocannon', ac.rps, 1, ac.perCpuSecond, 1, ac.perCpuSecond / wrk.perCpuSecond, ''],
          ['wrk -c32 -t1', wrk.rps, wrk.rps / ac.rps, wrk.perCpuSecond, wrk.perCpuSecond / ac.perCpuSecond, 1, ''],
          ['rpc-balancer, 1 worker', one.rps, one.rps / ac.rps, one.perCpuSecond, one.perCpuSecond / ac.perCpuSecond, one.perCpuSecond / wrk.perCpuSecond, 1],
          ['rpc-balancer, 2 workers', two.rps, two.rps / ac.rps, two.perCpuSecond, two.perCpuSecond / ac.perCpuSecond, two.perCpuSecond / wrk.perCpuSecond, two.perCpuSecond / one.perCpuSecond],
        ],
      );
      // Issue 16's goals.
      bars.push(bar('HTTP 1 worker vs autocannon (req per client CPU-s)', one.perCpuSecond / ac.perCpuSecond, '>=', 1.05));
      bars.push(bar('HTTP 2 workers vs 1 worker (req per client CPU-s)', two.perCpuSecond / one.perCpuSecond, '>=', 0.95));
      bars.push(bar('HTTP 1 worker vs wrk (req per client CPU-s)', one.perCpuSecond / wrk.perCpuSecond, '>=', 0.8));
      bars.push(bar('HTTP 1 worker vs autocannon (req/s)', one.rps / ac.rps, '>=', 1.0));

      const c = await rounds({
        single: () => measure(async () => requestsOf(await ours([nginx.url], 'round-robin', 1))),
        five: () => measure(async () => requestsOf(await ours(nginx.urls, 'p2c-peak-ewma', 1))),
      });
      console.log(`\nThe balancer's cost (1 worker, 32 connections, ${SECONDS} s each, median of ${ROUNDS} rounds):`);
      printTable(
        ['pool', 'req/s', 'ratio', 'req per client CPU-s', 'ratio'],
        [
          ['1 endpoint, round-robin', c.single.rps, 1, c.single.perCpuSecond, 1],
          ['5 endpoints, p2c-peak-ewma', c.five.rps, c.five.rps / c.single.rps, c.five.perCpuSecond, c.five.perCpuSecond / c.single.perCpuSecond],
        ],
      );
      bars.push(bar('5 endpoints p2c-peak-ewma vs 1 endpoint round-robin (req/s)', c.five.rps / c.single.rps, '>=', 0.95));

      const open = await (await bundledRunner())({
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
