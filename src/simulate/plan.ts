/**
 * Checks a SimulationConfig completely before anything runs and resolves its defaults into a
 * plan. Every problem is reported with its JSON path (`pool.endpoints[1].sim.service.p99Ms`,
 * `clients.rate`, `scenario[2].endpoint`), all at once, as `PoolErrors` (a ConfigError).
 */
import { show } from '../engine/errors';
import { createBalancer, isStrategyName } from '../engine/registry';
import type { Endpoint, OutlierOptions, StrategyName } from '../engine/types';
import { STRATEGY_NAMES } from '../engine/types';
import { checkVirtualServer } from '../pools/parse-sim';
import { at, isObject, Problems } from '../pools/problems';
import type { Distribution, PoolConfig, ScenarioStep, VirtualServerConfig } from '../pools/types';
import type { LoadModel } from '../result/types';
import { meanOf } from './distributions';
import { validateKeySpace, type KeySpace } from './keys';
import { checkScenario } from './scenario-check';
import type { SimulationConfig } from './types';

/** A virtual server with every default filled in. */
export interface ServerSpec {
  slots: number;
  /** Queue bound; Infinity when unbounded. */
  queue: number;
  service: Distribution;
  errorRate: number;
  rttMs: number;
}

/** What a run needs, checked and with defaults filled in. */
export interface SimulationPlan {
  pool: PoolConfig;
  /** The balancer's endpoints, in pool order (server i serves endpoint i). */
  endpoints: Endpoint[];
  servers: ServerSpec[];
  strategy: StrategyName;
  strategyOptions: Record<string, unknown>;
  outlierDetection?: OutlierOptions | boolean;
  clients: LoadModel;
  /** Infinity when only durationMs bounds the run. */
  requests: number;
  /** Infinity when only requests bound the run. */
  durationMs: number;
  warmupMs: number;
  timeoutMs: number;
  keys?: KeySpace;
  /** Sorted by time; same-time steps keep their order. */
  scenario: ScenarioStep[];
  seed: number;
  intervalMs: number;
}

/** Defaults of a virtual server and a run, in one place (the pool types document the same). */
export const SIM_DEFAULTS = Object.freeze({
  slots: 8,
  service: Object.freeze({ type: 'lognormal', medianMs: 5, p99Ms: 25 }) as Distribution,
  errorRate: 0,
  rttMs: 0.2,
  requests: 100_000,
  intervalMs: 1000,
  /** As the load runner's default, so simulated and live runs give up alike. */
  timeoutMs: 10_000,
});

/**
 * Requests per second the servers can complete when every slot is busy: the sum over servers of
 * slots / mean service time (the saturation throughput of a multi-server queue; Kleinrock,
 * Queueing Systems vol. 1, section 3.5).
 */
export function poolCapacityPerSecond(servers: readonly ServerSpec[]): number {
  return servers.reduce((sum, s) => sum + capacityOf(s), 0);
}

/**
 * The highest rate the pool serves when traffic follows the weights: the endpoint whose capacity
 * is smallest for its share of the weight saturates first. Below `poolCapacityPerSecond` whenever
 * weights and capacities disagree (as in the demo pool, where s1 has 4x s4's weight and ~100x its
 * capacity).
 */
export function weightedCapacityPerSecond(endpoints: readonly { weight: number }[], servers: readonly ServerSpec[]): number {
  const total = endpoints.reduce((sum, e) => sum + e.weight, 0);
  let rate = Infinity;
  servers.forEach((s, i) => (rate = Math.min(rate, (capacityOf(s) * total) / endpoints[i].weight)));
  return Number.isFinite(rate) ? rate : 0;
}

function capacityOf(s: ServerSpec): number {
  return (s.slots * 1000) / Math.max(meanOf(s.service), 1e-6);
}

const MAX_REQUESTS = 1e9;
const MAX_CONCURRENCY = 1_000_000;
/** A duration-bounded run may have at most this many timeline intervals. */
const MAX_INTERVALS = 1_000_000;

export function planSimulation(config: SimulationConfig): SimulationPlan {
  const p = new Problems();
  if (!isObject(config)) {
    p.add('', `a simulation config must be an object, got ${show(config)}`);
    p.throwIfAny();
  }
  const c = config as unknown as Record<string, unknown>;
  const pool = c.pool as PoolConfig;
  const endpoints: Endpoint[] = [];
  const servers: ServerSpec[] = [];
  if (!isObject(pool)) p.add('pool', `expected a pool object, got ${show(pool)}`);
  else planServers(p, pool, endpoints, servers);

  const strategyRaw = c.strategy ?? (isObject(pool) ? pool.strategy : undefined) ?? 'round-robin';
  let strategy: StrategyName = 'round-robin';
  if (isStrategyName(strategyRaw)) strategy = strategyRaw;
  else p.add('strategy', `unknown strategy ${show(strategyRaw)} (valid: ${STRATEGY_NAMES.join(', ')})`);
  const strategyOptions = (c.strategyOptions ?? (isObject(pool) && c.strategy === undefined ? pool.strategyOptions : undefined) ?? {}) as Record<string, unknown>;
  if (!isObject(strategyOptions)) p.add('strategyOptions', `expected an object, got ${show(strategyOptions)}`);
  const outlierDetection = (c.outlierDetection ?? (isObject(pool) ? pool.outlierDetection : undefined)) as OutlierOptions | boolean | undefined;

  const clients = checkClients(p, c.clients);
  const requestsRaw = c.requests;
  const durationRaw = c.durationMs;
  let requests = Infinity;
  let durationMs = Infinity;
  if (requestsRaw !== undefined) requests = p.number(requestsRaw, 'requests', { min: 1, max: MAX_REQUESTS, integer: true }) ?? 1;
  if (durationRaw !== undefined) durationMs = p.number(durationRaw, 'durationMs', { min: 0, exclusiveMin: true }) ?? 1;
  if (requestsRaw === undefined && durationRaw === undefined) requests = SIM_DEFAULTS.requests;
  const warmupMs = c.warmupMs === undefined ? 0 : p.number(c.warmupMs, 'warmupMs', { min: 0 }) ?? 0;
  if (warmupMs >= durationMs) p.add('warmupMs', `must be shorter than durationMs (${durationMs}), got ${warmupMs}`);
  const intervalMs = c.intervalMs === undefined ? SIM_DEFAULTS.intervalMs : p.number(c.intervalMs, 'intervalMs', { min: 1 }) ?? 1000;
  if (Number.isFinite(durationMs) && durationMs / intervalMs > MAX_INTERVALS) {
    p.add('intervalMs', `too fine for durationMs ${durationMs}: at most ${MAX_INTERVALS} intervals, got ${Math.ceil(durationMs / intervalMs)}`);
  }
  const timeoutMs = c.timeoutMs === undefined ? SIM_DEFAULTS.timeoutMs : p.number(c.timeoutMs, 'timeoutMs', { min: 0, exclusiveMin: true }) ?? 1;
  const seed = p.number(c.seed, 'seed') ?? 0;
  const keys = c.keys === undefined ? undefined : p.catch(() => validateKeySpace(c.keys, 'keys'));
  const ids = endpoints.map((e) => e.id);
  const scenario = c.scenario === undefined ? [] : checkScenario(p, c.scenario, 'scenario', ids);

  // The engine validates the strategy's own options; building one balancer here surfaces its
  // errors (`maglev: tableSize must be a prime number`) before the run, not in the middle.
  if (p.count === 0) {
    p.catch(() => createBalancer(strategy, endpoints, { ...strategyOptions, outlierDetection, now: () => 0, random: () => 0.5 }));
  }
  p.throwIfAny();
  return {
    pool, endpoints, servers, strategy, strategyOptions, outlierDetection, clients: clients!, requests, durationMs,
    warmupMs, timeoutMs, keys, scenario, seed, intervalMs,
  };
}

function planServers(p: Problems, pool: PoolConfig, endpoints: Endpoint[], servers: ServerSpec[]): void {
  const simulation = pool.simulation;
  let defaults: VirtualServerConfig = {};
  if (simulation !== undefined) {
    if (!isObject(simulation)) p.add('pool.simulation', `expected an object, got ${show(simulation)}`);
    else if (simulation.defaults !== undefined) {
      defaults = checkVirtualServer(p, simulation.defaults, 'pool.simulation.defaults') ?? {};
    }
  }
  if (!Array.isArray(pool.endpoints) || pool.endpoints.length === 0) {
    p.add('pool.endpoints', `expected at least one endpoint, got ${show(pool.endpoints)}`);
    return;
  }
  const seen = new Set<string>();
  pool.endpoints.forEach((ep, i) => {
    const path = at('pool.endpoints', i);
    if (!isObject(ep)) return p.add(path, `expected an endpoint object, got ${show(ep)}`);
    const id = p.string(ep.id, at(path, 'id'));
    if (id !== undefined && seen.has(id)) p.add(at(path, 'id'), `duplicate id ${show(id)}`);
    if (id !== undefined) seen.add(id);
    const weight = ep.weight === undefined ? 1 : p.number(ep.weight, at(path, 'weight'), { min: 0, exclusiveMin: true }) ?? 1;
    const sim = ep.sim === undefined ? {} : checkVirtualServer(p, ep.sim, at(path, 'sim')) ?? {};
    const endpoint: Endpoint = { id: id ?? `#${i}`, address: typeof ep.address === 'string' ? ep.address : '', weight };
    endpoints.push(ep.zone === undefined ? endpoint : { ...endpoint, zone: ep.zone });
    const merged = { ...defaults, ...sim };
    servers.push({
      slots: merged.slots ?? SIM_DEFAULTS.slots,
      queue: merged.queue ?? Infinity,
      service: merged.service ?? SIM_DEFAULTS.service,
      errorRate: merged.errorRate ?? SIM_DEFAULTS.errorRate,
      rttMs: merged.rttMs ?? SIM_DEFAULTS.rttMs,
    });
  });
}

function checkClients(p: Problems, v: unknown): LoadModel | undefined {
  const obj = p.object(v, 'clients');
  if (!obj) return undefined;
  const model = p.oneOf(obj.model, 'clients.model', ['open', 'closed'] as const);
  if (model === 'open') {
    p.fields(obj, 'clients', ['model', 'rate', 'maxInFlight']);
    const rate = p.number(obj.rate, 'clients.rate', { min: 0, exclusiveMin: true });
    const out: LoadModel = { model, rate: rate ?? 1 };
    if (obj.maxInFlight !== undefined) {
      out.maxInFlight = p.number(obj.maxInFlight, 'clients.maxInFlight', { min: 1, integer: true });
    }
    return out;
  }
  if (model === 'closed') {
    p.fields(obj, 'clients', ['model', 'concurrency', 'thinkTimeMs']);
    const concurrency = p.number(obj.concurrency, 'clients.concurrency', { min: 1, max: MAX_CONCURRENCY, integer: true });
    const out: LoadModel = { model, concurrency: concurrency ?? 1 };
    if (obj.thinkTimeMs !== undefined) out.thinkTimeMs = p.number(obj.thinkTimeMs, 'clients.thinkTimeMs', { min: 0 });
    return out;
  }
  return undefined;
}
