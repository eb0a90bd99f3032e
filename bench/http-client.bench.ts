/**
 * The lean HTTP client against undici inside the runner (issue 16): 1 worker, closed model, 32
 * connections, GET against nginx (test/helpers/nginx.ts), 3 s a run, with autocannon as the
 * outside reference, ROUNDS rounds in rotating order; per client the median round of requests per
 * client CPU-second (this process's user + system time: the client's own cost), and req/s.
 * The machine is shared, so only ratios measured in this run are figures.
 */
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { runLoadTest } from '../src/loadtest';
import { startNginx } from '../test/helpers/nginx';
import { bar, printTable, type Bar, type Bench } from './lib';

const SECONDS = 3;
const ROUNDS = 5;

interface Measured {
  rps: number;
  perCpuSecond: number;
}

async function measure(fn: () => Promise<{ requests: number; seconds: number }>): Promise<Measured> {
  const cpu0 = process.cpuUsage();
  const { requests, seconds } = await fn();
  const cpu = process.cpuUsage(cpu0);
  return { rps: requests / seconds, perCpuSecond: requests / ((cpu.user + cpu.system) / 1e6) };
}

async function ours(url: string, client: 'lean' | 'undici'): Promise<{ requests: number; seconds: number }> {
  process.env.RPC_BALANCER_HTTP_CLIENT = client;
  try {
    const r = await runLoadTest({
      pool: { name: 'nginx', transport: 'http', endpoints: [{ id: 'n', address: url, weight: 1 }], request: { method: 'GET', path: '/' } },
      strategy: 'round-robin',
      load: { model: 'closed', concurrency: 32 },
      durationMs: SECONDS * 1000,
      seed: 1,
    });
    if (r.totals.errors) throw new Error(`${client}: ${r.totals.errors} errors ${JSON.stringify(r.totals.errorsByKind)}`);
    return { requests: r.totals.requests, seconds: r.durationMs / 1000 };
  } finally {
    delete process.env.RPC_BALANCER_HTTP_CLIENT;
  }
}

async function autocannon(url: string): Promise<{ requests: number; seconds: number }> {
  const run = createRequire(__filename)('autocannon') as (o: Record<string, unknown>) => Promise<{ requests: { total: number }; duration: number }>;
  const r = await run({ url, connections: 32, duration: SECONDS, pipelining: 1 });
  return { requests: r.requests.total, seconds: r.duration };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const bench: Bench = {
  name: 'http-client',
  async run(): Promise<Bar[]> {
    const nginx = await startNginx({ workers: 2 });
    try {
      await ours(nginx.url, 'lean');
      await ours(nginx.url, 'undici');
      console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
      const clients = {
        lean: () => measure(() => ours(nginx.url, 'lean')),
        undici: () => measure(() => ours(nginx.url, 'undici')),
        autocannon: () => measure(() => autocannon(nginx.url)),
      };
      const names = Object.keys(clients) as (keyof typeof clients)[];
      const all = Object.fromEntries(names.map((n) => [n, [] as Measured[]])) as Record<keyof typeof clients, Measured[]>;
      for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < names.length; i++) all[names[(i + r) % names.length]].push(await clients[names[(i + r) % names.length]]());
      const m = Object.fromEntries(names.map((n) => [n, { rps: median(all[n].map((x) => x.rps)), perCpuSecond: median(all[n].map((x) => x.perCpuSecond)) }])) as Record<keyof typeof clients, Measured>;
      console.log(`load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
      console.log(`1 worker, closed model, 32 connections, GET nginx, ${SECONDS} s a run, median of ${ROUNDS} rounds:`);
      printTable(
        ['client', 'req/s', 'x autocannon', 'req per client CPU-s', 'x autocannon', 'x undici'],
        names.map((n) => [n, m[n].rps, m[n].rps / m.autocannon.rps, m[n].perCpuSecond, m[n].perCpuSecond / m.autocannon.perCpuSecond, m[n].perCpuSecond / m.undici.perCpuSecond]),
      );
      return [bar('lean vs undici (req per client CPU-s)', m.lean.perCpuSecond / m.undici.perCpuSecond, '>=', 1)];
    } finally {
      await nginx.stop();
    }
  },
};
