/**
 * The four simulations simulate-policy.bench.ts compares, and how one is timed: CPU microseconds
 * per attempt (what the servers received; without a policy an attempt is a request).
 */
import type { PoolConfig, VirtualServerConfig } from '../src/pools/types';
import type { RunSpec } from '../src/run/types';
import { simulate, type SimulationConfig } from '../src/simulate';

export const REQUESTS = 200_000;
const RETRY: RunSpec['policy'] = { retry: { maxAttempts: 3, retryOn: ['http_500'] } };

function config(errorRate: number, policy?: RunSpec['policy']): SimulationConfig {
  const defaults: VirtualServerConfig = { slots: 8, errorRate, service: { type: 'lognormal', medianMs: 5, p99Ms: 25 }, rttMs: 0.2 };
  const pool: PoolConfig = {
    name: 'bench',
    transport: 'http',
    endpoints: Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, address: `http://127.0.0.1:${9000 + i}`, weight: 1 })),
    simulation: { defaults },
  };
  return { pool, strategy: 'round-robin', load: { model: 'open', rate: 6000 }, requests: REQUESTS, seed: 1, ...(policy ? { policy } : {}) };
}

/** Servers failing a fifth of their requests, with and without a retry policy; servers never failing, with and without it. */
export const RUNS = { plain: config(0.2), retries: config(0.2, RETRY), plainNoErrors: config(0), noRetryTaken: config(0, RETRY) };
export type RunName = keyof typeof RUNS;

/** CPU microseconds per attempt of one run (this process's `process.cpuUsage`). */
export function usPerAttempt(c: SimulationConfig): number {
  const before = process.cpuUsage();
  const r = simulate(c);
  const used = process.cpuUsage(before);
  if (r.totals.requests !== REQUESTS) throw new Error(`simulated ${r.totals.requests} requests, wanted ${REQUESTS}`);
  return (used.user + used.system) / (r.totals.attempts ?? r.totals.requests);
}
