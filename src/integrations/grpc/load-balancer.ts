/**
 * One of our strategies as a grpc-js `LoadBalancer` (grpc-js load-balancer.ts, experimental API).
 *
 * Shaped after grpc-js's round_robin (load-balancer-round-robin.ts) with what pick_first
 * (load-balancer-pick-first.ts) does for subchannels:
 * - one subchannel per resolved address, made through the channel control helper we were given
 *   (ref'd, registered with channelz, watched), kept connected: an IDLE subchannel is asked to
 *   connect again, a failed one reconnects after its own backoff;
 * - our Balancer holds every subchannel (Endpoint id and address = the address string, weight
 *   from the config's `weights`, else 1, priority and zone from `priorities` and `zones`), and
 *   those that are not READY are unhealthy (engine/health.ts): a plain strategy sees only the
 *   READY ones, priority levels count the others as Envoy counts a host that fails its health
 *   check, so a level whose subchannels drop loses healthy share and spills load down (rather
 *   than shrinking, which would keep all its load). Address updates and connectivity changes go
 *   through `setHealth`, so what it learned about endpoints that stay is kept;
 * - aggregate state as gRFC A61 asks of round_robin: READY with our picker while any subchannel
 *   is READY; TRANSIENT_FAILURE (an UnavailablePicker with the last error) once every subchannel
 *   has failed since one was last READY ("sticky" until one connects), or when the resolver gave
 *   no address; otherwise CONNECTING with a QueuePicker. Re-resolution is requested when a READY
 *   subchannel drops and when all have failed.
 * The differences between grpc-js releases are absorbed by compat.ts.
 */
import { giveHealth } from '../../engine/health';
import { createBalancer } from '../../engine/registry';
import type { Balancer, Endpoint, StrategyName } from '../../engine/types';
import { CallTracker } from './call-tracker';
import {
  addressToString, constructorChannelOptions, createSubchannel, queuePicker, readResolution, unavailablePicker,
  type ChannelControlHelper, type ChannelOptions, type GrpcJs, type LoadBalancer, type Picker, type SubchannelAddress,
  type SubchannelInterface,
} from './compat';
import type { ParsedPolicyConfig } from './config';
import { BalancerPicker } from './picker';

/** The config object grpc-js hands to `updateAddressList` (see register.ts). */
export interface PolicyConfigLike {
  readonly strategy: StrategyName;
  readonly parsed: ParsedPolicyConfig;
}

interface Member {
  readonly id: string;
  readonly subchannel: SubchannelInterface;
  readonly listener: (sub: SubchannelInterface, previous: number, next: number, keepalive: number, error?: string) => void;
  state: number;
  /** Reported TRANSIENT_FAILURE since it was last READY (gRFC A61's sticky failure). */
  failed: boolean;
}

export class PolicyLoadBalancer implements LoadBalancer {
  private readonly members = new Map<string, Member>();
  private readonly tracker: CallTracker;
  private readonly legacyOptions: ChannelOptions | undefined;
  private balancer: Balancer | undefined;
  private config: ParsedPolicyConfig | undefined;
  /** Ids and weights the balancer holds now, to skip `setEndpoints` when nothing changed. */
  private readyKey = '';
  private reportedFailure = false;
  private lastError = '';
  private resolutionNote = '';
  private updating = false;
  private destroyed = false;

  constructor(
    private readonly grpc: GrpcJs,
    private readonly typeName: string,
    private readonly strategy: StrategyName,
    private readonly helper: ChannelControlHelper,
    constructorExtra: readonly unknown[],
  ) {
    this.tracker = new CallTracker(grpc.status.OK);
    this.legacyOptions = constructorChannelOptions(constructorExtra);
  }

  updateAddressList(resolution: unknown, lbConfig: unknown, optionsOrAttributes?: unknown, resolutionNote?: unknown): boolean {
    const config = lbConfig as Partial<PolicyConfigLike> | null;
    if (!config || config.strategy !== this.strategy || !config.parsed) return false;
    // <= 1.12 gave channel options to the constructor and pass resolver attributes here.
    const options = this.legacyOptions ?? ((optionsOrAttributes ?? {}) as ChannelOptions);
    this.resolutionNote = typeof resolutionNote === 'string' ? resolutionNote : '';
    if (!this.balancer || this.config?.key !== config.parsed.key) {
      // A changed config makes a new balancer: its options may change how state is learned.
      this.balancer = createBalancer(this.strategy, [], config.parsed.options);
      this.readyKey = '';
    }
    this.config = config.parsed;
    const result = readResolution(resolution);
    if (!result.ok) {
      // As round_robin: keep serving the last good addresses; fail only if there are none.
      if (this.members.size === 0) this.report(this.grpc.connectivityState.TRANSIENT_FAILURE, unavailablePicker(this.grpc, result.error), result.error.details ?? null);
      return true;
    }
    this.setAddresses(result.endpoints.flatMap((e) => e.addresses), options);
    return true;
  }

  exitIdle(): void {
    for (const m of this.members.values()) if (m.state === this.grpc.connectivityState.IDLE) m.subchannel.startConnecting();
  }

  resetBackoff(): void {
    // As round_robin: the subchannels own their backoff.
  }

  destroy(): void {
    this.destroyed = true;
    for (const m of this.members.values()) this.release(m);
    this.members.clear();
    this.tracker.settleAll();
  }

  getTypeName(): string {
    return this.typeName;
  }

  private setAddresses(addresses: readonly SubchannelAddress[], options: ChannelOptions): void {
    const wanted = new Map<string, SubchannelAddress>();
    for (const a of addresses) wanted.set(addressToString(this.grpc, a), a);
    this.updating = true;
    for (const [id, address] of wanted) if (!this.members.has(id)) this.add(id, address, options);
    for (const [id, m] of this.members) {
      if (wanted.has(id)) continue;
      this.release(m);
      this.members.delete(id);
    }
    this.updating = false;
    this.update();
  }

  private add(id: string, address: SubchannelAddress, options: ChannelOptions): void {
    const subchannel = createSubchannel(this.helper, address, options);
    const member: Member = {
      id, subchannel, state: subchannel.getConnectivityState(), failed: false,
      listener: (_sub, _previous, next, _keepalive, error) => this.onStateChange(member, next, error),
    };
    subchannel.ref();
    this.helper.addChannelzChild(subchannel.getChannelzRef());
    subchannel.addConnectivityStateListener(member.listener);
    this.members.set(id, member);
    // Subchannels are shared within a channel's pool; one may already be READY or failed.
    if (member.state === this.grpc.connectivityState.TRANSIENT_FAILURE) member.failed = true;
    if (member.state !== this.grpc.connectivityState.READY) subchannel.startConnecting();
  }

  private release(m: Member): void {
    m.subchannel.removeConnectivityStateListener(m.listener);
    this.helper.removeChannelzChild(m.subchannel.getChannelzRef());
    // Unref last, so no listener of ours runs for a subchannel going away.
    m.subchannel.unref();
  }

  private onStateChange(member: Member, next: number, error: string | undefined): void {
    if (this.destroyed || this.members.get(member.id) !== member) return;
    const cs = this.grpc.connectivityState;
    const wasReady = member.state === cs.READY;
    member.state = next;
    if (next === cs.READY) member.failed = false;
    if (next === cs.TRANSIENT_FAILURE) {
      member.failed = true;
      if (error) this.lastError = error;
    }
    // As round_robin: keep every subchannel connected, and ask for fresh addresses when one drops.
    if (next === cs.IDLE || next === cs.TRANSIENT_FAILURE) member.subchannel.startConnecting();
    if (wasReady && next !== cs.READY) this.helper.requestReresolution();
    this.update();
  }

  /** Feeds the READY endpoints to the balancer and reports the aggregate state. */
  private update(): void {
    if (this.updating || this.destroyed || !this.balancer || !this.config) return;
    const cs = this.grpc.connectivityState;
    const all = [...this.members.values()];
    const ready = all.filter((m) => m.state === cs.READY);
    if (ready.length > 0) {
      this.reportedFailure = false;
      const endpoints = all.map((m) => this.endpoint(m.id));
      const notReady = new Set(all.filter((m) => m.state !== cs.READY).map((m) => m.id));
      const key = endpoints.map((e) => `${e.id}=${e.weight}/${e.priority ?? ''}/${e.zone ?? ''}${notReady.has(e.id) ? '/down' : ''}`).join(',');
      if (key !== this.readyKey) giveHealth(this.balancer, endpoints, notReady);
      this.readyKey = key;
      const subchannels = new Map(ready.map((m) => [m.id, m.subchannel]));
      const picker = new BalancerPicker(this.balancer, subchannels, this.config.hashHeader, this.tracker, this.grpc.experimental.PickResultType);
      this.report(cs.READY, picker, null);
      return;
    }
    if (this.readyKey !== '') this.balancer.setEndpoints([]);
    this.readyKey = '';
    if (this.members.size === 0) {
      this.fail(`${this.typeName}: no addresses resolved${this.resolutionNote ? `. Resolution note: ${this.resolutionNote}` : ''}`);
    } else if ([...this.members.values()].every((m) => m.failed)) {
      if (!this.reportedFailure) this.helper.requestReresolution();
      this.fail(`${this.typeName}: no connection established. Last error: ${this.lastError || 'none'}`);
    } else {
      this.report(cs.CONNECTING, queuePicker(this.grpc, this), null);
    }
  }

  /** The endpoint of an address, with its weight, priority and zone from the config's maps. */
  private endpoint(id: string): Endpoint {
    const { weights, priorities, zones } = this.config!;
    const e: { -readonly [K in keyof Endpoint]: Endpoint[K] } = { id, address: id, weight: weights.get(id) ?? 1 };
    const priority = priorities.get(id);
    const zone = zones.get(id);
    if (priority !== undefined) e.priority = priority;
    if (zone !== undefined) e.zone = zone;
    return e;
  }

  private fail(details: string): void {
    this.reportedFailure = true;
    this.report(this.grpc.connectivityState.TRANSIENT_FAILURE, unavailablePicker(this.grpc, { details }), details);
  }

  /** `updateState` with 1.13's error message (earlier releases ignore the third argument). */
  private report(state: number, picker: Picker, errorMessage: string | null): void {
    if (this.destroyed) return;
    this.helper.updateState(state, picker, errorMessage);
  }
}
