/**
 * DNS SRV discovery (RFC 2782): the SRV records of `name`, asked of `server` (or the system's
 * resolvers), re-resolved every `refresh`. Each record is one endpoint:
 * - id `target:port`, address `http://target:port` (http, jsonrpc) or `target:port` (grpc);
 * - weight = the SRV weight, except 0, which becomes 1: the engine needs weights > 0, and RFC 2782
 *   gives weight-0 records "a very small chance" when others weigh more, which 1 approximates;
 * - priority becomes the endpoint's priority level (RFC 2782: the lowest value is tried first):
 *   the balancer fails over to higher values as lower ones lose health (priority-balancer.ts).
 * A failed query or an empty answer (NXDOMAIN, NODATA) keeps the last list: an answer that drops
 * every member is more likely a DNS outage than a service with no servers. Errors are reported
 * once per outage; the next good answer ends the outage.
 */
import { Resolver } from 'node:dns/promises';
import type { TransportName } from '../types';
import type { DiscoveredEndpoint, DiscoverySource, OnDiscoveryError, OnMembers } from './types';
import { sameMembers } from './types';

export interface DnsSrvOptions {
  name: string;
  /** `host:port` or `host` (port 53); default the system's resolvers. */
  server?: string;
  refreshMs: number;
  transport: TransportName;
  /** Per query attempt, default 1000 ms (two attempts). */
  queryTimeoutMs?: number;
}

export class DnsSrvDiscovery implements DiscoverySource {
  readonly kind = 'dns-srv' as const;
  private readonly resolver: Resolver;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private inOutage = false;
  private last: DiscoveredEndpoint[] = [];
  private pending: Promise<void> | undefined;

  constructor(private readonly options: DnsSrvOptions) {
    this.resolver = new Resolver({ timeout: options.queryTimeoutMs ?? 1000, tries: 2 });
    if (options.server) this.resolver.setServers([options.server]);
  }

  describe(): string {
    return `dns-srv ${this.options.name}${this.options.server ? ` @${this.options.server}` : ''}`;
  }

  async start(onChange: OnMembers, onError: OnDiscoveryError): Promise<DiscoveredEndpoint[]> {
    this.last = await this.resolve();
    this.schedule(onChange, onError);
    return this.last;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.resolver.cancel();
    await this.pending;
  }

  /** One query; rejects on failure and on an empty answer (see the module comment). */
  async resolve(): Promise<DiscoveredEndpoint[]> {
    const { name, transport } = this.options;
    let records;
    try {
      records = await this.resolver.resolveSrv(name);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new Error(`${this.describe()}: ${e.code ?? e.message}`);
    }
    if (records.length === 0) throw new Error(`${this.describe()}: no SRV records`);
    const byId = new Map<string, DiscoveredEndpoint>();
    for (const r of records) {
      const host = r.name.replace(/\.$/, '');
      const hostPort = `${host.includes(':') ? `[${host}]` : host}:${r.port}`;
      const address = transport === 'grpc' ? hostPort : `http://${hostPort}`;
      byId.set(hostPort, { id: hostPort, address, weight: r.weight > 0 ? r.weight : 1, priority: r.priority, origin: name });
    }
    return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The next refresh starts `refreshMs` after the last one ended, so queries never overlap. */
  private schedule(onChange: OnMembers, onError: OnDiscoveryError): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pending = this.refresh(onChange, onError).finally(() => this.schedule(onChange, onError));
    }, this.options.refreshMs);
  }

  private async refresh(onChange: OnMembers, onError: OnDiscoveryError): Promise<void> {
    let next: DiscoveredEndpoint[];
    try {
      next = await this.resolve();
    } catch (err) {
      if (this.stopped || this.inOutage) return;
      this.inOutage = true;
      onError(new Error(`${(err as Error).message}; keeping the last ${this.last.length} endpoint(s)`));
      return;
    }
    if (this.stopped) return;
    this.inOutage = false;
    if (sameMembers(this.last, next)) return;
    this.last = next;
    onChange(next, { via: 'dns-srv' });
  }
}
