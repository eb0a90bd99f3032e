/**
 * `bounded-load-hash`: consistent hashing with bounded loads (Mirrokni, Thorup, Zadimoghaddam,
 * "Consistent Hashing with Bounded Loads", SODA 2018 / arXiv:1608.01350, §2). With m picks in
 * flight (before this one) over n endpoints, no endpoint may hold more than ceil(c x (m + 1) / n);
 * a key goes to its ring owner unless that endpoint is full, else to the next distinct endpoint
 * clockwise that is not. c = balanceFactor (default 1.25, must be > 1).
 *
 * Weighted pools: the capacity of endpoint i is ceil(c x (m + 1) x w_i / W), W the total weight,
 * which is the paper's bound when weights are equal. Since c > 1 the capacities sum to more than
 * m, so some endpoint always has room.
 *
 * A wrapper over the ketama ring of consistent-hash.ts (same points, same `pointsPerWeight`), not a
 * copy of it: without load it picks exactly what consistent-hash picks. It learns only from the
 * in-flight count (`done` decrements it), not from latency or errors.
 */
import { buildKetamaRing, pointsPerWeightSpec } from './consistent-hash';
import { validateEndpoints } from '../endpoints';
import type { Hash64 } from '../hash';
import { KeyedTable, pickHash } from '../hashing/table-balancer';
import { describeOptions, parseOptions, type OptionSpec } from '../options';
import type { Env, StrategyDefinition } from '../types';
import type { Ring } from '../hashing/ring';
import type { Endpoint, HashBalancer, HashLayout, Pick, PickContext } from '../types';

export const BOUNDED_LOAD_HASH_DEFAULTS = Object.freeze({ balanceFactor: 1.25, pointsPerWeight: 160 });

const SPECS: readonly OptionSpec[] = [
  {
    name: 'balanceFactor',
    type: 'number',
    default: BOUNDED_LOAD_HASH_DEFAULTS.balanceFactor,
    min: 1,
    exclusiveMin: true,
    max: 100,
    description: 'c: no endpoint holds more than ceil(c x (in-flight + 1) / n) picks in flight (weighted by share).',
  },
  pointsPerWeightSpec,
];

type Options = {
  balanceFactor: number;
  pointsPerWeight: number;
};

/** In-flight picks of one endpoint; kept across setEndpoints while the endpoint stays. */
interface Load {
  inFlight: number;
  /** False once the endpoint left: a late done() then no longer counts against the pool total. */
  live: boolean;
}

export class BoundedLoadHashBalancer implements HashBalancer {
  readonly name = 'bounded-load-hash' as const;
  private eps: readonly Endpoint[] = [];
  private ring!: Ring;
  private keyed!: KeyedTable;
  private loads: Load[] = [];
  private weights = new Float64Array(0);
  private totalWeight = 0;
  private totalInFlight = 0;
  /** c x (m + 1) for the pick being made; read by `accept`. */
  private budget = 0;
  private readonly scratch: Hash64 = { hi: 0, lo: 0 };
  /**
   * Made once: the ring walk calls it for each distinct endpoint until one has room. Computed as
   * c x (m + 1) x w_i / W in that order, so equal weights give exactly ceil(c x (m + 1) / n).
   */
  private readonly accept = (i: number): boolean =>
    this.loads[i].inFlight < Math.ceil((this.budget * this.weights[i]) / this.totalWeight);

  constructor(
    endpoints: readonly Endpoint[],
    private readonly options: Options,
    private readonly env: Env,
  ) {
    this.rebuild(endpoints);
  }

  pick(ctx?: PickContext): Pick | undefined {
    if (this.eps.length === 0) return undefined;
    const h = pickHash(this.scratch, ctx, this.env.random);
    this.budget = this.options.balanceFactor * (this.totalInFlight + 1);
    let i = this.ring.walk(h.hi, h.lo, this.accept);
    // Unreachable while capacities sum above m; kept so pick never fails on a float edge.
    if (i < 0) i = this.ring.chooseHost(h.hi, h.lo);
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

  setEndpoints(endpoints: readonly Endpoint[]): void {
    this.rebuild(validateEndpoints(this.name, endpoints));
  }

  endpoints(): readonly Endpoint[] {
    return this.eps;
  }

  /** The ring owner, ignoring load bounds (what the key maps to on an idle pool). */
  ownerOf(key: string): string | undefined {
    return this.keyed.ownerOf(key);
  }

  layout(): HashLayout {
    return this.keyed.layout();
  }

  /** In-flight picks per endpoint id (for tests and progress displays). */
  inFlight(): Map<string, number> {
    return new Map(this.eps.map((e, i) => [e.id, this.loads[i].inFlight]));
  }

  private rebuild(endpoints: readonly Endpoint[]): void {
    const previous = new Map(this.eps.map((e, i) => [e.id, this.loads[i]]));
    this.eps = Object.freeze([...endpoints]);
    this.ring = buildKetamaRing(this.eps, this.options.pointsPerWeight);
    this.keyed = new KeyedTable(this.ring, Object.freeze(endpoints.map((e) => e.id)));
    this.loads = this.eps.map((e) => previous.get(e.id) ?? { inFlight: 0, live: true });
    const kept = new Set(this.loads);
    for (const load of previous.values()) if (!kept.has(load)) load.live = false;
    this.totalInFlight = this.loads.reduce((sum, l) => sum + l.inFlight, 0);
    this.weights = Float64Array.from(this.eps, (e) => e.weight);
    this.totalWeight = this.eps.reduce((sum, e) => sum + e.weight, 0);
  }
}

export const boundedLoadHashStrategy: StrategyDefinition = {
  name: 'bounded-load-hash',
  summary: 'Consistent hashing with bounded loads: no endpoint over ceil(c x (in-flight + 1) / n); the next ring endpoint takes the overflow.',
  hashing: true,
  feedback: false,
  options: describeOptions(SPECS),
  create(endpoints, options, env) {
    return new BoundedLoadHashBalancer(endpoints, parseOptions<Options>('bounded-load-hash', options, SPECS), env);
  },
};
