/**
 * What `createBalancedDispatcher` takes, and the one function that validates it and fills in
 * defaults. A pool file (`PoolConfig`) or a bare `{ endpoints }` list both work; anything the
 * options say wins over the pool. Errors are `ConfigError`s naming the field, as everywhere else.
 * The pool-shape wrappers (priority levels, locality weights, panic threshold, slow start:
 * engine/priority-balancer.ts, slow-start.ts) come from the endpoints' `priority` and `zone` and
 * from the options of the same names; the engine's parser (priority-options.ts) validates them
 * when the balancer is built, so a bad value fails `createBalancedDispatcher` itself.
 */
import type { Dispatcher, Pool } from 'undici';
import { ConfigError, show } from '../../engine/errors';
import { isStrategyName } from '../../engine/registry';
import type { BalancerEvent, BalancerOptions, Endpoint, OutlierOptions, Outcome, SlowStartOptions, StrategyName } from '../../engine/types';
import { parseDuration } from '../../pools/duration';
import type { BalancingSpec } from '../../pools/parse-balancing';

/** One upstream. `id` defaults to the address; `weight` to 1. */
export interface BalancedEndpoint {
  id?: string;
  /** `http://host:port` or `https://host:port`, optionally with a path prefix (`http://h:1/api`). */
  address: string;
  weight?: number;
  /** The locality that `localityWeights` weigh. */
  zone?: string;
  /** 0 = highest (Envoy's priority; DNS SRV priority). */
  priority?: number;
}

/** The pool-shape options as `createBalancer` takes them (slow start's window in ms). */
export interface PoolShapeOptions {
  /** Default 1.4 (Envoy's 140). */
  overprovisioningFactor?: number;
  localityWeights?: Readonly<Record<string, number>>;
  /** Percent, default 50. */
  panicThreshold?: number;
  slowStart?: SlowStartOptions;
}

/**
 * A pool file (`PoolConfig` fits) or a bare list of endpoints. Its pool-shape fields are written
 * as in a pool file: `slowStart: { "window": "30s", ... }`.
 */
export interface BalancedPoolSpec extends BalancingSpec {
  endpoints: readonly BalancedEndpoint[];
  /** Checked when present: only `http` and `jsonrpc` pools travel over HTTP. */
  transport?: string;
  strategy?: StrategyName;
  strategyOptions?: Record<string, unknown>;
  outlierDetection?: OutlierOptions | boolean;
}

/** The pool-shape options, each winning over the pool's. */
export interface BalancedDispatcherOptions extends PoolShapeOptions {
  /** Wins over the pool's; default `round-robin` (as pool files and settings default). */
  strategy?: StrategyName;
  /** Per-strategy options, merged over the pool's. */
  strategyOptions?: Record<string, unknown>;
  /** Wins over the pool's; `true` means the engine's defaults. */
  outlierDetection?: OutlierOptions | boolean;
  /** Hash strategies: the request header whose value is the key (`x-user`). */
  keyHeader?: string;
  /** Hash strategies: the key from the whole request; wins over `keyHeader`. `undefined` means a random key. */
  key?: (opts: Dispatcher.DispatchOptions) => string | undefined;
  /** undici `Pool` options for every endpoint's pool (connections, timeouts, TLS...). */
  poolOptions?: Pool.Options;
  /** Milliseconds, monotonic; used for latencies and given to the balancer. Default `performance.now`. */
  now?: () => number;
  /** Uniform in [0, 1), given to the balancer. Default `Math.random`. */
  random?: () => number;
  /** Ejections and returns from outlier detection. */
  onEvent?: (event: BalancerEvent) => void;
  /** Every outcome as it is fed back, once per request (metrics, logs, tests). */
  onOutcome?: (endpoint: Endpoint, outcome: Outcome) => void;
}

/** Everything resolved: what the dispatcher needs and nothing it has to check again. */
export interface ResolvedOptions {
  strategy: StrategyName;
  endpoints: Endpoint[];
  balancerOptions: BalancerOptions;
  keyHeader?: string;
  key?: (opts: Dispatcher.DispatchOptions) => string | undefined;
  poolOptions: Pool.Options;
  now: () => number;
  onOutcome?: (endpoint: Endpoint, outcome: Outcome) => void;
}

const WHERE = 'createBalancedDispatcher';

/** Endpoints as the engine takes them; the engine itself rejects empty/duplicate ids and bad weights. */
export function toEndpoints(list: unknown, path = 'endpoints'): Endpoint[] {
  if (!Array.isArray(list)) throw new ConfigError(`${WHERE}: ${path}`, `expected an array of endpoints, got ${show(list)}`);
  return list.map((raw: unknown, i) => {
    const at = `${WHERE}: ${path}[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw new ConfigError(at, `expected an object with an address, got ${show(raw)}`);
    const e = raw as BalancedEndpoint;
    if (typeof e.address !== 'string' || !isHttpUrl(e.address)) {
      throw new ConfigError(`${at}.address`, `expected http://host:port or https://host:port, got ${show(e.address)}`);
    }
    const ep: { -readonly [K in keyof Endpoint]: Endpoint[K] } = {
      id: e.id ?? e.address,
      address: e.address,
      weight: e.weight ?? 1,
    };
    if (e.zone !== undefined) ep.zone = e.zone;
    if (e.priority !== undefined) ep.priority = e.priority;
    return ep;
  });
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}

export function resolveOptions(pool: BalancedPoolSpec, options: BalancedDispatcherOptions = {}): ResolvedOptions {
  if (typeof pool !== 'object' || pool === null) throw new ConfigError(`${WHERE}: pool`, `expected a pool with endpoints, got ${show(pool)}`);
  if (pool.transport !== undefined && pool.transport !== 'http' && pool.transport !== 'jsonrpc') {
    throw new ConfigError(`${WHERE}: pool.transport`, `undici speaks HTTP: expected http or jsonrpc, got ${show(pool.transport)}`);
  }
  const strategy = options.strategy ?? pool.strategy ?? 'round-robin';
  if (!isStrategyName(strategy)) throw new ConfigError(`${WHERE}: strategy`, `unknown strategy ${show(strategy)}`);
  if (options.keyHeader !== undefined && (typeof options.keyHeader !== 'string' || options.keyHeader === '')) {
    throw new ConfigError(`${WHERE}: keyHeader`, `expected a header name, got ${show(options.keyHeader)}`);
  }
  if (options.key !== undefined && typeof options.key !== 'function') {
    throw new ConfigError(`${WHERE}: key`, `expected a function (opts) => string | undefined, got ${show(options.key)}`);
  }
  const now = options.now ?? (() => performance.now());
  const balancerOptions: BalancerOptions = { ...pool.strategyOptions, ...options.strategyOptions, now };
  if (options.random) balancerOptions.random = options.random;
  const od = options.outlierDetection ?? pool.outlierDetection;
  if (od !== undefined) balancerOptions.outlierDetection = od;
  if (options.onEvent) balancerOptions.onEvent = options.onEvent;
  Object.assign(balancerOptions, poolShape(pool), poolShape(options));
  const resolved: ResolvedOptions = {
    strategy,
    endpoints: toEndpoints(pool.endpoints),
    balancerOptions,
    poolOptions: { ...options.poolOptions },
    now,
  };
  if (options.keyHeader !== undefined) resolved.keyHeader = options.keyHeader.toLowerCase();
  if (options.key) resolved.key = options.key;
  if (options.onOutcome) resolved.onOutcome = options.onOutcome;
  return resolved;
}

const SHAPE_FIELDS = ['overprovisioningFactor', 'localityWeights', 'panicThreshold', 'slowStart'] as const;

/**
 * The pool-shape fields `from` gives, as `createBalancer` takes them. A pool's slow-start window is
 * a duration (`"30s"`), turned into `windowMs`; anything malformed goes on for the engine to name.
 */
function poolShape(from: BalancedPoolSpec | BalancedDispatcherOptions): BalancerOptions {
  const out: BalancerOptions = {};
  for (const f of SHAPE_FIELDS) if (from[f] !== undefined) (out as Record<string, unknown>)[f] = from[f];
  const ss = out.slowStart as unknown;
  if ('endpoints' in from && ss !== null && typeof ss === 'object' && 'window' in ss) {
    const { window, ...ramp } = ss as { window: unknown };
    out.slowStart = { ...ramp, windowMs: parseDuration(window, `${WHERE}: pool.slowStart.window`) } as SlowStartOptions;
  }
  return out;
}
