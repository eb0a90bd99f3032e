/**
 * The pool-shape settings of a pool or a run (beside `strategy` and `outlierDetection`):
 * `overprovisioningFactor`, `localityWeights`, `panicThreshold`, and
 * `slowStart: { "window": "30s", "aggression": 1, "minWeightPercent": 10 }`, checked with their
 * JSON paths, and turned into the engine's `createBalancer` options (window in ms).
 * The engine's own check (priority-options.ts) runs too, when the balancer is built at load time.
 */
import { POOL_SHAPE_DEFAULTS } from '../engine/priority-options';
import type { BalancerOptions } from '../engine/types';
import { parseDuration } from './duration';
import { at, type Obj, type Problems } from './problems';

export const BALANCING_FIELDS = ['overprovisioningFactor', 'localityWeights', 'panicThreshold', 'slowStart'] as const;
export const SLOW_START_FIELDS = ['window', 'aggression', 'minWeightPercent'] as const;

/** As a pool file writes it. */
export interface SlowStartSpec {
  /** A duration: `"30s"` or ms. */
  window: string | number;
  aggression?: number;
  minWeightPercent?: number;
}

export interface BalancingSpec {
  overprovisioningFactor?: number;
  localityWeights?: Record<string, number>;
  panicThreshold?: number;
  slowStart?: SlowStartSpec;
}

/** The balancing settings of `obj` (a pool or a run config) that are given; problems go to `p` with `prefix`. */
export function checkBalancing(p: Problems, obj: Obj, prefix = ''): BalancingSpec {
  const path = (key: string) => (prefix ? at(prefix, key) : key);
  const out: BalancingSpec = {};
  if (obj.overprovisioningFactor !== undefined) {
    out.overprovisioningFactor = p.number(obj.overprovisioningFactor, path('overprovisioningFactor'), { min: 0, exclusiveMin: true });
  }
  if (obj.panicThreshold !== undefined) out.panicThreshold = p.number(obj.panicThreshold, path('panicThreshold'), { min: 0, max: 100 });
  if (obj.localityWeights !== undefined) {
    const where = path('localityWeights');
    const weights = p.object(obj.localityWeights, where);
    if (weights) {
      const before = p.count;
      if (Object.keys(weights).length === 0) p.add(where, 'expected at least one zone and its weight');
      for (const [zone, w] of Object.entries(weights)) p.number(w, at(where, zone), { min: 0, exclusiveMin: true });
      if (p.count === before) out.localityWeights = weights as Record<string, number>;
    }
  }
  if (obj.slowStart !== undefined) {
    const where = path('slowStart');
    const ss = p.object(obj.slowStart, where);
    if (ss) {
      const before = p.count;
      p.fields(ss, where, SLOW_START_FIELDS);
      const ms = ss.window === undefined ? undefined : p.catch(() => parseDuration(ss.window, at(where, 'window')));
      if (ss.window === undefined) p.add(at(where, 'window'), 'required: how long a joining endpoint ramps up, like "30s"');
      else if (ms !== undefined && ms <= 0) p.add(at(where, 'window'), `must be longer than 0, got ${JSON.stringify(ss.window)}`);
      if (ss.aggression !== undefined) p.number(ss.aggression, at(where, 'aggression'), { min: 0, exclusiveMin: true });
      if (ss.minWeightPercent !== undefined) p.number(ss.minWeightPercent, at(where, 'minWeightPercent'), { min: 0, max: 100 });
      if (p.count === before) out.slowStart = ss as unknown as SlowStartSpec;
    }
  }
  for (const key of Object.keys(out) as (keyof BalancingSpec)[]) if (out[key] === undefined) delete out[key];
  return out;
}

/**
 * `createBalancer` options of a checked spec or pool (slow start's window in ms). With DNS SRV discovery
 * the priorities arrive after the balancer is built, so the default panic threshold is named to
 * turn the priority levels on from the start (the engine turns them on only when asked).
 */
export function balancingOptions(spec: BalancingSpec | undefined, pool?: { discovery?: { type: string } }): BalancerOptions {
  const srv = pool?.discovery?.type === 'dns-srv';
  if (!spec && !srv) return {};
  const options: BalancerOptions = {};
  // Only the balancing fields: `spec` may be a whole pool.
  for (const f of BALANCING_FIELDS) if (f !== 'slowStart' && spec?.[f] !== undefined) (options as Record<string, unknown>)[f] = spec[f];
  const slowStart = spec?.slowStart;
  if (srv && options.panicThreshold === undefined) options.panicThreshold = POOL_SHAPE_DEFAULTS.panicThreshold;
  if (slowStart) {
    const { window, ...ramp } = slowStart;
    options.slowStart = { windowMs: parseDuration(window, 'slowStart.window'), ...ramp };
  }
  return options;
}
