/**
 * The RunResult: what a load test or a simulation produced, as schema-versioned JSON.
 * Shared by the runner, the simulator, the CLI, the extension and the webview (type-only there).
 * Imports nothing of ours. Latencies are milliseconds; times on the run are ms since its start.
 * In the open model latency is measured from the intended send time (coordinated omission).
 */

/**
 * 2: a run under a client policy (issue 12) adds `totals.attempts` .. `overflow` and the timeline's
 * `attempts` and `retries`; a version 1 result is a version 2 result without them, so both read.
 */
export const SCHEMA_VERSION = 2;
/** Versions this one reads (older ones lack only optional fields). */
export const READ_VERSIONS = [1, 2] as const;
export type SchemaVersion = (typeof READ_VERSIONS)[number];

export type RunKind = 'loadtest' | 'simulation';
export type RunStatus = 'completed' | 'cancelled' | 'failed';

/** Milliseconds. All zero when there were no samples. */
export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  stdev: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/**
 * Errors by kind. Kinds: `refused`, `reset`, `timeout`, `http_5xx` style `http_503`,
 * `http_4xx` style `http_404`, `jsonrpc_<code>` (e.g. `jsonrpc_-32601`), `grpc_<STATUS>`
 * (e.g. `grpc_UNAVAILABLE`), `protocol` (malformed reply, id mismatch), `too_large` (a reply
 * over the transport's `maxReplyBytes`, 16 MiB by default, not read past the limit), `queue_full`
 * (simulation), `no_endpoint` (the balancer had none usable), `other`.
 * At most 32 keys, `other` included: errors of further kinds count as `other` (`errorKindsFolded`).
 */
export type ErrorCounts = Record<string, number>;

export interface EndpointResult {
  id: string;
  address: string;
  weight: number;
  zone?: string;
  /** Priority level, 0 the highest (Envoy's priority; DNS SRV priority fills it). Absent when the pool has none. */
  priority?: number;
  /** The wire protocol the endpoint negotiated, when its pool asked for HTTP/2 (`h2`, `h2c`, or `http/1.1` when ALPN chose it). */
  protocol?: 'h2' | 'h2c' | 'http/1.1';
  /** Requests that got an answer or an error (after warmup). */
  requests: number;
  ok: number;
  errors: number;
  errorsByKind: ErrorCounts;
  /**
   * Distinct error kinds counted as `other` because `errorsByKind` already held 32 kinds (servers
   * choose kinds: every JSON-RPC code is one). Absent when none were. Counted up to 4,096 (then
   * a lower bound); in a merge of worker results, the sum of the workers' figures.
   */
  errorKindsFolded?: number;
  /** requests / totals.requests (0..1). */
  share: number;
  /** weight / sum of weights of the pool's endpoints (0..1), what weighted strategies aim for. */
  fairShare: number;
  latency: LatencySummary;
  /** hdr-histogram-js `encodeIntoCompressedBase64` of the latency in microseconds (1 us .. 60 s, 3 digits). */
  histogram: string;
}

export interface LateSends {
  /** Sends that left more than 1 ms after their intended time (open model). */
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface RunTotals {
  requests: number;
  ok: number;
  errors: number;
  errorsByKind: ErrorCounts;
  /**
   * Distinct error kinds counted as `other` because `errorsByKind` already held 32 kinds (servers
   * choose kinds: every JSON-RPC code is one). Absent when none were. Counted up to 4,096 (then
   * a lower bound); in a merge of worker results, the sum of the workers' figures.
   */
  errorKindsFolded?: number;
  /** Completed requests (ok + errors) per second over the measured time (after warmup). */
  throughput: number;
  latency: LatencySummary;
  histogram: string;
  /** Open model only. */
  late?: LateSends;
  /** Open model only: sends the `maxInFlight` cap dropped (not counted in requests). */
  dropped?: number;
  /** Requests finished during warmup (excluded from every other figure). */
  warmupRequests?: number;
  /**
   * Under a client policy only (absent otherwise): `requests` .. `latency` are then the callers'
   * view (a request once, its latency from its first intended send to its final answer, its error
   * the final attempt's) and `endpoints[]` the servers' (attempts). Attempts sent for the measured
   * requests, of them retries and hedges; amplification = attempts / requests.
   */
  attempts?: number;
  retries?: number;
  hedges?: number;
  /** Over the whole run (warmup included): retries or hedges the retry budget refused, retry throttling refused, and requests, retries or hedges the circuit breaker refused. */
  budgetDenied?: number;
  throttled?: number;
  overflow?: number;
}

export interface TimelineCell {
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  /** In flight at the end of the interval. */
  inFlight: number;
  /** Under a client policy, in the total cell: attempts (and of them retries) of the requests that finished in the interval. */
  attempts?: number;
  retries?: number;
}

export interface TimelinePoint {
  /** Start of the interval, ms since the run started. */
  t: number;
  total: TimelineCell;
  /** By endpoint id; an endpoint absent from an interval had no requests and none in flight. */
  endpoints: Record<string, TimelineCell>;
  /**
   * Staged runs: the mean target over the interval (requests per second in the open model,
   * callers in the closed model). Merged parts add up (each part's target is its share).
   */
  target?: number;
  /**
   * Staged open-model runs: sends whose intended time falls in the interval, late and dropped
   * ones included (the offered load, as the target counts it); `dropped` of them by `maxInFlight`.
   */
  sent?: number;
  dropped?: number;
  /** Staged closed-model runs: the mean number of callers over the interval. */
  callers?: number;
}

export type RunEventType =
  | 'ejected'
  | 'restored'
  | 'added'
  | 'removed'
  /** A discovered endpoint's weight changed; `value` is the new weight. */
  | 'reweighted'
  | 'slowed'
  /** The server stopped answering for `value` ms (scenario `stall`). */
  | 'stalled'
  | 'failed'
  | 'recovered'
  | 'left'
  | 'joined'
  | 'discovery-error'
  | 'warmup-ended'
  /** A priority level balances over all its endpoints, healthy or not (Envoy's panic); `value` is the priority. */
  | 'panic'
  | 'panic-ended'
  /** The client policy's retry budget refused a retry or hedge (and, recovered, allowed one again). */
  | 'budget-exhausted'
  | 'budget-recovered'
  /** gRPC retry throttling held retries and hedges back (tokens at or below half), and let them go again. */
  | 'throttling-on'
  | 'throttling-off';

export interface RunEvent {
  /** ms since the run started. */
  at: number;
  type: RunEventType;
  endpoint?: string;
  /** Human detail: `slowed 10x`, `fails 50%`, `5 consecutive errors`, `dns-srv: ECONNREFUSED`. */
  detail?: string;
  /** Slow factor or failure share, when the event has one. */
  value?: number;
  /** In a merge of shards (`rpc-balancer merge`): the shard that saw it. */
  shard?: number;
}

/**
 * One stage of a staged load: over `durationMs`, a linear ramp from the previous target (the
 * start value for the first) to `target`, or with `ramp: false` the target held (a step). The
 * target is a rate (open model, per second) or callers (closed model).
 */
export interface LoadStage {
  durationMs: number;
  target: number;
  ramp?: boolean;
}

/**
 * With `stages`, the run's measured time is the stages' sum; `rate` / `concurrency` then hold the
 * peak target (what connections and workers are sized for), and `startRate` (default 0) /
 * `startCallers` (default 1) where the first ramp starts.
 */
export type LoadModel =
  | { model: 'closed'; concurrency: number; thinkTimeMs?: number; stages?: LoadStage[]; startCallers?: number }
  | { model: 'open'; rate: number; maxInFlight?: number; stages?: LoadStage[]; startRate?: number };

export interface RunConfig {
  /** The pool as given, secrets (auth headers, passwords, tokens) redacted to "[redacted]". */
  pool: Record<string, unknown>;
  strategy: string;
  strategyOptions: Record<string, unknown>;
  transport: string;
  load: LoadModel;
  durationMs?: number;
  requests?: number;
  warmupMs: number;
  timeoutMs?: number;
  workers?: number;
  /** Simulation seed. */
  seed?: number;
  /** Hash key template, when given. */
  key?: unknown;
  /** The scenario's faults, as given. */
  scenario?: unknown[];
  /**
   * `run --shard i/N`: this result is shard `index` (0-based) of `count`; `load`, `requests` are
   * the shard's share, `seed` the run's (each shard draws its own stream from it). Absent in a merge.
   */
  shard?: { index: number; count: number };
  /** In a merge of shards: how many were merged (`load` and `requests` are then the whole run's). */
  shards?: number;
  /** `--start-at`: the instant the shards were told to start (ISO 8601); `startedAt` is when this one did. */
  startAt?: string;
  /** What the plan changed or could not do on the caller's behalf (a coarser timeline, rows running out, a policy not applied). */
  notes?: string[];
  /** Anything else a run kind wants to record (simulation client settings, ...). */
  [extra: string]: unknown;
}

/** For hash strategies: what the webview needs to redraw the ring with the engine's own code. */
export interface RingInfo {
  strategy: string;
  /** Options the strategy ran with (pointsPerWeight, tableSize, ...). */
  options: Record<string, unknown>;
  /** Points on the ring (consistent-hash, bounded-load-hash) or table cells (maglev); 0 for rendezvous. */
  points: number;
  /** Up to 1,000 keys the run sent, to show where keys land. */
  sampleKeys: string[];
}

export interface RunResult {
  schemaVersion: SchemaVersion;
  tool: { name: 'rpc-balancer'; version: string };
  kind: RunKind;
  status: RunStatus;
  /** Why a run failed or what ended it early. */
  error?: string;
  /** ISO 8601. */
  startedAt: string;
  /** Measured time (after warmup) in ms. */
  durationMs: number;
  config: RunConfig;
  totals: RunTotals;
  endpoints: EndpointResult[];
  timelineIntervalMs: number;
  timeline: TimelinePoint[];
  events: RunEvent[];
  ring?: RingInfo;
}

/** A comparison of strategies or variants and its rows: comparison.ts. */
export type { Comparison, ComparisonRow } from './comparison';
