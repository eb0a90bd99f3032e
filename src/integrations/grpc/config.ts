/**
 * The policy config of `rpc_balancer_<strategy>`: what follows the policy name in a service
 * config's `loadBalancingConfig`, e.g.
 *
 *     { "rpc_balancer_consistent_hash": { "hashHeader": "x-user", "pointsPerWeight": 100 } }
 *
 * grpc-js builds it with the static `createFromJson(obj)` of the class registered next to the
 * policy (as `RoundRobinLoadBalancingConfig.createFromJson` does) when it parses a service config
 * (`parseLoadBalancingConfig`, `selectLbConfigFromList`); an error thrown there makes grpc-js skip
 * this entry of the list and prefix the message with the policy name. Fields:
 * - the strategy's own options and `outlierDetection`, validated by `createBalancer` (its errors
 *   name the strategy and the field: `p2c-peak-ewma: decayMs must be greater than 0, got -1`);
 * - `hashHeader` (hash strategies only): the request metadata header whose value is the hash key,
 *   as gRFC A76 `request_hash_header` does for ring_hash: several values are joined with ",",
 *   a missing header means a random key, and binary (`-bin`) headers are refused;
 * - `weights`: `{ "<address>": weight }`, keyed by the address as grpc-js prints it
 *   (`127.0.0.1:50051`, `[::1]:50051`); addresses not listed weigh 1. grpc-js endpoints carry no
 *   attributes, so the service config is where weights can come from;
 * - `priorities` (`{ "<address>": 0 }`, a whole number >= 0, 0 the highest; not listed: 0) and
 *   `zones` (`{ "<address>": "eu-1" }`), keyed the same way, for the pool-shape wrappers
 *   (engine/priority-balancer.ts): `overprovisioningFactor`, `localityWeights`, `panicThreshold` and
 *   `slowStart` (`{ "windowMs": 30000, ... }`, as `createBalancer` takes it) are options like the
 *   strategy's and validated by the engine. A subchannel that is not READY counts as unhealthy in
 *   its level (as Envoy counts a host that fails its health check), as do outlier detection's ejections.
 */
import { ConfigError, show } from '../../engine/errors';
import { POOL_SHAPE_DEFAULTS } from '../../engine/priority-options';
import { createBalancer } from '../../engine/registry';
import type { BalancerOptions, StrategyName } from '../../engine/types';
import { HASH_STRATEGY_NAMES } from '../../engine/types';

/** Fields of the policy config that are ours, not the strategy's. */
const OWN_FIELDS = new Set(['hashHeader', 'weights', 'priorities', 'zones']);
/** BalancerOptions that take functions: they have no JSON form. */
const CODE_ONLY_OPTIONS = new Set(['now', 'random', 'onEvent']);
/** gRPC metadata keys as grpc-js accepts them (`Metadata.set` lowercases first). */
const METADATA_KEY = /^[0-9a-z_.-]+$/;

export function isHashStrategy(strategy: StrategyName): boolean {
  return (HASH_STRATEGY_NAMES as readonly string[]).includes(strategy);
}

/** A validated policy config; immutable. */
export interface ParsedPolicyConfig {
  /** Passed to `createBalancer` (JSON only: no `now`, `random`, `onEvent`). */
  readonly options: Readonly<BalancerOptions>;
  readonly hashHeader: string | undefined;
  readonly weights: ReadonlyMap<string, number>;
  readonly priorities: ReadonlyMap<string, number>;
  readonly zones: ReadonlyMap<string, string>;
  /** The config as given (validated), for `toJsonObject`. */
  readonly json: Readonly<Record<string, unknown>>;
  /** Equal for equal configs, so an unchanged config keeps the balancer (and what it learned). */
  readonly key: string;
}

/** Throws a ConfigError naming the strategy and the field. */
export function parsePolicyConfig(strategy: StrategyName, raw: unknown): ParsedPolicyConfig {
  const obj = raw === undefined || raw === null ? {} : raw;
  if (typeof obj !== 'object' || Array.isArray(obj)) throw new ConfigError(strategy, `policy config must be an object, got ${show(raw)}`);
  const record = obj as Record<string, unknown>;
  const options: BalancerOptions = {};
  for (const [field, value] of Object.entries(record)) {
    if (CODE_ONLY_OPTIONS.has(field)) throw new ConfigError(strategy, `${field} cannot be set in a service config (it takes a function)`);
    if (!OWN_FIELDS.has(field)) options[field] = value;
  }
  const priorities = parseAddressMap<number>(strategy, 'priorities', record.priorities, 'priority', 'a whole number at least 0', (v) => Number.isInteger(v) && (v as number) >= 0);
  const zones = parseAddressMap<string>(strategy, 'zones', record.zones, 'zone', 'a non-empty string', (v) => typeof v === 'string' && v !== '');
  // The balancer is made before any address resolves: naming a pool-shape option turns the
  // priority levels on from the start (the engine otherwise looks for priorities at creation).
  if (priorities.size > 0 && options.panicThreshold === undefined) options.panicThreshold = POOL_SHAPE_DEFAULTS.panicThreshold;
  // createBalancer validates the strategy's options (and outlierDetection) the one way the engine does.
  createBalancer(strategy, [], options);
  const hashHeader = parseHashHeader(strategy, record.hashHeader);
  const weights = parseAddressMap<number>(strategy, 'weights', record.weights, 'weight', 'a positive finite number', (v) => typeof v === 'number' && Number.isFinite(v) && v > 0);
  const json = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  return Object.freeze({
    options: Object.freeze(options), hashHeader, weights, priorities, zones, json: Object.freeze(json), key: canonical(json),
  });
}

function parseHashHeader(strategy: StrategyName, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isHashStrategy(strategy)) {
    throw new ConfigError(strategy, `hashHeader applies only to the hash strategies (${HASH_STRATEGY_NAMES.join(', ')}), got ${show(value)}`);
  }
  if (typeof value !== 'string' || !METADATA_KEY.test(value.toLowerCase())) {
    throw new ConfigError(strategy, `hashHeader must be a metadata key (letters, digits, "-", "_", "."), got ${show(value)}`);
  }
  const header = value.toLowerCase();
  if (header.endsWith('-bin')) throw new ConfigError(strategy, `hashHeader must not be a binary (-bin) header, got ${show(value)}`);
  return header;
}

/** `{ "<address>": value }`, every value passing `valid`. */
function parseAddressMap<T>(
  strategy: StrategyName, field: string, value: unknown, noun: string, want: string, valid: (v: unknown) => boolean,
): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  if (value === undefined) return map;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(strategy, `${field} must be an object of address to ${noun}, got ${show(value)}`);
  }
  for (const [address, v] of Object.entries(value as Record<string, unknown>)) {
    if (!valid(v)) throw new ConfigError(strategy, `${field}[${show(address)}] must be ${want}, got ${show(v)}`);
    map.set(address, v as T);
  }
  return map;
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
