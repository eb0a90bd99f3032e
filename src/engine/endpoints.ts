import { ConfigError, show } from './errors';
import type { Endpoint } from './types';

/**
 * Rejects what no strategy can balance: an empty or duplicate id, a weight that is not a
 * positive finite number, a missing address, a priority that is not a whole number >= 0. The error names the strategy and the endpoint.
 * Returns frozen copies with `weight` defaulted to 1.
 */
export function validateEndpoints(strategy: string, endpoints: readonly Endpoint[]): Endpoint[] {
  if (!Array.isArray(endpoints)) throw new ConfigError(strategy, `endpoints must be an array, got ${show(endpoints)}`);
  const seen = new Set<string>();
  return endpoints.map((ep, i) => {
    const where = `${strategy}: endpoints[${i}]`;
    if (ep === null || typeof ep !== 'object') throw new ConfigError(where, `must be an object, got ${show(ep)}`);
    if (typeof ep.id !== 'string' || ep.id.trim() === '') {
      throw new ConfigError(`${where}.id`, `must be a non-empty string, got ${show(ep.id)}`);
    }
    if (seen.has(ep.id)) throw new ConfigError(`${where}.id`, `duplicate id ${show(ep.id)}`);
    seen.add(ep.id);
    if (typeof ep.address !== 'string') {
      throw new ConfigError(`${where}.address`, `must be a string, got ${show(ep.address)}`);
    }
    const weight = ep.weight === undefined ? 1 : ep.weight;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
      throw new ConfigError(`${where}.weight`, `must be a positive finite number, got ${show(ep.weight)}`);
    }
    if (ep.priority !== undefined && !(Number.isInteger(ep.priority) && ep.priority >= 0)) {
      throw new ConfigError(`${where}.priority`, `must be a whole number at least 0, got ${show(ep.priority)}`);
    }
    const copy: { -readonly [K in keyof Endpoint]: Endpoint[K] } = { id: ep.id, address: ep.address, weight };
    if (ep.zone !== undefined) copy.zone = ep.zone;
    if (ep.priority !== undefined) copy.priority = ep.priority;
    return Object.freeze(copy);
  });
}
