/**
 * The engine contract (see docs/ARCHITECTURE.md, "The engine contract").
 *
 * A balancer never does I/O and never reads the clock on its own: time comes from
 * `options.now`, randomness from `options.random`, so every test can be exact.
 */

export interface Endpoint {
  readonly id: string;
  /** `http://host:port` for http/jsonrpc, `host:port` for grpc, anything for simulations. */
  readonly address: string;
  /** Positive and finite; 1 when the pool does not say. */
  readonly weight: number;
  readonly zone?: string;
  /** Priority level, 0 the highest (Envoy's `LocalityLbEndpoints.priority`); 0 when the pool does not say. */
  readonly priority?: number;
}

export interface PickContext {
  /** Hash key for the hash strategies; ignored by the others. A hash strategy picks a random key when absent. */
  key?: string;
}

export interface Outcome {
  latencyMs: number;
  ok: boolean;
  /** Server-reported utilisation, 0..1 (feeds `least-load`); how servers report it: load-report.ts. */
  load?: number;
  /** An ORCA load report that came with the reply (feeds `orca-weighted-round-robin`); orca-report.ts. */
  report?: LoadReport;
}

/**
 * An ORCA load report (`xds.data.orca.v3.OrcaLoadReport`, cncf/xds), with the fields gRPC weighs
 * by: `cpu_utilization` -> `utilization`, `application_utilization`, `rps_fractional` -> `qps`,
 * `eps`, `named_metrics` -> `named`. Each is finite and >= 0 when present (named metrics: finite).
 */
export interface LoadReport {
  utilization?: number;
  applicationUtilization?: number;
  qps?: number;
  eps?: number;
  named?: Record<string, number>;
}

export interface Pick {
  readonly endpoint: Endpoint;
  /** Call exactly once per pick; later calls are ignored. Safe to call after the endpoint left the pool. */
  done(outcome: Outcome): void;
}

export interface Balancer {
  readonly name: StrategyName;
  /** `undefined` only when no endpoint is usable. Never throws. */
  pick(ctx?: PickContext): Pick | undefined;
  /** Replace the pool; what was learned about endpoints that stay (matched by `id`) is kept. */
  setEndpoints(endpoints: readonly Endpoint[]): void;
  /** The endpoints currently in the pool, in the order last given. */
  endpoints(): readonly Endpoint[];
}

export const STRATEGY_NAMES = [
  'round-robin',
  'random',
  'weighted-round-robin',
  'weighted-random',
  'least-connections',
  'least-response-time',
  'least-load',
  'p2c-peak-ewma',
  'least-request',
  'pick-first',
  'consistent-hash',
  'bounded-load-hash',
  'maglev',
  'rendezvous',
  'orca-weighted-round-robin',
] as const;

export type StrategyName = (typeof STRATEGY_NAMES)[number];

export const HASH_STRATEGY_NAMES = ['consistent-hash', 'bounded-load-hash', 'maglev', 'rendezvous'] as const;
export type HashStrategyName = (typeof HASH_STRATEGY_NAMES)[number];

/** What a balancer reports so runs can record it. `at` is `options.now()`. */
export type BalancerEvent = EjectionEvent | PanicEvent;

/** Outlier detection ejected an endpoint, or its ejection ended. */
export interface EjectionEvent {
  type: 'ejected' | 'restored';
  endpointId: string;
  at: number;
  /** `consecutive-errors` or `success-rate` for ejections. */
  reason?: string;
  /** For ejections: how long this ejection lasts, in ms. */
  durationMs?: number;
}

/** A priority level went into panic (balances over all its endpoints, healthy or not), or out of it. */
export interface PanicEvent {
  type: 'panic' | 'panic-ended';
  at: number;
  /** The level's priority (0 the highest). */
  priority: number;
  /** Healthy endpoints of the level, in percent, when the change happened. */
  healthyPercent: number;
}

export function isPanicEvent(e: BalancerEvent): e is PanicEvent {
  return e.type === 'panic' || e.type === 'panic-ended';
}

/** Envoy's slow start (SlowStartConfig): a joining endpoint's weight ramps up over `windowMs`. */
export interface SlowStartOptions {
  windowMs: number;
  /** weight x (t / window) ^ (1 / aggression); default 1 (linear). */
  aggression?: number;
  /** The ramp starts at this percent of the weight (default 10). */
  minWeightPercent?: number;
}

export interface SuccessRateOptions {
  /** Hosts with at least `requestVolume` requests in the interval needed before it runs (Envoy default 5). */
  minimumHosts?: number;
  /** Requests an endpoint needs in the interval to be judged (Envoy default 100). */
  requestVolume?: number;
  /** Eject when success rate < mean - stdevFactor/1000 x stdev (Envoy default 1900, i.e. 1.9). */
  stdevFactor?: number;
}

export interface OutlierOptions {
  /** Consecutive errors that eject an endpoint (default 5). */
  consecutiveErrors?: number;
  /** Ejection lasts baseEjectionTimeMs x number of ejections so far (default 30000). */
  baseEjectionTimeMs?: number;
  /** Upper bound of one ejection (default 300000). */
  maxEjectionTimeMs?: number;
  /** At most this percent of endpoints ejected at once, but at least one (default 10). */
  maxEjectionPercent?: number;
  /** How often success-rate ejection is evaluated, in ms (default 10000). */
  intervalMs?: number;
  /** Envoy's success-rate ejection; off unless given. */
  successRate?: SuccessRateOptions;
}

export interface BalancerOptions {
  /** Milliseconds, monotonic. Default `performance.now`. */
  now?: () => number;
  /** Uniform in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Outlier detection wraps any strategy; `true` means the defaults. */
  outlierDetection?: OutlierOptions | boolean;
  /** Ejections and returns, panics and their ends, so runs can record them. */
  onEvent?: (event: BalancerEvent) => void;
  /** Priority levels and localities: a level's healthy share x this (default 1.4) caps its load at 100 %. */
  overprovisioningFactor?: number;
  /** Locality weights by endpoint `zone`: a locality is picked by weight x min(1, factor x healthy share). */
  localityWeights?: Readonly<Record<string, number>>;
  /** Percent of healthy endpoints below which a level balances across all of them (default 50). */
  panicThreshold?: number;
  /** Endpoints that join a running pool ramp up their weight. */
  slowStart?: SlowStartOptions;
  /** Per-strategy options (validated by the strategy; unknown names are rejected). */
  [option: string]: unknown;
}

/** One option a strategy takes, for `strategies`, `--help`, the settings schema and the webview. */
export interface StrategyOptionInfo {
  name: string;
  type: 'number' | 'integer' | 'boolean' | 'string';
  default: number | boolean | string;
  description: string;
}

/** Injected time and randomness, resolved once so strategies never read globals. */
export interface Env {
  now: () => number;
  random: () => number;
}

/** What one strategy file exports (strategies/<name>.ts): its description and a factory. */
export interface StrategyDefinition extends StrategyInfo {
  /** `endpoints` are already validated; `options` are the raw options (the strategy validates its own). */
  create(endpoints: readonly Endpoint[], options: BalancerOptions, env: Env): Balancer;
}

export interface StrategyInfo {
  name: StrategyName;
  /** One line. */
  summary: string;
  /** True for the four hash strategies (they read `PickContext.key`). */
  hashing: boolean;
  /** Uses `done` feedback (latency, errors, load). */
  feedback: boolean;
  /** Reads ORCA load reports (`Outcome.report`): a simulation has its virtual servers compute them only then. */
  readsReports?: boolean;
  options: readonly StrategyOptionInfo[];
}

/**
 * Layout of a hash strategy, for drawing the ring and for "what moves if X leaves".
 * Positions are fractions of the 64-bit hash space in [0, 1).
 */
export type HashLayout =
  | { kind: 'ring'; endpointIds: readonly string[]; positions: Float64Array; owners: Uint32Array }
  | { kind: 'table'; endpointIds: readonly string[]; owners: Uint32Array }
  | { kind: 'hrw'; endpointIds: readonly string[] };

/** The four hash strategies also answer these (pure, no side effects, no in-flight accounting). */
export interface HashBalancer extends Balancer {
  /** The endpoint id a key maps to now, ignoring load bounds; undefined when the pool is empty. */
  ownerOf(key: string): string | undefined;
  layout(): HashLayout;
}

export function isHashBalancer(b: Balancer): b is HashBalancer {
  return typeof (b as Partial<HashBalancer>).ownerOf === 'function';
}
