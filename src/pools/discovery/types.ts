/**
 * One interface for every discovery source (DNS SRV, etcd): start() answers the first member list
 * (or rejects: a run cannot start from nothing), then changes arrive through `onChange` as whole
 * lists, so a consumer never has to replay deltas; errors arrive through `onError`.
 */
import type { EndpointConfig } from '../types';

export type DiscoveryKind = 'dns-srv' | 'etcd';

/** A discovered endpoint: an EndpointConfig plus where it came from, for display. */
export interface DiscoveredEndpoint extends EndpointConfig {
  weight: number;
  /** Where this member came from: the etcd key (`/services/orders/s1`) or the SRV record (`_http._tcp.orders.test`). */
  origin: string;
  /** SRV priority: the endpoint's priority level (lower first, the others for failover). */
  priority?: number;
}

/** Why a list changed, for event details (`via etcd`). */
export interface DiscoveryChangeInfo {
  via: DiscoveryKind;
}

export type OnMembers = (endpoints: DiscoveredEndpoint[], info: DiscoveryChangeInfo) => void;
/**
 * An outage is reported once (not once per retry) and the last known endpoints stay; a record
 * that cannot be used (a bad etcd value) is reported once per version and skipped.
 */
export type OnDiscoveryError = (err: Error) => void;

export interface DiscoverySource {
  readonly kind: DiscoveryKind;
  /** Resolves with the first list; rejects when the source cannot be reached at all. */
  start(onChange: OnMembers, onError: OnDiscoveryError): Promise<DiscoveredEndpoint[]>;
  /** Stops refreshing or watching; no callback fires after it resolves. */
  stop(): Promise<void>;
  /** `etcd http://127.0.0.1:2379 /services/orders/`, `dns-srv _http._tcp.orders.test @127.0.0.1:5353`. */
  describe(): string;
}

/** Same members, same addresses and weights (order ignored): no change to apply. */
export function sameMembers(a: readonly DiscoveredEndpoint[], b: readonly DiscoveredEndpoint[]): boolean {
  if (a.length !== b.length) return false;
  const key = (e: DiscoveredEndpoint): string => `${e.id}\u0000${e.address}\u0000${e.weight}\u0000${e.zone ?? ''}\u0000${e.priority ?? ''}`;
  const seen = new Set(a.map(key));
  return b.every((e) => seen.has(key(e)));
}
