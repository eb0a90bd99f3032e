/**
 * Slow start: an endpoint that joins a running pool ramps its weight up over a window, as Envoy's
 * slow start mode (envoyproxy.io "Slow start mode"; source/common/upstream/load_balancer_impl.cc
 * EdfLoadBalancerBase::applySlowStartFactor):
 *
 *     weight x max(minWeightPercent / 100, (max(t, 1 ms) / window) ^ (1 / aggression))   for t < window
 *
 * t is the time since the endpoint joined. Endpoints present when the balancer is created are
 * warm; one that leaves and comes back is new again (Envoy: a new host).
 *
 * Envoy recomputes a host's weight each time its EDF entry is re-added. Our strategies take
 * weights through `setEndpoints` (which rebuilds their schedule, O(n)), so the wrapper hands the
 * strategy scaled weights at a bounded rate instead: on a pick at most every window / 100 while an
 * endpoint is warming (weights then trail the formula by at most 1 % of the window), and not at
 * all once none is. Picks are handed back with the endpoint objects the wrapper was given, so
 * callers never see a scaled weight. Only strategies that pick by weight can ramp (the registry
 * checks: SLOW_START_STRATEGIES).
 */
import { giveHealth, type HealthAware } from './health';
import type { SlowStartConfig } from './priority-options';
import type { Balancer, Endpoint, Env, Outcome, Pick, PickContext } from './types';

/** Strategies whose picks follow the weights they are given, so a scaled weight is a ramp. */
export const SLOW_START_STRATEGIES: readonly string[] = Object.freeze([
  'weighted-round-robin',
  'weighted-random',
  'least-connections',
  'least-response-time',
  'least-request',
]);

/** Envoy's slow-start factor at `t` ms after joining, in (0, 1]. */
export function slowStartFactor(t: number, config: SlowStartConfig): number {
  if (t >= config.windowMs) return 1;
  const time = Math.max(1, t) / config.windowMs;
  const ramp = config.aggression === 1 ? time : Math.pow(time, 1 / config.aggression);
  return Math.max(config.minWeightPercent / 100, ramp);
}

/** When each endpoint joined the pool; endpoints of the first pool are warm (absent). */
export class JoinTimes {
  private readonly joined = new Map<string, number>();
  private members: Set<string>;

  constructor(endpoints: readonly Endpoint[]) {
    this.members = new Set(endpoints.map((e) => e.id));
  }

  update(endpoints: readonly Endpoint[], now: number): void {
    const next = new Set<string>();
    for (const e of endpoints) {
      next.add(e.id);
      if (!this.members.has(e.id)) this.joined.set(e.id, now);
    }
    for (const id of this.members) if (!next.has(id)) this.joined.delete(id);
    this.members = next;
  }

  joinedAt(id: string): number | undefined {
    return this.joined.get(id);
  }
}

/** The outermost layer: records membership before any wrapper below reshapes it. */
class JoinTap implements Balancer, HealthAware {
  readonly name: Balancer['name'];

  constructor(
    private readonly inner: Balancer,
    private readonly joins: JoinTimes,
    private readonly env: Env,
  ) {
    this.name = inner.name;
  }

  pick(ctx?: PickContext): Pick | undefined {
    return this.inner.pick(ctx);
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    this.joins.update(endpoints, this.env.now());
    this.inner.setEndpoints(endpoints);
  }

  /** An unhealthy endpoint is still a member: it does not join again when it is healthy again. */
  setHealth(endpoints: readonly Endpoint[], unhealthy: ReadonlySet<string>): void {
    this.joins.update(endpoints, this.env.now());
    giveHealth(this.inner, endpoints, unhealthy);
  }

  endpoints(): readonly Endpoint[] {
    return this.inner.endpoints();
  }
}

class RampedPick implements Pick {
  constructor(
    readonly endpoint: Endpoint,
    private readonly inner: Pick,
  ) {}

  done(outcome: Outcome): void {
    this.inner.done(outcome);
  }
}

class SlowStart implements Balancer {
  readonly name: Balancer['name'];
  private base: readonly Endpoint[];
  private scaled: readonly Endpoint[] = [];
  private byId = new Map<string, Endpoint>();
  private warming = false;
  private nextRefresh = Infinity;
  private readonly stepMs: number;

  constructor(
    private readonly inner: Balancer,
    endpoints: readonly Endpoint[],
    private readonly joins: JoinTimes,
    private readonly config: SlowStartConfig,
    private readonly env: Env,
  ) {
    this.name = inner.name;
    this.stepMs = config.windowMs / 100;
    this.base = endpoints;
    // The strategy was made with these endpoints: it needs them again only if one is warming.
    if (this.refresh(env.now())) inner.setEndpoints(this.scaled);
  }

  pick(ctx?: PickContext): Pick | undefined {
    if (!this.warming) return this.inner.pick(ctx);
    const now = this.env.now();
    if (now >= this.nextRefresh) {
      this.refresh(now);
      this.inner.setEndpoints(this.scaled);
    }
    const pick = this.inner.pick(ctx);
    const original = pick && this.byId.get(pick.endpoint.id);
    return pick && original ? new RampedPick(original, pick) : pick;
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    this.base = endpoints;
    this.refresh(this.env.now());
    this.inner.setEndpoints(this.scaled);
  }

  endpoints(): readonly Endpoint[] {
    return this.base;
  }

  /** Scales the weights for `now`; true while an endpoint is warming. */
  private refresh(now: number): boolean {
    let warming = false;
    this.scaled = this.base.map((e) => {
      const t0 = this.joins.joinedAt(e.id);
      if (t0 === undefined || now - t0 >= this.config.windowMs) return e;
      warming = true;
      return { ...e, weight: e.weight * slowStartFactor(now - t0, this.config) };
    });
    this.warming = warming;
    this.byId = warming ? new Map(this.base.map((e) => [e.id, e])) : new Map();
    this.nextRefresh = warming ? now + this.stepMs : Infinity;
    return warming;
  }
}

/** Wraps one strategy instance; `joins` is shared by every instance of the pool. */
export function withSlowStart(inner: Balancer, endpoints: readonly Endpoint[], joins: JoinTimes, config: SlowStartConfig, env: Env): Balancer {
  return new SlowStart(inner, endpoints, joins, config, env);
}

/** The membership tap that feeds `joins`; it must wrap everything else. */
export function tapJoins(inner: Balancer, joins: JoinTimes, env: Env): Balancer {
  return new JoinTap(inner, joins, env);
}
