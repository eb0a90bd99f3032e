/**
 * Priority levels with failover, locality weights and the panic threshold: a wrapper any strategy
 * can have, following Envoy's load balancer base (source/common/upstream/load_balancer_impl.cc:
 * chooseHostSet, then hostSourceToUse; envoyproxy.io "Priority levels", "Locality weighted load
 * balancing", "Panic threshold").
 *
 * A pick (1) draws the level from the priority loads (priority-load.ts; no draw when one level
 * takes 100 %), then (2) in panic takes the strategy's pick over all the level's endpoints; else,
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
import { LocalityPicker } from './locality-picker';
import type { PoolShapeConfig } from './priority-options';
import { choosePriority, healthyPercent, priorityLoads } from './priority-load';
import type { Balancer, BalancerEvent, Endpoint, Env, Pick, PickContext } from './types';

export type MakeBalancer = (endpoints: readonly Endpoint[]) => Balancer;

interface Level {
  priority: number;
  all: Endpoint[];
  healthy: number;
  panic: boolean;
  /** The subset picks go to outside panic: the level's healthy endpoints, or one per locality. */
  subsets: Balancer[];
  picker?: LocalityPicker;
  /** Over all the level's endpoints, made the first time the level panics. */
  whole?: Balancer;
}

class PriorityBalancer implements Balancer, HealthAware {
  private list: readonly Endpoint[] = [];
  private unhealthy: ReadonlySet<string> = new Set();
  private levels: Level[] = [];
  private loads: number[] = [];
  /** The level that takes 100 %, or -1 when the load is shared (then a draw per pick). */
  private single = -1;
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
    const i = this.single >= 0 ? this.single : choosePriority(this.loads, this.env.random);
    const level = this.levels[i];
    if (level === undefined) return undefined;
    if (level.panic) return level.whole!.pick(ctx);
    if (level.picker === undefined) return level.subsets[0].pick(ctx);
    const locality = level.picker.pick();
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
    const levels = priorities.map((priority): Level => {
      const all = byPriority.get(priority)!;
      return { priority, all, healthy: healthyOf(all).length, panic: false, subsets: [] };
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
        level.subsets = [subset(key, healthyOf(level.all))];
        return;
      }
      const zones = [...weights.keys()];
      const members = zones.map((z) => level.all.filter((e) => e.zone === z));
      const healthy = members.map(healthyOf);
      level.subsets = zones.map((z, j) => subset(`${key}/${z}`, healthy[j]));
      level.picker = new LocalityPicker(
        zones.map((z, j) => ({ weight: weights.get(z)!, total: members[j].length, healthy: healthy[j].length })),
        this.config.overprovisioningFactor,
      );
    });
    this.balancers = used;
    this.levels = levels;
    this.loads = load;
    const full = load.indexOf(100);
    this.single = full >= 0 ? full : load.every((x) => x === 0) ? 0 : -1;
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
