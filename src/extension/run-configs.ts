/**
 * From a picked pool, strategy and the settings to what the engine runs (no `vscode` here).
 * Which strategy options apply is the run plan's one rule (run/plan.ts: the pool's options only
 * with the pool's own strategy), so nothing here chooses options.
 */
import { strategies } from '../engine/registry';
import type { StrategyName } from '../engine/types';
import type { LoadTestConfig } from '../loadtest/types';
import type { Pool } from '../pools/types';
import { strategyOptionsFor } from '../run/plan';
import { redactText } from '../result/redact';
import type { SimulationConfig } from '../simulate/types';
import type { RingView } from '../protocol/webview';
import { ringSampleKeys } from './picks';
import { durationOf, loadModelOf, type LoadSettings } from './settings';

/** A simulation never runs past this many requests, whatever the duration says, so the host stays responsive. */
export const MAX_SIMULATED_REQUESTS = 200_000;
export const SIMULATION_SEED = 1;

function isHashing(strategy: StrategyName): boolean {
  return strategies.find((s) => s.name === strategy)?.hashing ?? false;
}

export function loadTestConfigOf(pool: Pool, strategy: StrategyName, s: LoadSettings, model: 'closed' | 'open', baseDir?: string): LoadTestConfig {
  return {
    pool,
    strategy,
    load: loadModelOf(s, model),
    ...durationOf(s),
    warmupMs: s.warmupMs,
    timeoutMs: s.timeoutMs,
    ...(baseDir !== undefined ? { baseDir } : {}),
  };
}

export function simulationConfigOf(pool: Pool, strategy: StrategyName, s: LoadSettings, model: 'closed' | 'open'): SimulationConfig {
  return {
    pool,
    strategy,
    load: loadModelOf(s, model),
    ...durationOf(s),
    requests: MAX_SIMULATED_REQUESTS,
    warmupMs: s.warmupMs,
    seed: SIMULATION_SEED,
    // Hash strategies need keys to hash; without them they pick at random and the ring means nothing.
    ...(isHashing(strategy) && pool.key === undefined ? { key: { space: 1000 } } : {}),
  };
}

export function ringViewOf(pool: Pool, strategy: StrategyName): RingView {
  return {
    strategy,
    options: strategyOptionsFor(pool, strategy),
    endpoints: pool.endpoints.map((e) => ({ id: e.id, address: e.address, weight: e.weight })),
    sampleKeys: ringSampleKeys(),
  };
}

/** One line for the output channel: what ran, against what. */
export function describeConfig(kind: string, pool: Pool, strategy: StrategyName, c: { load: { model: string; concurrency?: number; rate?: number; stages?: unknown[] }; durationMs?: number }): string {
  const load = c.load;
  const staged = load.stages ? `${load.stages.length} stages` : undefined;
  const shape = load.model === 'closed' ? `closed model, ${staged ?? `${load.concurrency} callers`}` : `open model, ${staged ?? `${load.rate}/s`}`;
  const endpoints = pool.endpoints.map((e) => `${e.id}=${e.address}${e.weight !== 1 ? ` (w${e.weight})` : ''}`).join(', ');
  return redactText(`${kind}: pool "${pool.name}" (${pool.transport}; ${endpoints}), strategy ${strategy}, ${shape}${c.durationMs !== undefined ? `, ${c.durationMs} ms` : ''}`);
}
