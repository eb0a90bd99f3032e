/**
 * Priority levels with failover, locality weights and the panic threshold: a wrapper any strategy
 * can have, following Envoy's load balancer base (source/common/upstream/load_balancer_impl.cc:
 * chooseHostSet, then hostSourceToUse; envoyproxy.io "Priority levels", "Locality weighted load
 * balancing", "Panic threshold").
 *
 * A pick (1) takes the next level of a smooth rotation by the priority loads (priority-load.ts),
 * laid out once per health change as a table of 100 picks. Envoy draws a random number against
 * the loads (choosePriority); the rotation gives the same shares, exact over every 100 picks,
 * without a draw (structures/weighted-rotation.ts). Then it (2) in panic takes the strategy's pick over all the level's endpoints; else,
 * with `localityWeights`, picks a locality (locality-picker.ts) and the strategy picks among its
 * healthy endpoints; else the strategy picks among the level's healthy endpoints. Panic comes
 * before localities, as in Envoy.
 *
 * The strategy runs as one instance per such subset (made by `make`), so what a feedback strategy
 * learns stays with the subset it learned it in, and a subset keeps it across health changes
 * (`setEndpoints` by id). Endpoints whose zone has no locality weight take no traffic outside panic
 * (Envoy gives a locality without a weight the weight 0).
 *
 * Health comes from outlier detection, which wraps this balancer and calls `setHealth` (health.ts);
 * an endpoint removed from the pool is not in any level, so its level shrinks (Envoy's host count
 * drops) rather than becoming less healthy. `panic` and `panic-ended` events name the level.
 */
import { validateEndpoints } from './endpoints';
import type { HealthAware } from './health';
import { LOCALITY_CYCLE, localityOrder } from './locality-picker';
import type { PoolShapeConfig } from './priority-options';
import { healthyPercent, priorityLoads } from './priority-load';
import { WeightedRotation } from './structures/weighted-rotation';
import type { Balancer, BalancerEvent, Endpoint, Env, Pick, PickContext } from './types';

export type MakeBalancer = (endpoints: readonly Endpoint[]) => Balancer;

/** One priority level; a class so every level has one shape (the pick path reads it per pick). */
class Level {
  panic = false;
  /** Where picks go outside panic without localities: the strategy over the healthy endpoints. */
  target: Balancer | undefined = undefined;
  /** With localities: one subset per zone of `localityWeights`, and their order (locality-picker.ts). */
  subsets: Balancer[] = [];
  localities: Int32Array | undefined = undefined;
  cursor = 0;
  /** Over all the level's endpoints, made the first time the level panics. */
  whole: Balancer | undefined = undefined;

  constructor(
    readonly priority: number,
    readonly all: Endpoint[],
    readonly healthy: number,
  ) {}
}

class PriorityBalancer implements Balancer, HealthAware {
  private list: readonly Endpoint[] = [];
  private unhealthy: ReadonlySet<string> = new Set();
  private levels: Level[] = [];
  /** The level of each of 100 picks in turn (the loads are whole percents summing to 100). */
  private order = new Int32Array(100).fill(-1);
  private cursor = 0;
  /** The one subset every pick goes to, when there is one (one level, no panic, no localities). */
  private direct: Balancer | undefined;
  /** The one level every pick goes to when it picks by locality (one level, no panic): skips the level order. */
  private local: Level | undefined;
  /** Subset balancers by key, kept across rebuilds for what they learned. */
  private balancers = new Map<string, Balancer>();

  constructor(
    readonly name: Balancer['name'],
    private readonly make: MakeBalancer,
    endpoints: readonly Endpoint[],
    private readonly config: PoolShapeConfig,
    private readonly env: Env,
    private readonly onEvent: ((event: BalancerEvent) => void) | undefined,
  ) {
    this.setHealth(endpoints, this.unhealthy);
  }

  pick(ctx?: PickContext): Pick | undefined {
    if (this.direct) return this.direct.pick(ctx);
    const local = this.local;
    if (local) {
      const at = local.cursor;
      local.cursor = (at + 1) & (LOCALITY_CYCLE - 1);
      const locality = local.localities![at];
      return locality < 0 ? undefined : local.subsets[locality].pick(ctx);
    }
    const level = this.levels[this.order[this.cursor]];
    this.cursor = this.cursor === 99 ? 0 : this.cursor + 1;
    if (level === undefined) return undefined;
    if (level.panic) return level.whole!.pick(ctx);
    if (level.target) return level.target.pick(ctx);
    const locality = level.localities![level.cursor];
    level.cursor = (level.cursor + 1) & (LOCALITY_CYCLE - 1);
    return locality < 0 ? undefined : level.subsets[locality].pick(ctx);
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    this.setHealth(validateEndpoints(this.name, endpoints), this.unhealthy);
  }

  endpoints(): readonly Endpoint[] {
    return this.list;
  }

  setHealth(endpoints: readonly Endpoint[], unhealthy: ReadonlySet<string>): void {
    this.list = Object.freeze(endpoints.slice());
    this.unhealthy = unhealthy;
    const before = new Map(this.levels.map((l) => [l.priority, l.panic]));
    this.rebuild();
    const at = this.env.now();
    for (const level of this.levels) {
      if (level.panic === (before.get(level.priority) ?? false)) continue;
      const healthyShare = healthyPercent({ total: level.all.length, healthy: level.healthy });
      this.onEvent?.({ type: level.panic ? 'panic' : 'panic-ended', at, priority: level.priority, healthyPercent: healthyShare });
    }
    for (const [priority, panic] of before) {
      if (panic && !this.levels.some((l) => l.priority === priority)) {
        this.onEvent?.({ type: 'panic-ended', at, priority, healthyPercent: 0 });
      }
    }
  }

  private rebuild(): void {
    const byPriority = new Map<number, Endpoint[]>();
    for (const e of this.list) {
      const p = e.priority ?? 0;
      const level = byPriority.get(p);
      if (level) level.push(e);
      else byPriority.set(p, [e]);
    }
    const priorities = [...byPriority.keys()].sort((a, b) => a - b);
    const healthyOf = (eps: readonly Endpoint[]) => eps.filter((e) => !this.unhealthy.has(e.id));
    const levels = priorities.map((priority) => {
      const all = byPriority.get(priority)!;
      return new Level(priority, all, healthyOf(all).length);
    });
    const { load, panic } = priorityLoads(
      levels.map((l) => ({ total: l.all.length, healthy: l.healthy })),
      this.config.overprovisioningFactor,
      this.config.panicThreshold,
    );
    const used = new Map<string, Balancer>();
    const subset = (key: string, eps: readonly Endpoint[]): Balancer => {
      let b = this.balancers.get(key);
      if (b) b.setEndpoints(eps);
      else b = this.make(eps);
      used.set(key, b);
      return b;
    };
    const weights = this.config.localityWeights;
    levels.forEach((level, i) => {
      level.panic = panic[i];
      const key = `p${level.priority}`;
      if (level.panic || this.balancers.has(`${key}*`)) level.whole = subset(`${key}*`, level.all);
      if (weights === undefined) {
        level.target = subset(key, healthyOf(level.all));
        return;
      }
      const zones = [...weights.keys()];
      const members = zones.map((z) => level.all.filter((e) => e.zone === z));
      const healthy = members.map(healthyOf);
      level.subsets = zones.map((z, j) => subset(`${key}/${z}`, healthy[j]));
      level.localities = localityOrder(
        zones.map((z, j) => ({ weight: weights.get(z)!, total: members[j].length, healthy: healthy[j].length })),
        this.config.overprovisioningFactor,
      );
    });
    this.balancers = used;
    this.levels = levels;
    const rotation = new WeightedRotation(load);
    this.order = Int32Array.from({ length: 100 }, () => rotation.pick());
    this.cursor = 0;
    const only = levels[load.indexOf(100)];
    this.direct = only && !only.panic ? only.target : undefined;
    this.local = only && !only.panic && only.localities ? only : undefined;
  }
}

/**
 * Wraps the strategy made by `make` in priority levels, locality weights and the panic threshold.
 * `endpoints` are validated; `config` comes from parsePoolShapeOptions.
 */
export function withPriorities(
  name: Balancer['name'],
  make: MakeBalancer,
  endpoints: readonly Endpoint[],
  config: PoolShapeConfig,
  env: Env,
  onEvent?: (event: BalancerEvent) => void,
): Balancer {
  return new PriorityBalancer(name, make, endpoints, config, env, onEvent);
}
