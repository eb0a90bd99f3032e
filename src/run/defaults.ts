/** The defaults of a run, live or simulated, in one place. */
import type { StrategyName } from '../engine/types';

export const RUN_DEFAULTS = Object.freeze({
  strategy: 'round-robin' as StrategyName,
  /** Per request, as long as a caller would plausibly wait. */
  timeoutMs: 10_000,
  warmupMs: 0,
  intervalMs: 1000,
  /** A simulation given no bound simulates this many requests. */
  simulatedRequests: 100_000,
  /** Simulations are repeatable by default; live runs draw a seed (and record it). */
  simulationSeed: 1,
});
