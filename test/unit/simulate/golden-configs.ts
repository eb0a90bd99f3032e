/** Seeded runs without a policy whose results must not change when policies are added (issue 12). */
import type { SimulationConfig } from '../../../src/simulate';
import { poolOf } from './helpers';

const mixed = { slots: 4, service: { type: 'mix' as const, p: 0.9, a: { type: 'lognormal' as const, medianMs: 4, p99Ms: 20 }, b: { type: 'exponential' as const, meanMs: 40 } } };

export const goldenConfigs: Record<string, SimulationConfig> = {
  openScenario: {
    pool: poolOf(5, mixed),
    strategy: 'p2c-peak-ewma',
    load: { model: 'open', rate: 2000 },
    requests: 20_000,
    warmupMs: 500,
    key: { space: 1000, skew: { zipf: 1.1 } },
    scenario: [
      { at: 3000, endpoint: 's2', action: 'slow', value: 8 },
      { at: 5000, endpoint: 's3', action: 'fail', value: 0.5 },
      { at: 7000, endpoint: 's4', action: 'leave' },
      { at: 8000, endpoint: 's4', action: 'join' },
    ],
    outlierDetection: { consecutiveErrors: 3, baseEjectionTimeMs: 1000 },
    seed: 42,
  },
  closedErrors: {
    pool: poolOf(3, { slots: 2, queue: 5, errorRate: 0.1, service: { type: 'exponential', meanMs: 5 } }),
    strategy: 'least-request',
    load: { model: 'closed', concurrency: 20, thinkTimeMs: 1 },
    requests: 10_000,
    timeoutMs: 30,
    seed: 7,
  },
  hashWeighted: {
    pool: poolOf(4, { slots: 8, service: { type: 'lognormal', medianMs: 3, p99Ms: 12 } }, [1, 2, 3, 4]),
    strategy: 'consistent-hash',
    load: { model: 'open', rate: 1500 },
    durationMs: 4000,
    key: { space: 500 },
    seed: 3,
  },
};
