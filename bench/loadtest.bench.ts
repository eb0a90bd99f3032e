/**
 * The load-test runner against nginx on 127.0.0.1 (test/helpers/nginx.ts), as ratios measured in
 * this one run:
 * - closed model, 32 connections, HTTP GET, 5 s: rpc-balancer (1 and 2 workers) vs autocannon
 *   (run programmatically, same connections and duration), median of 3 rounds in rotating order
 *   (the machine is shared); wrk -c32 -t1 -d5s printed beside; requests per client CPU-second
 *   printed too, the client's own efficiency whatever else the machine runs;
 * - the balancer's cost: 5 endpoints (5 ports of one nginx) under p2c-peak-ewma vs one endpoint
 *   under round-robin;
 * - open model at 2,000/s for 10 s: achieved rate / target, p99 of send lateness;
 * - memory: peak RSS of a 60 s run at 5,000/s vs a 10 s run, each in a child process.
 */
import { execFile } from 'node:child_process';
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { StrategyName } from '../src/engine/types';
import type { runLoadTest } from '../src/loadtest';
import type { RunResult } from '../src/result/types';
import { startNginx } from '../test/helpers/nginx';
import type { Bar, Bench } from './lib';
import { bar, printTable } from './lib';

const run = promisify(execFile);
const SECONDS = 5;

/**
 * The runner as shipped: bundled with esbuild (as scripts/build.mjs does for dist/), its worker
 * entry next to it. Under tsx every worker thread would first transpile the sources, which costs
 * seconds of CPU and is not what users run.
 */
let bundled: typeof runLoadTest | undefined;
async function bundledRunner(): Promise<typeof runLoadTest> {
  if (bundled) return bundled;
  const dir = join(__dirname, '..', 'test-output', 'bench-loadtest');
  mkdirSync(dir, { recursive: true });
  const node = { platform: 'node' as const, target: 'node20', format: 'cjs' as const, bundle: true, logLevel: 'warning' as const, packages: 'external' as const };
  await build({ ...node, entryPoints: [join(__dirname, '..', 'src', 'loadtest', 'index.ts')], outfile: join(dir, 'index.js') });
  await build({ ...node, entryPoints: [join(__dirname, '..', 'src', 'loadtest', 'worker.ts')], outfile: join(dir, 'loadtest-worker.js') });
  bundled = (createRequire(__filename)(join(dir, 'index.js')) as { runLoadTest: typeof runLoadTest }).runLoadTest;
  return bundled;
}

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

interface Measured {
  rps: number;
  /** Requests per CPU-second this process (all its threads) spent: the client's own efficiency. */
  perCpuSecond: number;
}

const ROUNDS = 3;

/** Runs `fn` (which returns requests and seconds) and measures this process's CPU time meanwhile. */
async function measure(fn: () => Promise<{ requests: number; seconds: number }>): Promise<Measured> {
  const cpu0 = process.cpuUsage();
  const { requests, seconds } = await fn();
  const cpu = process.cpuUsage(cpu0);
  return { rps: requests / seconds, perCpuSecond: requests / ((cpu.user + cpu.system) / 1e6) };
}

/** Each client ROUNDS times in rotating order; the median round of each (by req/s). */
async function rounds<K extends string>(clients: Record<K, () => Promise<Measured>>): Promise<Record<K, Measured>> {
  const names = Object.keys(clients) as K[];
  const all = Object.fromEntries(names.map((n) => [n, [] as Measured[]])) as Record<K, Measured[]>;
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      all[name].push(await clients[name]());
    }
  }
  const out = {} as Record<K, Measured>;
  for (const n of names) out[n] = all[n].sort((a, b) => a.rps - b.rps)[Math.floor(ROUNDS / 2)];
  return out;
}

function requestsOf(r: RunResult): { requests: number; seconds: number } {
  if (r.totals.errors) throw new Error(`run saw ${r.totals.errors} errors: ${JSON.stringify(r.totals.errorsByKind)}`);
  return { requests: r.totals.requests, seconds: r.durationMs / 1000 };
}

async function autocannonRequests(url: string): Promise<{ requests: number; seconds: number }> {
  // autocannon ships no types; it is a dev dependency used only here.
  const autocannon = createRequire(__filename)('autocannon') as (o: Record<string, unknown>) => Promise<{ requests: { total: number }; duration: number; errors: number; non2xx: number }>;
  const r = await autocannon({ url, connections: 32, duration: SECONDS, pipelining: 1 });
  if (r.errors || r.non2xx) throw new Error(`autocannon saw ${r.errors} errors and ${r.non2xx} non-2xx`);
  return { requests: r.requests.total, seconds: r.duration };
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
        autocannon: () => measure(async () => autocannonRequests(nginx.url)),
        'rpc-balancer, 1 worker': () => measure(async () => requestsOf(await ours([nginx.url], 'round-robin', 1))),
        'rpc-balancer, 2 workers': () => measure(async () => requestsOf(await ours([nginx.url], 'round-robin', 2))),
      };
      const t = await rounds(clients);
      const wrk = await wrkRps(nginx.url);
      const ac = t.autocannon;
      const one = t['rpc-balancer, 1 worker'];
      const two = t['rpc-balancer, 2 workers'];
      console.log(`Throughput, closed model, 32 connections, HTTP GET against nginx, ${SECONDS} s each, median of ${ROUNDS} rounds:`);
      printTable(
        ['client', 'req/s', 'x autocannon', 'req per client CPU-s', 'x autocannon'],
        [
          ['autocannon', ac.rps, 1, ac.perCpuSecond, 1],
          ['rpc-balancer, 1 worker', one.rps, one.rps / ac.rps, one.perCpuSecond, one.perCpuSecond / ac.perCpuSecond],
          ['rpc-balancer, 2 workers', two.rps, two.rps / ac.rps, two.perCpuSecond, two.perCpuSecond / ac.perCpuSecond],
          ['wrk -c32 -t1 (once)', wrk, wrk / ac.rps, '', ''],
        ],
      );
      bars.push(bar('1 worker vs autocannon (req/s)', one.rps / ac.rps, '>=', 0.9));
      bars.push(bar('2 workers vs autocannon (req/s)', two.rps / ac.rps, '>=', 1.2));

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
