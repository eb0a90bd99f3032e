/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup, Zadimoghaddam, "Consistent Hashing with
 * Bounded Loads", SODA 2018 / arXiv:1608.01350, §2) as a wrapper over any HashTable, as Envoy's
 * `BoundedLoadHashingLoadBalancer` wraps ring hash and Maglev (`hash_balance_factor`). With m picks
 * in flight (before this one) over n endpoints, no endpoint may hold more than ceil(c x (m + 1) / n);
 * a key goes to its owner unless that endpoint is full, else to the first endpoint of the table's
 * walk that is not (ring: the next distinct endpoint clockwise; Maglev: the owners of the following
 * cells; rendezvous: the next-highest score).
 *
 * Weighted pools: the capacity of endpoint i is ceil(c x (m + 1) x w_i / W), W the total weight,
 * which is the paper's bound when weights are equal. Since c > 1 the capacities sum to more than
 * m, so some endpoint always has room. Without load it picks exactly what the table's owner is.
 * It learns only from the in-flight count (`done` decrements it), not from latency or errors.
 */
import type { OptionSpec } from '../options';
import type { Endpoint, Env, HashStrategyName, Pick, PickContext } from '../types';
import type { HashTable } from './hash-table';
import { pickHash, TableBalancer, TableBalancerBase } from './table-balancer';

/** In-flight picks of one endpoint; kept across setEndpoints while the endpoint stays. */
interface Load {
  inFlight: number;
  /** False once the endpoint left: a late done() then no longer counts against the pool total. */
  live: boolean;
}

export class BoundedLoadBalancer extends TableBalancerBase {
  private loads: Load[] = [];
  private weights = new Float64Array(0);
  private totalWeight = 0;
  private totalInFlight = 0;
  /** c x (m + 1) for the pick being made; read by `accept`. */
  private budget = 0;
  /**
   * Made once: the table's walk calls it for each distinct endpoint until one has room. Computed
   * as c x (m + 1) x w_i / W in that order, so equal weights give exactly ceil(c x (m + 1) / n).
   */
  private readonly accept = (i: number): boolean =>
    this.loads[i].inFlight < Math.ceil((this.budget * this.weights[i]) / this.totalWeight);

  constructor(
    name: HashStrategyName,
    endpoints: readonly Endpoint[],
    env: Env,
    /** c > 1. */
    private readonly balanceFactor: number,
    build: (endpoints: readonly Endpoint[]) => HashTable,
  ) {
    super(name, env, build);
    this.rebuild(endpoints);
  }

  pick(ctx?: PickContext): Pick | undefined {
    if (this.eps.length === 0) return undefined;
    const h = pickHash(this.scratch, ctx, this.env.random);
    this.budget = this.balanceFactor * (this.totalInFlight + 1);
    let i = this.table.walk(h.hi, h.lo, this.accept);
    // Unreachable while capacities sum above m; kept so pick never fails on a float edge.
    if (i < 0) i = this.table.chooseHost(h.hi, h.lo);
    const load = this.loads[i];
    load.inFlight++;
    this.totalInFlight++;
    let open = true;
    return {
      endpoint: this.eps[i],
      done: () => {
        if (!open) return;
        open = false;
        load.inFlight--;
        if (load.live) this.totalInFlight--;
      },
    };
  }

  /** In-flight picks per endpoint id (for tests and progress displays). */
  inFlight(): Map<string, number> {
    return new Map(this.eps.map((e, i) => [e.id, this.loads[i].inFlight]));
  }

  protected override rebuild(endpoints: readonly Endpoint[]): void {
    const previous = new Map(this.eps.map((e, i) => [e.id, this.loads[i]]));
    super.rebuild(endpoints);
    this.loads = this.eps.map((e) => previous.get(e.id) ?? { inFlight: 0, live: true });
    const kept = new Set(this.loads);
    for (const load of previous.values()) if (!kept.has(load)) load.live = false;
    this.totalInFlight = this.loads.reduce((sum, l) => sum + l.inFlight, 0);
    this.weights = Float64Array.from(this.eps, (e) => e.weight);
    this.totalWeight = this.eps.reduce((sum, e) => sum + e.weight, 0);
  }
}

/** Shared by every hash strategy that offers bounded load, so the bound reads the same everywhere. */
const BOUND = 'no endpoint holds more than ceil(c x (in-flight + 1) / n) picks in flight (weighted by share)';

/** bounded-load-hash's `balanceFactor`: c itself, > 1. */
export const balanceFactorSpec: OptionSpec = {
  name: 'balanceFactor',
  type: 'number',
  default: 1.25,
  min: 1,
  exclusiveMin: true,
  max: 100,
  description: `c: ${BOUND}.`,
};

/** The same bound as an option of a hash strategy that is unbounded by default (consistent-hash, maglev). */
export const optionalBalanceFactorSpec: OptionSpec = {
  name: 'balanceFactor',
  type: 'number',
  default: 0,
  min: 0,
  max: 100,
  check: (c: number) => (c === 0 || c > 1 ? undefined : 'must be 0 (no bound) or greater than 1'),
  description: `Bounded load (as bounded-load-hash; Envoy's hash_balance_factor / 100): 0 for none, else c > 1: ${BOUND}, the next endpoint of the table taking the overflow.`,
};

/** A hash strategy's balancer: a plain lookup in the table, or bounded load over it when c > 0. */
export function tableOrBoundedBalancer(
  name: HashStrategyName,
  endpoints: readonly Endpoint[],
  env: Env,
  balanceFactor: number,
  build: (endpoints: readonly Endpoint[]) => HashTable,
): TableBalancerBase {
  return balanceFactor > 0 ? new BoundedLoadBalancer(name, endpoints, env, balanceFactor, build) : new TableBalancer(name, endpoints, env, build);
}
