/**
 * A simulation's plan: the one run plan (`planRun`, src/run) extended with the virtual servers,
 * each endpoint's `sim` over the pool's `simulation.defaults`. Every problem is reported with its
 * JSON path (`pool.endpoints[1].sim.service.p99Ms`, `load.rate`, `scenario[2].endpoint`), all at
 * once, as `PoolErrors` (a ConfigError).
 */
import { show } from '../engine/errors';
import { checkVirtualServer } from '../pools/parse-sim';
import { at, isObject, Problems } from '../pools/problems';
import type { Distribution, Pool, VirtualServerConfig } from '../pools/types';
import { planRun } from '../run/plan';
import type { RunPlan } from '../run/types';
import { meanOf } from './distributions';
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

/** A run plan with the virtual servers (server i serves `pool.endpoints[i]`). */
export interface SimulationPlan extends RunPlan {
  servers: ServerSpec[];
}

/** Defaults of a virtual server and a run, in one place (the pool types document the same). */
export const SIM_DEFAULTS = Object.freeze({
  slots: 8,
  service: Object.freeze({ type: 'lognormal', medianMs: 5, p99Ms: 25 }) as Distribution,
  errorRate: 0,
  rttMs: 0.2,
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

export function planSimulation(config: SimulationConfig): SimulationPlan {
  const p = new Problems();
  const run = planRun(p, config, 'simulation');
  const servers = isObject(run.pool) && Array.isArray(run.pool.endpoints) ? planServers(p, run.pool) : [];
  p.throwIfAny();
  return { ...run, servers };
}

function planServers(p: Problems, pool: Pool): ServerSpec[] {
  const simulation = pool.simulation;
  let defaults: VirtualServerConfig = {};
  if (simulation !== undefined) {
    if (!isObject(simulation)) p.add('pool.simulation', `expected an object, got ${show(simulation)}`);
    else if (simulation.defaults !== undefined) {
      defaults = checkVirtualServer(p, simulation.defaults, 'pool.simulation.defaults') ?? {};
    }
  }
  return pool.endpoints.map((ep, i) => {
    const sim = ep.sim === undefined ? {} : checkVirtualServer(p, ep.sim, at(at('pool.endpoints', i), 'sim')) ?? {};
    const merged = { ...defaults, ...sim };
    return {
      slots: merged.slots ?? SIM_DEFAULTS.slots,
      queue: merged.queue ?? Infinity,
      service: merged.service ?? SIM_DEFAULTS.service,
      errorRate: merged.errorRate ?? SIM_DEFAULTS.errorRate,
      rttMs: merged.rttMs ?? SIM_DEFAULTS.rttMs,
    };
  });
}
