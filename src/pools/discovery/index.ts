/**
 * Discovery: `createDiscovery(config, pool)` builds the source a pool's `discovery` section names;
 * `describePoolMembers(pool)` answers a pool's current members and where each came from (the CLI
 * prints it before a run, the VS Code tree shows it).
 */
import { parseDuration } from '../duration';
import type { DiscoveryConfig, PoolConfig } from '../types';
import { DnsSrvDiscovery } from './dns-srv';
import { EtcdDiscovery } from './etcd';
import type { DiscoveredEndpoint, DiscoveryKind, DiscoverySource } from './types';

export type { DiscoveredEndpoint, DiscoveryChangeInfo, DiscoveryKind, DiscoverySource, OnDiscoveryError, OnMembers } from './types';
export { sameMembers } from './types';
export { DnsSrvDiscovery } from './dns-srv';
export { EtcdDiscovery } from './etcd';

export const DISCOVERY_DEFAULTS = Object.freeze({ refresh: '5s' });

export function createDiscovery(config: DiscoveryConfig, pool: Pick<PoolConfig, 'transport'>): DiscoverySource {
  if (config.type === 'dns-srv') {
    const refreshMs = parseDuration(config.refresh ?? DISCOVERY_DEFAULTS.refresh, 'discovery.refresh');
    return new DnsSrvDiscovery({ name: config.name, server: config.server, refreshMs, transport: pool.transport });
  }
  return new EtcdDiscovery({ endpoints: config.endpoints, prefix: config.prefix, transport: pool.transport });
}

export interface PoolMember {
  id: string;
  address: string;
  weight: number;
  zone?: string;
  /** Priority level: the pool file's, or the SRV priority of dns-srv members. */
  priority?: number;
  /** `static` for the pool file's own endpoints. */
  source: 'static' | DiscoveryKind;
  /** `pool file`, the etcd key, or the SRV name and server. */
  origin: string;
}

/**
 * The members a run of this pool would start with: its static endpoints, then what its discovery
 * source answers now (a static endpoint wins over a discovered one with the same id). Rejects
 * when the source cannot be reached.
 */
export async function describePoolMembers(pool: PoolConfig): Promise<PoolMember[]> {
  const members: PoolMember[] = pool.endpoints.map((e) => {
    const m = member(e.id, e.address, e.weight ?? 1, e.zone, 'static', 'pool file');
    if (e.priority !== undefined) m.priority = e.priority;
    return m;
  });
  if (!pool.discovery) return members;
  const source = createDiscovery(pool.discovery, pool);
  let found: DiscoveredEndpoint[];
  try {
    found = await source.start(() => undefined, () => undefined);
  } finally {
    await source.stop();
  }
  const taken = new Set(members.map((m) => m.id));
  const where = source.kind === 'dns-srv' ? source.describe().slice('dns-srv '.length) : undefined;
  for (const e of found) {
    if (taken.has(e.id)) continue;
    const m = member(e.id, e.address, e.weight, e.zone, source.kind, where ?? e.origin);
    if (e.priority !== undefined) m.priority = e.priority;
    members.push(m);
  }
  return members;
}

/** One line per member: `s1 http://127.0.0.1:4001 weight 2 (etcd /services/orders/s1)`. */
export function formatMember(m: PoolMember): string {
  const extra = [m.zone !== undefined ? `zone ${m.zone}` : '', m.priority !== undefined ? `priority ${m.priority}` : ''].filter(Boolean).join(' ');
  return `${m.id} ${m.address} weight ${m.weight}${extra ? ` ${extra}` : ''} (${m.source === 'static' ? 'pool file' : `${m.source} ${m.origin}`})`;
}

function member(id: string, address: string, weight: number, zone: string | undefined, source: PoolMember['source'], origin: string): PoolMember {
  const m: PoolMember = { id, address, weight, source, origin };
  if (zone !== undefined) m.zone = zone;
  return m;
}
