/** Checks discovery and outlier-detection sections of a pool (shapes only; nothing is contacted). */
import { show } from '../engine/errors';
import type { OutlierOptions, SuccessRateOptions } from '../engine/types';
import { isHostPort, isHttpAddress } from './addresses';
import { parseDuration } from './duration';
import { at, type Problems } from './problems';
import type { DiscoveryConfig } from './types';

export const DISCOVERY_TYPES = ['dns-srv', 'etcd'] as const;
export const OUTLIER_FIELDS = [
  'consecutiveErrors',
  'baseEjectionTimeMs',
  'maxEjectionTimeMs',
  'maxEjectionPercent',
  'intervalMs',
  'successRate',
] as const;
export const SUCCESS_RATE_FIELDS = ['minimumHosts', 'requestVolume', 'stdevFactor'] as const;

export function checkDiscovery(p: Problems, v: unknown, path: string): DiscoveryConfig | undefined {
  const obj = p.object(v, path);
  if (!obj) return undefined;
  const type = p.oneOf(obj.type, at(path, 'type'), DISCOVERY_TYPES);
  if (!type) return undefined;
  const before = p.count;
  if (type === 'dns-srv') {
    p.fields(obj, path, ['type', 'name', 'server', 'refresh']);
    const name = p.string(obj.name, at(path, 'name'));
    const out: DiscoveryConfig = { type, name: name ?? '' };
    if (obj.server !== undefined) {
      const server = obj.server;
      // A DNS server is an IP or host, with an optional port.
      if (typeof server === 'string' && (isHostPort(server) || /^[A-Za-z0-9.:[\]-]+$/.test(server))) out.server = server;
      else p.add(at(path, 'server'), `expected host or host:port, got ${show(server)}`);
    }
    if (obj.refresh !== undefined) {
      const ms = p.catch(() => parseDuration(obj.refresh, at(path, 'refresh')));
      if (ms !== undefined && ms <= 0) p.add(at(path, 'refresh'), `must be longer than 0, got ${show(obj.refresh)}`);
      else if (ms !== undefined) out.refresh = obj.refresh as string;
    }
    return p.count === before ? out : undefined;
  }
  p.fields(obj, path, ['type', 'endpoints', 'prefix']);
  const endpoints: string[] = [];
  if (!Array.isArray(obj.endpoints) || obj.endpoints.length === 0) {
    p.add(at(path, 'endpoints'), `expected a non-empty array of http://host:port, got ${show(obj.endpoints)}`);
  } else {
    obj.endpoints.forEach((e, i) => {
      if (typeof e === 'string' && isHttpAddress(e)) endpoints.push(e);
      else p.add(at(at(path, 'endpoints'), i), `expected http://host:port, got ${show(e)}`);
    });
  }
  const prefix = p.string(obj.prefix, at(path, 'prefix'));
  return p.count === before ? { type, endpoints, prefix: prefix! } : undefined;
}

export function checkOutlierDetection(p: Problems, v: unknown, path: string): OutlierOptions | boolean | undefined {
  if (typeof v === 'boolean') return v;
  const obj = p.object(v, path);
  if (!obj) return undefined;
  const before = p.count;
  p.fields(obj, path, OUTLIER_FIELDS);
  const out: OutlierOptions = {};
  const num = (key: keyof OutlierOptions, bounds: Parameters<Problems['number']>[2]) => {
    if (obj[key] !== undefined) (out as Record<string, unknown>)[key] = p.number(obj[key], at(path, key), bounds);
  };
  num('consecutiveErrors', { min: 1, integer: true });
  num('baseEjectionTimeMs', { min: 0 });
  num('maxEjectionTimeMs', { min: 0 });
  num('maxEjectionPercent', { min: 0, max: 100 });
  num('intervalMs', { min: 0, exclusiveMin: true });
  if (out.baseEjectionTimeMs !== undefined && out.maxEjectionTimeMs !== undefined && out.maxEjectionTimeMs < out.baseEjectionTimeMs) {
    p.add(at(path, 'maxEjectionTimeMs'), `must be at least baseEjectionTimeMs (${out.baseEjectionTimeMs}), got ${out.maxEjectionTimeMs}`);
  }
  if (obj.successRate !== undefined) {
    const sp = at(path, 'successRate');
    const sr = p.object(obj.successRate, sp);
    if (sr) {
      p.fields(sr, sp, SUCCESS_RATE_FIELDS);
      const s: SuccessRateOptions = {};
      if (sr.minimumHosts !== undefined) s.minimumHosts = p.number(sr.minimumHosts, at(sp, 'minimumHosts'), { min: 1, integer: true });
      if (sr.requestVolume !== undefined) s.requestVolume = p.number(sr.requestVolume, at(sp, 'requestVolume'), { min: 1, integer: true });
      if (sr.stdevFactor !== undefined) s.stdevFactor = p.number(sr.stdevFactor, at(sp, 'stdevFactor'), { min: 0, exclusiveMin: true });
      out.successRate = s;
    }
  }
  return p.count === before ? out : undefined;
}
