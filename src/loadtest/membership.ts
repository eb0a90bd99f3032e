/**
 * Membership changes from a pool's `discovery` source under a live load test.
 *
 * - `Membership` runs on the main thread: it starts the source before the run (the run starts
 *   with the static endpoints + the discovered ones), turns each new list into the full member
 *   list plus the run's membership events (run/events.ts: `added`, `reweighted`, `removed`, with
 *   `via etcd /services/orders/s3`, `via dns-srv`), and a `discovery-error` event per outage.
 *   Where the list goes is up to the run: straight into its MemberSet (run/members.ts, the one
 *   membership path) or posted to every worker, whose MemberSet applies it.
 * - `MemberTransport` keeps one transport per address, so a removed endpoint's connections close
 *   once its requests in flight have answered (never under them) and a new one opens at once.
 */
import type { Endpoint } from '../engine/types';
import { createDiscovery } from '../pools/discovery';
import type { DiscoveredEndpoint, DiscoverySource } from '../pools/discovery';
import type { Pool } from '../pools/types';
import type { RunEvent } from '../result/types';
import { membershipEvents } from '../run/events';
import type { Plan } from './plan';
import { createTransport } from './transports';
import type { CallControl, CallRequest, CallResult, Transport, TransportOptions } from './transports';

export interface MembershipHandlers {
  /** The pool's members are now `endpoints` (static ones first). */
  apply(endpoints: Endpoint[]): void;
  event(event: RunEvent): void;
  /** ms since the run started (0 before it starts). */
  elapsed(): number;
}

export class Membership {
  private current: Endpoint[] = [];
  private handlers: MembershipHandlers | undefined;

  private constructor(
    private readonly source: DiscoverySource,
    private readonly statics: readonly Endpoint[],
  ) {}

  /** Starts the pool's source; rejects when it cannot be reached or the pool would start empty. */
  static async start(pool: Pool): Promise<Membership> {
    const source = createDiscovery(pool.discovery!, pool);
    const statics = pool.endpoints;
    const membership = new Membership(source, statics);
    // Sources call back only after start() resolves, so `current` is set before the first change.
    const found = await source.start(
      (list) => membership.change(list),
      (err) => membership.error(err),
    );
    membership.current = merge(statics, found);
    if (membership.current.length === 0) {
      await source.stop();
      throw new Error(`${source.describe()}: no endpoints found, and the pool has no static ones`);
    }
    return membership;
  }

  get endpoints(): Endpoint[] {
    return this.current;
  }

  /** The plan with the pool's endpoints as they are now (what a run, or a worker, starts from). */
  planNow(plan: Plan): Plan {
    return { ...plan, pool: { ...plan.pool, endpoints: this.current.map((e) => ({ ...e })) } };
  }

  /** From now on changes go to `handlers` (attach before the run can see a change: synchronously after creating it). */
  attach(handlers: MembershipHandlers): void {
    this.handlers = handlers;
  }

  async stop(): Promise<void> {
    this.handlers = undefined;
    await this.source.stop();
  }

  private change(discovered: DiscoveredEndpoint[]): void {
    const next = merge(this.statics, discovered);
    const before = this.current;
    this.current = next;
    const h = this.handlers;
    if (!h) return;
    h.apply(next);
    // etcd keys say where a member came from; a DNS answer's origin is the name asked, already in `via`.
    const origins = this.source.kind === 'etcd' ? new Map(discovered.map((e) => [e.id, e.origin])) : undefined;
    const found = next.map((e) => ({ ...e, origin: origins?.get(e.id) }));
    for (const event of membershipEvents(before, found, this.source.kind, h.elapsed())) h.event(event);
  }

  private error(err: Error): void {
    this.handlers?.event({ at: this.handlers.elapsed(), type: 'discovery-error', detail: err.message });
  }
}

/**
 * Opens what one thread's run needs for its pool: with `discover` and a `discovery` section, the
 * source is started and the plan's endpoints become static + discovered; a pool with discovery
 * gets a MemberTransport (also in workers, which take changes from the main thread).
 */
export async function openPool(plan: Plan, discover: boolean, options: TransportOptions): Promise<{ plan: Plan; transport: Transport; membership?: Membership }> {
  if (!plan.pool.discovery) return { plan, transport: await createTransport(plan.pool, options) };
  const membership = discover ? await Membership.start(plan.pool) : undefined;
  const runPlan = membership ? membership.planNow(plan) : plan;
  try {
    return { plan: runPlan, transport: await MemberTransport.create(runPlan.pool, options, runPlan.pool.endpoints), membership };
  } catch (err) {
    await membership?.stop();
    throw err;
  }
}

/** Static endpoints first; a discovered endpoint with a static endpoint's id is left out. */
function merge(statics: readonly Endpoint[], discovered: readonly DiscoveredEndpoint[]): Endpoint[] {
  const ids = new Set(statics.map((e) => e.id));
  return [...statics, ...discovered.filter((e) => !ids.has(e.id)).map(toEndpoint)];
}

function toEndpoint(e: DiscoveredEndpoint): Endpoint {
  const out: { -readonly [K in keyof Endpoint]: Endpoint[K] } = { id: e.id, address: e.address, weight: e.weight };
  if (e.zone !== undefined) out.zone = e.zone;
  // An SRV priority is a priority level: lower values first, the rest for failover (RFC 2782).
  if (e.priority !== undefined) out.priority = e.priority;
  return out;
}

interface Lane {
  transport: Transport | undefined;
  ready: Promise<Transport>;
  inFlight: number;
  retired: boolean;
}

/** A Transport made of one transport per endpoint address (see the module comment). */
export class MemberTransport implements Transport {
  private readonly lanes = new Map<string, Lane>();
  private readonly closing: Promise<void>[] = [];

  private constructor(
    readonly name: Transport['name'],
    private readonly pool: Pool,
    private readonly options: TransportOptions,
  ) {}

  /** Opens lanes for `endpoints`; rejects (ConfigError) when the pool's request template is unusable. */
  static async create(pool: Pool, options: TransportOptions, endpoints: readonly Endpoint[]): Promise<MemberTransport> {
    const t = new MemberTransport(pool.transport, pool, options);
    try {
      await Promise.all(endpoints.map((e) => t.open(e.address).ready));
    } catch (err) {
      await t.close();
      throw err;
    }
    return t;
  }

  /** `control` is handed on, so a policy's cancel (lost hedge, per-try timeout, deadline) ends the exchange on the wire here too. */
  call(endpoint: Endpoint, request: CallRequest, control?: CallControl): Promise<CallResult> {
    const lane = this.lanes.get(endpoint.address) ?? this.open(endpoint.address);
    lane.inFlight++;
    const sent = lane.transport
      ? lane.transport.call(endpoint, request, control)
      : lane.ready.then((t) => t.call(endpoint, request, control), () => ({ ok: false, errorKind: 'other' }));
    return sent.then((res) => {
      if (--lane.inFlight === 0 && lane.retired) this.retire(endpoint.address, lane);
      return res;
    });
  }

  /** Opens lanes for new addresses; lanes of addresses no longer listed close once idle. */
  sync(endpoints: readonly Endpoint[]): void {
    const keep = new Set(endpoints.map((e) => e.address));
    for (const address of keep) {
      const lane = this.lanes.get(address);
      if (lane) lane.retired = false;
      else this.open(address);
    }
    for (const [address, lane] of this.lanes) {
      if (keep.has(address)) continue;
      lane.retired = true;
      if (lane.inFlight === 0) this.retire(address, lane);
    }
  }

  /** What each lane's transport negotiated (HTTP/2 pools), by address. */
  protocols(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const lane of this.lanes.values()) Object.assign(out, lane.transport?.protocols?.());
    return out;
  }

  /** Addresses with an open lane (for tests and display). */
  openAddresses(): string[] {
    return [...this.lanes.keys()];
  }

  async close(): Promise<void> {
    const lanes = [...this.lanes.values()];
    this.lanes.clear();
    await Promise.all([...this.closing, ...lanes.map((l) => l.ready.then((t) => t.close(), () => undefined))]);
  }

  private open(address: string): Lane {
    const lane: Lane = { transport: undefined, ready: createTransport(this.pool, this.options), inFlight: 0, retired: false };
    lane.ready.then((t) => (lane.transport = t), () => undefined);
    this.lanes.set(address, lane);
    return lane;
  }

  private retire(address: string, lane: Lane): void {
    if (this.lanes.get(address) === lane) this.lanes.delete(address);
    this.closing.push(lane.ready.then((t) => t.close(), () => undefined));
  }
}
