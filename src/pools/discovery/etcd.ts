/**
 * etcd discovery: every key under `prefix` is one endpoint (id = the key without the prefix),
 * its value JSON `{"address": "http://10.0.0.5:8080", "weight": 2, "zone": "a"}`.
 *
 * List, then watch from the list's revision + 1, so no change between the two is lost, and joins,
 * leaves and weight changes apply as etcd commits them. When the watch fails (etcd down, socket
 * closed) the last list stays, the error is reported once for the outage, and the source retries
 * with backoff (100 ms doubling to 2 s); each retry lists again before watching, which also
 * covers a revision compacted away while we were gone (etcd answers a watch from a compacted
 * revision with `compact_revision`, and we list again at once).
 */
import { show } from '../../engine/errors';
import { isAddressFor } from '../addresses';
import type { TransportName } from '../types';
import { EtcdClient } from './etcd-client';
import type { EtcdKv } from './etcd-client';
import type { DiscoveredEndpoint, DiscoverySource, OnDiscoveryError, OnMembers } from './types';

export interface EtcdOptions {
  endpoints: string[];
  prefix: string;
  transport: TransportName;
  /** Per unary call, default 2000 ms. */
  timeoutMs?: number;
}

const BACKOFF = Object.freeze({ firstMs: 100, maxMs: 2000 });

export class EtcdDiscovery implements DiscoverySource {
  readonly kind = 'etcd' as const;
  private readonly client: EtcdClient;
  private readonly members = new Map<string, DiscoveredEndpoint>();
  /** `key@modRevision` of values already reported as unusable, so each is reported once. */
  private readonly reported = new Set<string>();
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private wakeSleep: (() => void) | undefined;
  private inOutage = false;
  private onChange: OnMembers = () => undefined;
  private onError: OnDiscoveryError = () => undefined;

  constructor(private readonly options: EtcdOptions) {
    this.client = new EtcdClient(options.endpoints, options.timeoutMs ?? 2000);
  }

  describe(): string {
    return `etcd ${this.client.describe()} ${this.options.prefix}`;
  }

  async start(onChange: OnMembers, onError: OnDiscoveryError): Promise<DiscoveredEndpoint[]> {
    this.onError = onError;
    const { revision, kvs } = await this.client.range(this.options.prefix);
    this.replaceAll(kvs);
    this.onChange = onChange;
    this.loop = this.watchLoop(revision + 1);
    return this.list();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wakeSleep?.();
    await this.loop;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private list(): DiscoveredEndpoint[] {
    return [...this.members.values()];
  }

  /** Runs until stop(): watch; on compaction list again; on failure back off, list again, watch. */
  private async watchLoop(fromRevision: number): Promise<void> {
    let revision = fromRevision;
    let backoffMs: number = BACKOFF.firstMs;
    let needList = false;
    while (!this.stopped) {
      try {
        if (needList) {
          const listed = await this.client.range(this.options.prefix);
          if (this.stopped) return;
          if (this.replaceAll(listed.kvs)) this.onChange(this.list(), { via: 'etcd' });
          revision = listed.revision + 1;
          needList = false;
        }
        const end = await this.client.watch(this.options.prefix, revision, {
          created: () => {
            this.inOutage = false;
            backoffMs = BACKOFF.firstMs;
          },
          events: (events) => {
            let changed = false;
            for (const e of events) {
              changed = (e.type === 'DELETE' ? this.delete(e.kv.key) : this.put(e.kv)) || changed;
              revision = Math.max(revision, e.kv.modRevision + 1);
            }
            if (changed && !this.stopped) this.onChange(this.list(), { via: 'etcd' });
          },
        }, this.abort.signal);
        needList = true;
        if (end.compacted) continue;
        throw new Error('watch stream closed by the server');
      } catch (err) {
        if (this.stopped) return;
        needList = true;
        if (!this.inOutage) {
          this.inOutage = true;
          this.onError(new Error(`${this.describe()}: ${messageOf(err)}; keeping the last ${this.members.size} endpoint(s)`));
        }
        await this.sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, BACKOFF.maxMs);
      }
    }
  }

  /** Replaces every member from a fresh list; true when anything changed. */
  private replaceAll(kvs: EtcdKv[]): boolean {
    const before = JSON.stringify(this.list());
    this.members.clear();
    for (const kv of kvs) this.put(kv);
    return JSON.stringify(this.list()) !== before;
  }

  private put(kv: EtcdKv): boolean {
    const id = kv.key.slice(this.options.prefix.length);
    if (!id) return false;
    const ep = this.parseValue(kv, id);
    if (!ep) return this.delete(kv.key);
    const old = this.members.get(id);
    this.members.set(id, ep);
    return !old || old.address !== ep.address || old.weight !== ep.weight || old.zone !== ep.zone;
  }

  private delete(key: string): boolean {
    return this.members.delete(key.slice(this.options.prefix.length));
  }

  /** A value we cannot use is skipped (the key counts as absent) and reported once per version. */
  private parseValue(kv: EtcdKv, id: string): DiscoveredEndpoint | undefined {
    const problem = (what: string): undefined => {
      const tag = `${kv.key}@${kv.modRevision}`;
      if (!this.reported.has(tag)) {
        this.reported.add(tag);
        this.onError(new Error(`etcd key ${kv.key}: ${what}; skipped`));
      }
      return undefined;
    };
    let v: unknown;
    try {
      v = JSON.parse(kv.value);
    } catch {
      return problem(`expected JSON {"address", "weight", "zone"}, got ${show(kv.value.slice(0, 80))}`);
    }
    if (v === null || typeof v !== 'object') return problem('expected a JSON object');
    const { address, weight, zone } = v as Record<string, unknown>;
    if (typeof address !== 'string' || !isAddressFor(this.options.transport, address)) {
      return problem(`address: expected ${this.options.transport === 'grpc' ? 'host:port' : 'http://host:port'}, got ${show(address)}`);
    }
    if (weight !== undefined && (typeof weight !== 'number' || !(weight > 0) || !Number.isFinite(weight))) {
      return problem(`weight: expected a number > 0, got ${JSON.stringify(weight)}`);
    }
    if (zone !== undefined && typeof zone !== 'string') return problem(`zone: expected a string, got ${JSON.stringify(zone)}`);
    const ep: DiscoveredEndpoint = { id, address, weight: (weight as number | undefined) ?? 1, origin: kv.key };
    if (zone !== undefined) ep.zone = zone;
    return ep;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function messageOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code && !e.message.includes(e.code) ? `${e.code} ${e.message}` : e.message;
}
