/**
 * Pools and load-test settings, read from plain values (no `vscode` here, so it is unit-tested):
 * every problem carries the full setting path the user must fix,
 * `rpcBalancer.pools[0].endpoints[2].address: expected http://host:port, got "localhost"`.
 */
import { ConfigError, show } from '../engine/errors';
import { isStrategyName } from '../engine/registry';
import { STRATEGY_NAMES, type StrategyName } from '../engine/types';
import { parseDuration } from '../pools/duration';
import { parsePool } from '../pools/parse';
import type { PoolConfig } from '../pools/types';
import type { LoadModel } from '../result/types';

export const SECTION = 'rpcBalancer';
export const POOLS_SETTING = `${SECTION}.pools`;

/** Where a pool came from; decides which file "Open" shows and what an untrusted workspace may do. */
export type PoolOrigin = 'user' | 'workspace' | 'workspaceFolder' | 'file' | 'demo';

export interface SettingProblem {
  /** Full path: `rpcBalancer.pools[0].endpoints[2].address`, or `<file>: endpoints[0].id`. */
  path: string;
  problem: string;
}

export interface PoolEntry {
  /** The pool's name (or a stand-in when the entry is too broken to have one). */
  name: string;
  origin: PoolOrigin;
  /** `rpcBalancer.pools[0]` for settings, the file path for pool files. */
  location: string;
  /** Set when the pool is valid. */
  pool?: PoolConfig;
  /** Set when it is not: every problem, each with its full path. */
  problems?: SettingProblem[];
  /** What the pool's relative paths (grpc `proto`) resolve against: the folder of the file holding it. */
  baseDir?: string;
}

/** `rpcBalancer.pools[0]` + `endpoints[2].address` -> `rpcBalancer.pools[0].endpoints[2].address`. */
export function joinPath(base: string, path: string): string {
  if (!path) return base;
  return path.startsWith('[') ? `${base}${path}` : `${base}.${path}`;
}

export function formatProblem(p: SettingProblem): string {
  return `${p.path}: ${p.problem}`;
}

function problemsOf(e: unknown, base: string, join: (base: string, path: string) => string = joinPath): SettingProblem[] {
  if (e instanceof ConfigError) {
    const list = (e as ConfigError & { errors?: readonly ConfigError[] }).errors ?? [e];
    return list.map((x) => ({ path: join(base, x.path), problem: x.problem }));
  }
  return [{ path: base, problem: (e as Error)?.message ?? String(e) }];
}

function nameOf(raw: unknown, fallback: string): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.trim() !== '' ? name : fallback;
}

/** One `rpcBalancer.pools` value (from one settings scope) as entries, valid or not. */
export function poolsFromSetting(value: unknown, origin: PoolOrigin, baseDir?: string): PoolEntry[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    return [{ name: POOLS_SETTING, origin, location: POOLS_SETTING, problems: [{ path: POOLS_SETTING, problem: `expected an array of pools, got ${show(value)}` }] }];
  }
  return value.map((raw, i) => {
    const location = `${POOLS_SETTING}[${i}]`;
    const name = nameOf(raw, location);
    try {
      const pool = parsePool(raw, { source: location, baseDir });
      // A settings entry has no file name to fall back on, so an unnamed pool is named by its place.
      if (typeof (raw as { name?: unknown }).name !== 'string') pool.name = location;
      return { name: pool.name, origin, location, pool, ...(baseDir !== undefined ? { baseDir } : {}) };
    } catch (e) {
      return { name, origin, location, problems: problemsOf(e, location) };
    }
  });
}

/** A `*.rpcpool.json` file's text as an entry; relative paths in it resolve against its folder. */
export function poolFromFile(text: string, file: string, baseDir: string): PoolEntry {
  const stem = file.replace(/^.*[\\/]/, '').replace(/\.rpcpool\.json$/i, '');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { name: stem, origin: 'file', location: file, problems: [{ path: file, problem: `not valid JSON: ${(e as Error).message}` }] };
  }
  try {
    const pool = parsePool(raw, { source: file, baseDir });
    if (typeof (raw as { name?: unknown }).name !== 'string') pool.name = stem;
    return { name: pool.name, origin: 'file', location: file, pool, baseDir };
  } catch (e) {
    return { name: nameOf(raw, stem), origin: 'file', location: file, problems: problemsOf(e, file, (f, path) => (path ? `${f}: ${path}` : f)) };
  }
}

/** What `rpcBalancer.loadTest.*` and `rpcBalancer.defaultStrategy` say, checked. */
export interface LoadSettings {
  defaultStrategy: StrategyName;
  model: 'closed' | 'open';
  concurrency: number;
  rate: number;
  durationMs: number;
  timeoutMs: number;
  warmupMs: number;
  /** `loadTest.stages` as given (the run plan checks each with its path); empty: a steady load. */
  stages: unknown[];
}

/** The defaults of package.json's configuration contribution (a unit test keeps them equal). */
export const LOAD_DEFAULTS = Object.freeze({
  defaultStrategy: 'round-robin' as StrategyName,
  model: 'closed' as const,
  concurrency: 16,
  rate: 200,
  duration: '10s',
  timeout: '2s',
  warmup: '0s',
  stages: [] as unknown[],
});

/** `get('loadTest.concurrency')` returns the setting's value or undefined; throws a ConfigError naming the setting. */
export function readLoadSettings(get: (key: string) => unknown): LoadSettings {
  const value = <T>(key: string, fallback: T): unknown => get(key) ?? fallback;
  const strategy = value('defaultStrategy', LOAD_DEFAULTS.defaultStrategy);
  if (!isStrategyName(strategy)) {
    throw new ConfigError(`${SECTION}.defaultStrategy`, `unknown strategy ${show(strategy)} (valid: ${STRATEGY_NAMES.join(', ')})`);
  }
  const model = value('loadTest.model', LOAD_DEFAULTS.model);
  if (model !== 'closed' && model !== 'open') throw new ConfigError(`${SECTION}.loadTest.model`, `expected "closed" or "open", got ${show(model)}`);
  const integer = (key: string, fallback: number, max: number): number => {
    const v = value(key, fallback);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
      throw new ConfigError(`${SECTION}.${key}`, `expected a whole number from 1 to ${max}, got ${show(v)}`);
    }
    return v;
  };
  const duration = (key: string, fallback: string, min: number): number => {
    const ms = parseDuration(value(key, fallback), `${SECTION}.${key}`);
    if (ms < min) throw new ConfigError(`${SECTION}.${key}`, `expected at least ${min} ms, got ${show(value(key, fallback))}`);
    return ms;
  };
  const stages = value('loadTest.stages', LOAD_DEFAULTS.stages);
  if (!Array.isArray(stages)) throw new ConfigError(`${SECTION}.loadTest.stages`, `expected a list like [{"duration": "10s", "target": 2000}], got ${show(stages)}`);
  return {
    defaultStrategy: strategy,
    model,
    concurrency: integer('loadTest.concurrency', LOAD_DEFAULTS.concurrency, 10_000),
    rate: integer('loadTest.rate', LOAD_DEFAULTS.rate, 1_000_000),
    durationMs: duration('loadTest.duration', LOAD_DEFAULTS.duration, 1),
    timeoutMs: duration('loadTest.timeout', LOAD_DEFAULTS.timeout, 1),
    warmupMs: duration('loadTest.warmup', LOAD_DEFAULTS.warmup, 0),
    stages: [...stages],
  };
}

/** With stages, the load as a config gives it (the plan fills in the peak rate or callers). */
export function loadModelOf(s: LoadSettings, model: 'closed' | 'open' = s.model): LoadModel {
  if (s.stages.length > 0) return { model, stages: s.stages } as unknown as LoadModel;
  return model === 'closed' ? { model: 'closed', concurrency: s.concurrency } : { model: 'open', rate: s.rate };
}

/** `durationMs` unless stages give the run's length (both would be an error naming both). */
export function durationOf(s: LoadSettings): { durationMs?: number } {
  return s.stages.length > 0 ? {} : { durationMs: s.durationMs };
}
