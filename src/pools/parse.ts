/**
 * `parsePool`: validates a pool file (or a `rpcBalancer.pools` settings entry) completely before
 * anything is sent, and reports every problem with its JSON path:
 * `endpoints[2].address: expected http://host:port, got "localhost"`.
 */
import { basename, dirname, extname, resolve } from 'node:path';
import { ConfigError, show } from '../engine/errors';
import { createBalancer, isStrategyName } from '../engine/registry';
import { STRATEGY_NAMES } from '../engine/types';
import { expectedAddress, isAddressFor, isHttpAddress } from './addresses';
import { BALANCING_FIELDS, balancingOptions, checkBalancing } from './parse-balancing';
import { checkHttp2, checkTls } from './parse-http2';
import { checkDiscovery, checkOutlierDetection } from './parse-options';
import { parsePolicy } from './parse-policy';
import { checkKey, checkRequest } from './parse-request';
import { checkRequestData } from './parse-request-data';
import { checkSimulation, checkVirtualServer } from './parse-sim';
import { checkThresholds } from './parse-thresholds';
import { readJsonFile } from './json-file';
import { at, PoolErrors, Problems } from './problems';
import { LIMITS } from './limits';
import type { Pool, PoolEndpoint, TransportName } from './types';

export const TRANSPORTS: readonly TransportName[] = ['http', 'jsonrpc', 'grpc'];
export const POOL_FIELDS = [
  '$schema', 'name', 'transport', 'endpoints', 'request', 'http2', 'tls', 'strategy', 'strategyOptions',
  'outlierDetection', ...BALANCING_FIELDS, 'policy', 'key', 'requests', 'discovery', 'simulation', 'control', 'thresholds',
] as const;
export const ENDPOINT_FIELDS = ['id', 'address', 'weight', 'zone', 'priority', 'sim'] as const;
/** Weights are relative; the bound keeps sums finite and hash rings (points per unit of weight) buildable. */
const WEIGHT_BOUNDS = { min: 0, exclusiveMin: true, max: LIMITS.weight };

export interface ParsePoolOptions {
  /** The file or settings entry, for `PoolErrors.source` and the default name. */
  source?: string;
  /** Relative paths in the pool (grpc `proto`) resolve against it; default the current directory. */
  baseDir?: string;
}

function checkEndpoints(p: Problems, v: unknown, transport: TransportName | undefined, discovery: boolean): PoolEndpoint[] {
  if (v === undefined && discovery) return [];
  if (!Array.isArray(v)) {
    p.add('endpoints', `expected an array of endpoints, got ${show(v)}`);
    return [];
  }
  if (v.length === 0 && !discovery) p.add('endpoints', 'expected at least one endpoint (or a "discovery" section)');
  if (v.length > LIMITS.endpoints) {
    p.add('endpoints', `at most ${LIMITS.endpoints} endpoints, got ${v.length}`);
    return [];
  }
  const seen = new Map<string, number>();
  const out: PoolEndpoint[] = [];
  v.forEach((raw, i) => {
    const path = at('endpoints', i);
    const obj = p.object(raw, path);
    if (!obj) return;
    p.fields(obj, path, ENDPOINT_FIELDS);
    const id = p.string(obj.id, at(path, 'id'));
    if (id !== undefined) {
      if (id !== id.trim()) p.add(at(path, 'id'), `must not start or end with spaces, got ${show(id)}`);
      else if (seen.has(id)) p.add(at(path, 'id'), `duplicate id ${show(id)} (also endpoints[${seen.get(id)}])`);
      else seen.set(id, i);
    }
    const address = typeof obj.address === 'string' ? obj.address : undefined;
    if (address === undefined) p.add(at(path, 'address'), `expected ${transport ? expectedAddress(transport) : 'an address'}, got ${show(obj.address)}`);
    else if (transport && !isAddressFor(transport, address)) {
      p.add(at(path, 'address'), `expected ${expectedAddress(transport)}, got ${show(address)}`);
    }
    const weight = obj.weight === undefined ? 1 : p.number(obj.weight, at(path, 'weight'), WEIGHT_BOUNDS) ?? 1;
    const zone = obj.zone === undefined ? undefined : p.string(obj.zone, at(path, 'zone'));
    const priority = obj.priority === undefined ? undefined : p.number(obj.priority, at(path, 'priority'), { min: 0, integer: true });
    const sim = obj.sim === undefined ? undefined : checkVirtualServer(p, obj.sim, at(path, 'sim'));
    out.push({
      id: id ?? '', address: address ?? '', weight,
      ...(zone !== undefined ? { zone } : {}), ...(priority !== undefined ? { priority } : {}), ...(sim !== undefined ? { sim } : {}),
    });
  });
  return out;
}

/**
 * Builds the balancer once so the strategy's own option checks run now, not mid-run
 * (`strategyOptions: maglev: tableSize must be a prime number, got 65536`).
 */
function checkBalancer(p: Problems, pool: Pool): void {
  const strategy = pool.strategy;
  if (!strategy) return;
  // With discovery the pool may start empty; one stand-in endpoint lets the options be checked.
  const endpoints = pool.endpoints.length > 0 ? pool.endpoints : [{ id: 'discovered', address: 'discovered', weight: 1 }];
  const attempt = (path: string, extra: Record<string, unknown>): boolean => {
    try {
      createBalancer(strategy, endpoints, { ...pool.strategyOptions, ...extra });
      return true;
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      // The pool-shape options name themselves (`slowStart: ...`): their path is the error's own.
      if (path) p.add(path, e.message);
      else p.add(e.path, e.problem);
      return false;
    }
  };
  if (attempt('strategyOptions', {}) && pool.outlierDetection) {
    attempt('outlierDetection', { outlierDetection: pool.outlierDetection });
  }
  if (BALANCING_FIELDS.some((f) => pool[f] !== undefined)) attempt('', balancingOptions(pool));
}

/** Validates `json` as a pool; throws `PoolErrors` (a ConfigError) listing every problem. */
export function parsePool(json: unknown, opts: ParsePoolOptions = {}): Pool {
  const p = new Problems();
  const obj = p.object(json, '');
  if (!obj) {
    p.list[0] = new ConfigError('', `a pool must be a JSON object, got ${show(json)}`);
    p.throwIfAny(opts.source);
  }
  const o = obj!;
  p.fields(o, '', POOL_FIELDS);
  const fallbackName = opts.source ? basename(opts.source, extname(opts.source)) : 'pool';
  const name = o.name === undefined ? fallbackName : p.string(o.name, 'name') ?? fallbackName;
  let transport: TransportName | undefined;
  if (o.transport === undefined) p.add('transport', `required: one of ${TRANSPORTS.join(', ')}`);
  else transport = p.oneOf(o.transport, 'transport', TRANSPORTS);

  const pool = { name, transport: transport ?? 'http', endpoints: [] } as Pool;
  if (o.discovery !== undefined) pool.discovery = checkDiscovery(p, o.discovery, 'discovery');
  pool.endpoints = checkEndpoints(p, o.endpoints, transport, o.discovery !== undefined);
  if (transport) pool.request = checkRequest(p, o.request, 'request', transport, resolve(opts.baseDir ?? '.')) as never;
  if (o.http2 !== undefined) Object.assign(pool, { http2: checkHttp2(p, o.http2, 'http2', transport) });
  if (o.tls !== undefined) Object.assign(pool, { tls: checkTls(p, o.tls, 'tls', transport, resolve(opts.baseDir ?? '.')) });
  if (o.strategy !== undefined) {
    if (isStrategyName(o.strategy)) pool.strategy = o.strategy;
    else p.add('strategy', `unknown strategy ${show(o.strategy)} (valid: ${STRATEGY_NAMES.join(', ')})`);
  }
  if (o.strategyOptions !== undefined) {
    const so = p.object(o.strategyOptions, 'strategyOptions');
    if (so && o.strategy === undefined) p.add('strategyOptions', 'given without a "strategy" they apply to');
    else if (so) pool.strategyOptions = so;
  }
  if (o.outlierDetection !== undefined) pool.outlierDetection = checkOutlierDetection(p, o.outlierDetection, 'outlierDetection');
  Object.assign(pool, checkBalancing(p, o));
  if (o.policy !== undefined) pool.policy = parsePolicy(p, o.policy, 'policy');
  if (o.key !== undefined) pool.key = checkKey(p, o.key, 'key');
  if (o.requests !== undefined) pool.requests = checkRequestData(p, o.requests, 'requests', resolve(opts.baseDir ?? '.'));
  if (o.simulation !== undefined) pool.simulation = checkSimulation(p, o.simulation, 'simulation');
  if (o.control !== undefined) {
    if (typeof o.control === 'string' && isHttpAddress(o.control)) pool.control = o.control;
    else p.add('control', `expected http://host:port, got ${show(o.control)}`);
  }
  if (o.thresholds !== undefined) pool.thresholds = checkThresholds(p, o.thresholds, 'thresholds');
  // The balancer check needs everything above to be right, or its errors would only echo them.
  if (p.count === 0) checkBalancer(p, pool);
  p.throwIfAny(opts.source);
  for (const key of Object.keys(pool) as (keyof Pool)[]) if (pool[key] === undefined) delete pool[key];
  return pool;
}

/** Reads a pool file; relative paths in it resolve against its directory. */
export function loadPoolFile(file: string): Pool {
  return parsePool(readJsonFile(file), { source: file, baseDir: dirname(resolve(file)) });
}

export { PoolErrors };
