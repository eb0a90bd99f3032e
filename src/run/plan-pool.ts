/**
 * What `planRun` checks of the pool it is given. `parsePool` has checked a pool file completely;
 * a library caller may hand over an object of its own, so the plan checks the shape it relies on
 * (endpoints with ids, addresses and bounded weights) and names what is wrong instead of failing
 * mid-run with a TypeError. It does not check again what only `parsePool` can (addresses per
 * transport, request templates, proto files).
 */
import { show } from '../engine/errors';
import { LIMITS } from '../pools/limits';
import { TRANSPORTS } from '../pools/parse';
import { checkHttp2, checkTls } from '../pools/parse-http2';
import { at, isObject, type Problems } from '../pools/problems';
import type { Pool } from '../pools/types';

export function checkPoolShape(p: Problems, raw: unknown): Pool | undefined {
  if (!isObject(raw)) {
    p.add('pool', `expected a pool (as parsePool returns it), got ${show(raw)}`);
    return undefined;
  }
  const before = p.count;
  if (!TRANSPORTS.includes(raw.transport as never)) p.add('pool.transport', `expected one of ${TRANSPORTS.join(', ')}, got ${show(raw.transport)}`);
  const endpoints = raw.endpoints;
  if (!Array.isArray(endpoints)) {
    p.add('pool.endpoints', `expected an array of endpoints, got ${show(endpoints)}`);
    return undefined;
  }
  if (endpoints.length === 0 && raw.discovery === undefined) p.add('pool.endpoints', 'expected at least one endpoint (or a "discovery" section)');
  if (endpoints.length > LIMITS.endpoints) p.add('pool.endpoints', `at most ${LIMITS.endpoints} endpoints, got ${endpoints.length}`);
  else {
    const seen = new Set<string>();
    endpoints.forEach((e: unknown, i) => {
      const path = at('pool.endpoints', i);
      if (!isObject(e)) return p.add(path, `expected an endpoint object, got ${show(e)}`);
      const id = p.string(e.id, at(path, 'id'));
      if (id !== undefined && seen.has(id)) p.add(at(path, 'id'), `duplicate id ${show(id)}`);
      if (id !== undefined) seen.add(id);
      if (typeof e.address !== 'string') p.add(at(path, 'address'), `expected an address, got ${show(e.address)}`);
      p.number(e.weight, at(path, 'weight'), { min: 0, exclusiveMin: true, max: LIMITS.weight });
    });
  }
  if (raw.http2 !== undefined) checkHttp2(p, raw.http2, 'pool.http2', raw.transport as never);
  if (raw.tls !== undefined) checkTls(p, raw.tls, 'pool.tls', raw.transport as never, undefined);
  return p.count === before ? (raw as unknown as Pool) : undefined;
}
