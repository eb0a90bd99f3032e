/**
 * Byte-identity check for changes to the simulator's internals (issue 16): seeded simulations over
 * several strategies, scenarios (a slow server, a failing one, one leaving and joining, a stall,
 * a cold joiner, removal and re-adding), open and closed models, stages, timeouts and bounded
 * queues, each printed as one hash of its full RunResult JSON (schema and tool version left out).
 * Run it on two commits; the lines must match. `--write FILE` also writes them as JSON;
 * `--check FILE` compares with such a file and exits 1 naming every run whose hash changed
 * (bench/simulate-hash.expected.json: recorded before issue 16's changes, which left every run as it was).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { StrategyName } from '../src/engine/types';
import type { PoolConfig, ScenarioStep, VirtualServerConfig } from '../src/pools/types';
import { simulate, type SimulationConfig } from '../src/simulate';

const sim: VirtualServerConfig = { slots: 4, service: { type: 'lognormal', medianMs: 5, p99Ms: 30 }, rttMs: 0.2 };
const pool = (n: number, over: VirtualServerConfig = {}): PoolConfig => ({
  name: 'hash',
  transport: 'http',
  endpoints: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, address: `http://127.0.0.1:${9200 + i}`, weight: 1 + (i % 3) })),
  simulation: { defaults: { ...sim, ...over } },
});

const SCENARIO: ScenarioStep[] = [
  { at: 500, endpoint: 's1', action: 'slow', value: 6 },
  { at: 900, endpoint: 's2', action: 'fail', value: 0.6 },
  { at: 1300, endpoint: 's3', action: 'leave' },
  { at: 1700, endpoint: 's3', action: 'join' },
  { at: 1900, endpoint: 's1', action: 'recover' },
  { at: 2100, endpoint: 's0', action: 'stall', value: 80 },
  { at: 2300, endpoint: 's4', action: 'remove' },
  { at: 2600, endpoint: 's4', action: 'coldJoin', value: 4, forMs: 300 },
];

const STRATEGIES: StrategyName[] = ['round-robin', 'p2c-peak-ewma', 'least-request', 'consistent-hash', 'weighted-round-robin', 'least-load', 'orca-weighted-round-robin'];

const cases: [string, SimulationConfig][] = [];
for (const [i, strategy] of STRATEGIES.entries()) {
  const key = strategy === 'consistent-hash' ? { key: { space: 300, skew: { zipf: 1.05 } } } : {};
  cases.push([`open ${strategy}`, { pool: pool(6), strategy, load: { model: 'open', rate: 1500 }, requests: 5000, scenario: SCENARIO, seed: 10 + i, ...key } as SimulationConfig]);
  cases.push([`closed ${strategy}`, { pool: pool(6, { queue: 6, errorRate: 0.05 }), strategy, load: { model: 'closed', concurrency: 30, thinkTimeMs: 0.5 }, requests: 12000, timeoutMs: 40, scenario: SCENARIO, seed: 20 + i, ...key } as SimulationConfig]);
}
cases.push(['open stages', { pool: pool(5), strategy: 'p2c-peak-ewma', load: { model: 'open', stages: [{ duration: '1s', target: 400 }, { duration: '1s', target: 1600 }, { duration: '1s', target: 200, ramp: false }] }, scenario: SCENARIO, seed: 31, warmupMs: 200 } as unknown as SimulationConfig]);
cases.push(['closed stages', { pool: pool(5), strategy: 'least-request', load: { model: 'closed', stages: [{ duration: '1s', target: 5 }, { duration: '1s', target: 25, ramp: false }, { duration: '1s', target: 3 }] }, scenario: SCENARIO, seed: 32 } as unknown as SimulationConfig]);
cases.push(['open maxInFlight outlier', { pool: pool(6, { errorRate: 0.1 }), strategy: 'round-robin', load: { model: 'open', rate: 3000, maxInFlight: 20 }, durationMs: 3000, timeoutMs: 25, outlierDetection: { consecutiveErrors: 3, baseEjectionTimeMs: 300 }, scenario: SCENARIO, seed: 33 } as SimulationConfig]);
cases.push(['closed zero think rtt0', { pool: pool(4, { rttMs: 0, service: { type: 'exponential', meanMs: 3 } }), strategy: 'round-robin', load: { model: 'closed', concurrency: 12 }, requests: 6000, seed: 34 } as SimulationConfig]);
cases.push(['open constant mix', { pool: pool(4, { service: { type: 'mix', p: 0.8, a: { type: 'constant', ms: 2 }, b: { type: 'exponential', meanMs: 20 } } }), strategy: 'least-request', load: { model: 'open', rate: 900 }, requests: 4000, seed: 35 } as SimulationConfig]);

const out: Record<string, string> = {};
for (const [name, c] of cases) {
  const r = simulate(c) as unknown as Record<string, unknown>;
  delete r.schemaVersion;
  delete r.tool;
  const h = createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 16);
  out[name] = h;
  const totals = r.totals as { requests: number; errors: number };
  const events = (r.events as unknown[]).length;
  process.stdout.write(`${name.padEnd(36)} ${h} requests=${totals.requests} errors=${totals.errors} events=${events} status=${String(r.status)}\n`);
}
const w = process.argv.indexOf('--write');
if (w > 0) writeFileSync(process.argv[w + 1], `${JSON.stringify(out, null, 2)}\n`);
const c = process.argv.indexOf('--check');
if (c > 0) {
  const want = JSON.parse(readFileSync(process.argv[c + 1], 'utf8')) as Record<string, string>;
  const changed = Object.keys({ ...want, ...out }).filter((k) => want[k] !== out[k]);
  for (const k of changed) process.stdout.write(`CHANGED ${k}: ${want[k] ?? '(none)'} -> ${out[k] ?? '(none)'}\n`);
  process.stdout.write(changed.length === 0 ? 'all hashes as recorded\n' : `${changed.length} hashes changed\n`);
  process.exitCode = changed.length === 0 ? 0 : 1;
}
