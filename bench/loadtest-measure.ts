/**
 * What the load-test benches share: the runner as shipped (bundled), the CPU each client spent
 * (this process's, or its reaped children's from /proc), and rounds in rotating order with the
 * median counted (the machine is shared: a round that meets a busy neighbour is the outlier).
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { runLoadTest } from '../src/loadtest';
import type { RunResult } from '../src/result/types';

export const BENCH_DIR = join(__dirname, '..', 'test-output', 'bench-loadtest');
const NODE = { platform: 'node' as const, target: 'node20', format: 'cjs' as const, bundle: true, logLevel: 'warning' as const, packages: 'external' as const };

/** Bundles `entry` (a .ts file) to BENCH_DIR/`out`, as scripts/build.mjs does for dist/. */
export async function bundle(entry: string, out: string): Promise<string> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const outfile = join(BENCH_DIR, out);
  await build({ ...NODE, entryPoints: [entry], outfile });
  return outfile;
}

/**
 * The runner as shipped: bundled with esbuild, its worker entry next to it. Under tsx every
 * worker thread would first transpile the sources, which costs seconds of CPU and is not what
 * users run.
 */
let bundled: typeof runLoadTest | undefined;
export async function bundledRunner(): Promise<typeof runLoadTest> {
  if (bundled) return bundled;
  const src = join(__dirname, '..', 'src', 'loadtest');
  const index = await bundle(join(src, 'index.ts'), 'index.js');
  await bundle(join(src, 'worker.ts'), 'loadtest-worker.js');
  bundled = (createRequire(__filename)(index) as { runLoadTest: typeof runLoadTest }).runLoadTest;
  return bundled;
}

export interface Counted {
  requests: number;
  seconds: number;
  /** CPU-seconds the client spent, when it is not this process (a child's, from /proc). */
  cpuSeconds?: number;
}

export interface Measured {
  rps: number;
  /** Requests per CPU-second the client (all its threads) spent: its own efficiency. */
  perCpuSecond: number;
}

/**
 * Runs `fn` and takes this process's CPU time (every thread: worker threads count) meanwhile,
 * unless `fn` says what its client spent (a child process).
 */
export async function measure(fn: () => Promise<Counted>): Promise<Measured> {
  const cpu0 = process.cpuUsage();
  const { requests, seconds, cpuSeconds } = await fn();
  const cpu = process.cpuUsage(cpu0);
  const spent = cpuSeconds ?? (cpu.user + cpu.system) / 1e6;
  return { rps: requests / seconds, perCpuSecond: requests / spent };
}

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/**
 * CPU-seconds of this process's children that have been waited for (`cutime` + `cstime`, fields
 * 16 and 17 of /proc/self/stat, in clock ticks). The kernel adds a child's times here when it is
 * reaped, which is what execFile's promise waits for; reading /proc/<pid>/stat instead would need
 * the child's last moment before it exits, which Node gives no hook for.
 */
export function reapedChildrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Field 2 (the command) may hold spaces and parentheses: count from after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / CLK_TCK;
}

export const ROUNDS = 3;

/** Each client ROUNDS times in rotating order; the median round of each (by requests per CPU-second). */
export async function rounds<K extends string>(clients: Record<K, () => Promise<Measured>>, count = ROUNDS): Promise<Record<K, Measured>> {
  const names = Object.keys(clients) as K[];
  const all = Object.fromEntries(names.map((n) => [n, [] as Measured[]])) as Record<K, Measured[]>;
  for (let r = 0; r < count; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      all[name].push(await clients[name]());
    }
  }
  const out = {} as Record<K, Measured>;
  for (const n of names) {
    const sorted = [...all[n]].sort((a, b) => a.perCpuSecond - b.perCpuSecond);
    const byRps = [...all[n]].sort((a, b) => a.rps - b.rps);
    // Medians taken separately: the figures are compared one by one.
    out[n] = { perCpuSecond: sorted[Math.floor(count / 2)].perCpuSecond, rps: byRps[Math.floor(count / 2)].rps };
  }
  return out;
}

export function requestsOf(r: RunResult): Counted {
  if (r.totals.errors) throw new Error(`run saw ${r.totals.errors} errors: ${JSON.stringify(r.totals.errorsByKind)}`);
  return { requests: r.totals.requests, seconds: r.durationMs / 1000 };
}

interface AutocannonResult {
  requests: { total: number };
  duration: number;
  errors: number;
  non2xx: number;
}

/** autocannon run in this process (programmatically), `connections` in flight for `seconds`. */
export async function autocannonRequests(options: { url: string; connections: number; seconds: number; method?: string; body?: string; headers?: Record<string, string> }): Promise<Counted> {
  // autocannon ships no types; it is a dev dependency used only by the benches.
  const autocannon = createRequire(__filename)('autocannon') as (o: Record<string, unknown>) => Promise<AutocannonResult>;
  const { url, connections, seconds, ...rest } = options;
  const r = await autocannon({ url, connections, duration: seconds, pipelining: 1, ...rest });
  if (r.errors || r.non2xx) throw new Error(`autocannon saw ${r.errors} errors and ${r.non2xx} non-2xx`);
  return { requests: r.requests.total, seconds: r.duration };
}
