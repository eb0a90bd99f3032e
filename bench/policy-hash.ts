/**
 * Byte-identity check for changes to the policy layer's internals: eight seeded simulations (no
 * policy, retries, hedging with a deadline, a budget, throttling with a breaker) printed as one
 * hash each. Run it on two commits; the lines must match. Wall-clock fields are left out.
 */
import { createHash } from 'node:crypto';
import type { PoolConfig, VirtualServerConfig } from '../src/pools/types';
import { simulate, type SimulationConfig } from '../src/simulate';

const sim: VirtualServerConfig = { slots: 4, errorRate: 0.2, service: { type: 'lognormal', medianMs: 5, p99Ms: 40 }, rttMs: 0.2 };
const pool: PoolConfig = {
  name: 'hash', transport: 'http',
  endpoints: Array.from({ length: 6 }, (_, i) => ({ id: `s${i}`, address: `http://127.0.0.1:${9100 + i}`, weight: 1 + (i % 3), sim })),
};
const base = { pool, load: { model: 'open', rate: 800 }, requests: 4000 } as const;
const retry = { maxAttempts: 3, retryOn: ['http_500', 'timeout'], otherEndpoint: true, perTryTimeout: '30ms' };
const cases: [string, SimulationConfig][] = [
  ['none rr', { ...base, strategy: 'round-robin', seed: 1 }],
  ['none p2c', { ...base, strategy: 'p2c-peak-ewma', seed: 2 }],
  ['retry rr', { ...base, strategy: 'round-robin', seed: 3, policy: { retry } }],
  ['retry lr', { ...base, strategy: 'least-request', seed: 4, policy: { retry: { maxAttempts: 4, retryOn: ['http_500'] } } }],
  ['hedge+deadline', { ...base, strategy: 'round-robin', seed: 5, policy: { deadline: '60ms', hedging: { maxAttempts: 3, delay: '8ms' } } }],
  ['hedge+deadline p2c', { ...base, strategy: 'p2c-peak-ewma', seed: 6, policy: { deadline: '25ms', hedging: { maxAttempts: 2, delay: '4ms', nonFatal: ['http_500'] } } }],
  ['budget', { ...base, strategy: 'least-request', seed: 7, policy: { retry, budget: { ratio: 0.05, minPerSecond: 5, ttl: '1s' } } }],
  ['throttle+breaker', { ...base, strategy: 'round-robin', load: { model: 'closed', concurrency: 40 }, seed: 8, policy: { retry, throttling: { maxTokens: 10, tokenRatio: 0.1 }, circuitBreaker: { maxRequests: 30, maxRetries: 2 } } }],
];

const WALL = new Set(['startedAt', 'endedAt', 'wallMs', 'elapsedWallMs', 'createdAt', 'date', 'cpuMs']);
const strip = (k: string, v: unknown): unknown => (WALL.has(k) && typeof v !== 'number' ? undefined : v);
for (const [name, c] of cases) {
  const r = simulate(c as SimulationConfig);
  const h = createHash('sha256').update(JSON.stringify(r, strip)).digest('hex').slice(0, 16);
  process.stdout.write(`${name.padEnd(20)} ${h} requests=${r.totals.requests} attempts=${r.totals.attempts ?? '-'} errors=${r.totals.errors}\n`);
}
