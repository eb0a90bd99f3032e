/** Checks the simulation parts of a pool: distributions and virtual servers (issue 5, "Bad input"). */
import { show } from '../engine/errors';
import { at, type Problems } from './problems';
import type { Distribution, VirtualServerConfig } from './types';

const DISTRIBUTION_TYPES = ['constant', 'exponential', 'lognormal', 'mix'] as const;
const DISTRIBUTION_FIELDS: Record<(typeof DISTRIBUTION_TYPES)[number], readonly string[]> = {
  constant: ['type', 'ms'],
  exponential: ['type', 'meanMs'],
  lognormal: ['type', 'medianMs', 'p99Ms'],
  mix: ['type', 'p', 'a', 'b'],
};
export const VIRTUAL_SERVER_FIELDS = ['slots', 'queue', 'service', 'errorRate', 'rttMs'] as const;

/** A service-time distribution; `mix` is of two plain distributions (not nested mixes). */
export function checkDistribution(p: Problems, v: unknown, path: string, inMix = false): Distribution | undefined {
  const obj = p.object(v, path);
  if (!obj) return undefined;
  const types = inMix ? DISTRIBUTION_TYPES.filter((t) => t !== 'mix') : DISTRIBUTION_TYPES;
  const type = p.oneOf(obj.type, at(path, 'type'), types);
  if (!type) return undefined;
  const before = p.count;
  p.fields(obj, path, DISTRIBUTION_FIELDS[type]);
  switch (type) {
    case 'constant': {
      const ms = p.number(obj.ms, at(path, 'ms'), { min: 0 });
      return p.count === before && ms !== undefined ? { type, ms } : undefined;
    }
    case 'exponential': {
      const meanMs = p.number(obj.meanMs, at(path, 'meanMs'), { min: 0, exclusiveMin: true });
      return p.count === before && meanMs !== undefined ? { type, meanMs } : undefined;
    }
    case 'lognormal': {
      const medianMs = p.number(obj.medianMs, at(path, 'medianMs'), { min: 0, exclusiveMin: true });
      const p99Ms = p.number(obj.p99Ms, at(path, 'p99Ms'), { min: 0, exclusiveMin: true });
      if (medianMs !== undefined && p99Ms !== undefined && p99Ms < medianMs) {
        p.add(at(path, 'p99Ms'), `must be at least medianMs (${medianMs}), got ${show(p99Ms)}`);
      }
      return p.count === before ? { type, medianMs: medianMs!, p99Ms: p99Ms! } : undefined;
    }
    case 'mix': {
      const share = p.number(obj.p, at(path, 'p'), { min: 0, max: 1 });
      const a = checkDistribution(p, obj.a, at(path, 'a'), true);
      const b = checkDistribution(p, obj.b, at(path, 'b'), true);
      return p.count === before ? { type, p: share!, a: a!, b: b! } : undefined;
    }
  }
}

/** A virtual server (`endpoints[i].sim` or `simulation.defaults`). */
export function checkVirtualServer(p: Problems, v: unknown, path: string): VirtualServerConfig | undefined {
  const obj = p.object(v, path);
  if (!obj) return undefined;
  const before = p.count;
  p.fields(obj, path, VIRTUAL_SERVER_FIELDS);
  const out: VirtualServerConfig = {};
  if (obj.slots !== undefined) out.slots = p.number(obj.slots, at(path, 'slots'), { min: 1, integer: true });
  if (obj.queue !== undefined) out.queue = p.number(obj.queue, at(path, 'queue'), { min: 0, integer: true });
  if (obj.service !== undefined) out.service = checkDistribution(p, obj.service, at(path, 'service'));
  if (obj.errorRate !== undefined) out.errorRate = p.number(obj.errorRate, at(path, 'errorRate'), { min: 0, max: 1 });
  if (obj.rttMs !== undefined) out.rttMs = p.number(obj.rttMs, at(path, 'rttMs'), { min: 0 });
  return p.count === before ? out : undefined;
}

/** `simulation: { defaults }`. */
export function checkSimulation(p: Problems, v: unknown, path: string): { defaults?: VirtualServerConfig } | undefined {
  const obj = p.object(v, path);
  if (!obj) return undefined;
  p.fields(obj, path, ['defaults']);
  if (obj.defaults === undefined) return {};
  const defaults = checkVirtualServer(p, obj.defaults, at(path, 'defaults'));
  return defaults ? { defaults } : undefined;
}
