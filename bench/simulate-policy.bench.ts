/**
 * What a client policy costs the simulator per attempt (issue 12): a run whose servers fail a
 * fifth of their requests, under a retry policy (gRFC A6 retries, 3 attempts, on `http_500`),
 * against the same run without a policy, in CPU ms per attempt (what the servers received; without
 * a policy an attempt is a request). Bar: at most 1.3x. For scale, the same policy on servers that
 * never fail (no retry taken: the layer's per-request cost alone, which bench/policy.bench.ts bounds
 * against a bare pick), and what an attempt that is a retry costs against one that is not.
 * CPU time of this process (`process.cpuUsage`), medians of alternating rounds: the machine is shared.
 */
import type { PoolConfig, VirtualServerConfig } from '../src/pools/types';
import type { RunSpec } from '../src/run/types';
import { simulate, type SimulationConfig } from '../src/simulate';
import { bar, printTable, type Bar, type Bench } from './lib';

const REQUESTS = 200_000;
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

/** CPU microseconds per attempt of one run. */
function usPerAttempt(c: SimulationConfig): number {
  const before = process.cpuUsage();
  const r = simulate(c);
  const used = process.cpuUsage(before);
  if (r.totals.requests !== REQUESTS) throw new Error(`simulated ${r.totals.requests} requests, wanted ${REQUESTS}`);
  return (used.user + used.system) / (r.totals.attempts ?? r.totals.requests);
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs: number[]): number => Math.min(...xs);

export const bench: Bench = {
  name: 'simulator under a client policy',
  async run(): Promise<Bar[]> {
    const runs = { plain: config(0.2), retries: config(0.2, RETRY), noRetryTaken: config(0, RETRY), plainNoErrors: config(0) };
    const us: Record<keyof typeof runs, number[]> = { plain: [], retries: [], noRetryTaken: [], plainNoErrors: [] };
    for (const c of Object.values(runs)) usPerAttempt(c); // warm-up
    for (let r = 0; r < 5; r++) for (const [k, c] of Object.entries(runs)) us[k as keyof typeof runs].push(usPerAttempt(c));
    const retries = median(us.retries) / median(us.plain);
    const noRetry = median(us.noRetryTaken) / median(us.plainNoErrors);
    // The bar reads medians; the best round is shown beside them (CPU time still holds what other processes do to the caches).
    printTable(
      ['measure', 'us/attempt (median)', 'ratio', 'us/attempt (best)', 'ratio (best)'],
      [
        ['without a policy, servers failing 20 %', median(us.plain), 1, best(us.plain), 1],
        ['retry policy, servers failing 20 % (retries taken)', median(us.retries), retries, best(us.retries), best(us.retries) / best(us.plain)],
        ['without a policy, servers never failing', median(us.plainNoErrors), 1, best(us.plainNoErrors), 1],
        ['retry policy, servers never failing (no retry taken)', median(us.noRetryTaken), noRetry, best(us.noRetryTaken), best(us.noRetryTaken) / best(us.plainNoErrors)],
        ['(what a retry costs) retries taken / no retry taken, per attempt', '', median(us.retries) / median(us.noRetryTaken), '', best(us.retries) / best(us.noRetryTaken)],
      ],
    );
    return [bar('simulated run with retries vs without, CPU per attempt', retries, '<=', 1.3)];
  },
};
