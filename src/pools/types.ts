/**
 * The pool-file format (also `rpcBalancer.pools` in VS Code settings, same JSON Schema).
 * Parsed and validated by `parsePool`, which names the JSON path of anything wrong.
 */
import type { Endpoint, OutlierOptions, StrategyName } from '../engine/types';
import type { BalancingSpec } from './parse-balancing';
import type { ClientPolicy } from './policy-types';

export type TransportName = 'http' | 'jsonrpc' | 'grpc';

/** A latency or service-time distribution, in milliseconds. */
export type Distribution =
  | { type: 'constant'; ms: number }
  | { type: 'exponential'; meanMs: number }
  | { type: 'lognormal'; medianMs: number; p99Ms: number }
  | { type: 'mix'; p: number; a: Distribution; b: Distribution };

/** How a virtual server behaves in a simulation (`simulate`, `compare`). */
export interface VirtualServerConfig {
  /** Parallel slots (the server's concurrency), default 8. */
  slots?: number;
  /** FIFO queue bound; overflow is an error of kind `queue_full`. Unbounded when absent. */
  queue?: number;
  /** Service time; default lognormal median 5 ms, p99 25 ms. */
  service?: Distribution;
  /** Share of requests that fail, 0..1, default 0. */
  errorRate?: number;
  /** Network round trip added to every request, default 0.2 ms. */
  rttMs?: number;
}

export interface EndpointConfig {
  id: string;
  /** `http://host:port` (http, jsonrpc) or `host:port` (grpc). */
  address: string;
  weight?: number;
  zone?: string;
  /** Priority level, 0 the highest; traffic spills to the next level as this one loses health. */
  priority?: number;
  /** Virtual server for simulations; the pool's `simulation.defaults` fill what is missing. */
  sim?: VirtualServerConfig;
}

export interface HttpRequestTemplate {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface JsonRpcRequestTemplate {
  /** JSON-RPC method name. */
  method: string;
  params?: unknown;
  /** HTTP path, default `/`. */
  path?: string;
  headers?: Record<string, string>;
}

export interface GrpcRequestTemplate {
  /** Path of the `.proto` file, relative to the pool file. */
  proto: string;
  /** Fully qualified service, e.g. `demo.Echo`. */
  service: string;
  method: string;
  message?: Record<string, unknown>;
  metadata?: Record<string, string>;
}

/** HTTP/2 for an http or jsonrpc pool (parse-http2.ts): h2c for http://, ALPN for https://. */
export interface Http2Config {
  /** Streams in flight on one connection; more requests wait in the client. Default 100. */
  maxConcurrentStreams: number;
  /** Connections per endpoint. Default 1. */
  connections: number;
}

/** How https:// endpoints are verified, over HTTP/1.1 and HTTP/2 alike. */
export interface TlsConfig {
  /** A PEM file (absolute once parsed) or the PEM text: the CA that signed the servers' certificates. */
  ca?: string;
  /** Accept any certificate (a self-signed test server). */
  insecure?: boolean;
  /** SNI name and the name the certificate must carry, when the address is an IP. */
  servername?: string;
}

export type RequestTemplate = HttpRequestTemplate | JsonRpcRequestTemplate | GrpcRequestTemplate;

export type DiscoveryConfig =
  | { type: 'dns-srv'; name: string; server?: string; refresh?: string }
  | { type: 'etcd'; endpoints: string[]; prefix: string };

/**
 * Where hash keys come from, live and simulated alike: a template (`"user-{seq % 1000}"`, `{seq}`,
 * `{random 1000}`), a random pick from a list, a field of the request (`"params.0"`), or a key
 * space of `space` keys (`key-1` .. `key-<space>`) drawn uniformly or with Zipf skew.
 */
export type KeySpec = string | { list: string[] } | { field: string } | KeySpace;

/**
 * Request data (`requests` in a pool file, `requestData` in a run config): rows of a CSV file with
 * a header row or of a JSONL file fill the request's `{column}` placeholders and the hash key
 * (`key: { "field": "user" }`). `file` is absolute once parsed (resolved against the pool file's
 * folder, or the run's baseDir).
 */
export interface RequestDataSpec {
  file: string;
  /** Default `circular` (REQUEST_DATA_DEFAULTS). */
  order?: 'sequential' | 'random' | 'shuffle' | 'circular';
}

export interface KeySpace {
  /** Number of distinct keys, 1 .. 1e9. */
  space: number;
  /** `uniform` (the default), or Zipf with exponent `s` > 0 (s = 1 is the classic web-cache skew). */
  skew?: 'uniform' | { zipf: number };
}

/** A pool endpoint as `parsePool` returns it: an engine Endpoint (weight filled in) and its virtual server. */
export interface PoolEndpoint extends Endpoint {
  /** Virtual server for simulations; the pool's `simulation.defaults` fill what is missing. */
  sim?: VirtualServerConfig;
}

/** Priorities, localities, panic and slow start (parse-balancing.ts) sit beside `strategy`. */
interface PoolCommon extends BalancingSpec {
  name: string;
  endpoints: PoolEndpoint[];
  strategy?: StrategyName;
  /** Options of the pool's own `strategy` (another strategy run on this pool runs with its defaults). */
  strategyOptions?: Record<string, unknown>;
  outlierDetection?: OutlierOptions | boolean;
  /** Deadline, retries, hedging, budgets and limits around each request (parse-policy.ts), parsed: durations in ms. */
  policy?: ClientPolicy;
  /** What a run on this pool must hold (`p99<200ms`, `errors<1%`): its tests in the editor's Test Explorer. */
  thresholds?: string[];
  key?: KeySpec;
  /** Rows that fill each request's placeholders and hash key (see RequestDataSpec). */
  requests?: RequestDataSpec;
  discovery?: DiscoveryConfig;
  /** Defaults for every endpoint's virtual server in simulations. */
  simulation?: { defaults?: VirtualServerConfig };
  /** Control address of the demo servers (`serve-demo`), used to put a scenario's faults on them. */
  control?: string;
}

export interface HttpPool extends PoolCommon {
  transport: 'http';
  request?: HttpRequestTemplate;
  /** Absent: HTTP/1.1. */
  http2?: Http2Config;
  tls?: TlsConfig;
}

export interface JsonRpcPool extends PoolCommon {
  transport: 'jsonrpc';
  request?: JsonRpcRequestTemplate;
  http2?: Http2Config;
  tls?: TlsConfig;
}

export interface GrpcPool extends PoolCommon {
  transport: 'grpc';
  request?: GrpcRequestTemplate;
}

/** A pool that passed `parsePool`: every field checked, endpoint weights filled in, the request typed by transport. */
export type Pool = HttpPool | JsonRpcPool | GrpcPool;

/** The name earlier releases gave `Pool`. */
export type PoolConfig = Pool;

/** One fault on a run's timeline, parsed from `{"at": "3s", "endpoint": "s2", "slow": 10}`. */
export type FaultAction = 'slow' | 'fail' | 'stall' | 'leave' | 'join' | 'recover' | 'remove' | 'add' | 'coldJoin';

export interface ScenarioStep {
  /** ms since the run started. */
  at: number;
  endpoint: string;
  action: FaultAction;
  /** slow: factor (>= 1); fail: share 0..1; stall: ms the server stops answering; coldJoin: the cold factor (>= 1). */
  value?: number;
  /** coldJoin: ms until the server is warm (its slowdown falls linearly from `value` to 1, src/faults/cold-start.ts). */
  forMs?: number;
}
