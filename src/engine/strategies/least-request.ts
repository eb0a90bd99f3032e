/**
 * least-request: Envoy's LEAST_REQUEST (source/extensions/load_balancing_policies/least_request/
 * least_request_lb.{h,cc}), with both of Envoy's behaviours, chosen as Envoy chooses them:
 *
 * - All weights equal (Envoy's fast path, `unweightedHostPickNChoices`): draw `choiceCount`
 *   endpoints (default 2) and keep the one with the fewest active requests; on a tie the first
 *   drawn stays (Envoy replaces its candidate only on strictly fewer). This is the power of d
 *   choices (M. Mitzenmacher, "The Power of Two Choices in Randomized Load Balancing", IEEE TPDS
 *   12(10), 2001). One difference: Envoy draws `random() % n` with replacement, so it may compare
 *   a host with itself; we draw distinct endpoints (ChoiceSampler), which is never worse.
 * - Weights differ (Envoy's `EdfLoadBalancerBase` path): an earliest-deadline-first schedule over
 *   the effective weight `weight / (active + 1) ^ activeRequestBias` (default bias 1.0; 0 is plain
 *   weighted round robin). As in Envoy, an endpoint's effective weight is taken when it is
 *   scheduled (at `setEndpoints`, and each time it is picked, with its active count before that
 *   pick), not re-read for every endpoint at every pick: loaded endpoints are picked less often but
 *   never drained. We take this rather than "best of d by effective weight", which Envoy's header
 *   names only as a possible future algorithm, so a run shows what Envoy does.
 *
 * Not modelled: Envoy's FULL_SCAN selection method, the random schedule offset Envoy applies when a
 * schedule is built (ours starts at the first endpoint, so tests are exact), and the runtime flag
 * that forces the weighted path when a bias is configured with equal weights.
 *
 * O(d) a pick with equal weights, O(log n) with unequal ones; `done` is O(1).
 */
import { EdfScheduler } from '../structures/edf-scheduler';
import { EndpointTable } from '../structures/endpoint-table';
import { validateEndpoints } from '../endpoints';
import { defineStrategy, type OptionSpec } from '../options';
import { SlotPick, type SlotOwner } from '../structures/picks';
import type { Balancer, Endpoint, Env, Outcome, Pick } from '../types';
import { ChoiceSampler } from '../structures/choice-sampler';

const NAME = 'least-request';

/** Envoy's defaults (least_request.proto: choice_count 2, active_request_bias 1.0). */
export const LEAST_REQUEST_DEFAULTS = Object.freeze({ choiceCount: 2, activeRequestBias: 1.0 });

/** A bias above this makes 1 / weight overflow for a few thousand active requests; no use for it. */
const MAX_BIAS = 10;
/** The sampler is O(d^2); Envoy's own docs speak of 2 to a handful. */
const MAX_CHOICES = 100;

const SPECS: readonly OptionSpec[] = [
  {
    name: 'choiceCount',
    type: 'integer',
    default: LEAST_REQUEST_DEFAULTS.choiceCount,
    min: 2,
    max: MAX_CHOICES,
    description: 'Random distinct endpoints compared per pick when all weights are equal (Envoy choice_count, at least 2).',
  },
  {
    name: 'activeRequestBias',
    type: 'number',
    default: LEAST_REQUEST_DEFAULTS.activeRequestBias,
    min: 0,
    max: MAX_BIAS,
    description: 'With unequal weights, effective weight = weight / (active + 1) ^ bias (Envoy active_request_bias; 0 = weighted round robin).',
  },
];

type Options = { choiceCount: number; activeRequestBias: number };

/** What is kept by id while the slots are renumbered. */
interface State {
  active: number;
}

class LeastRequest implements Balancer, SlotOwner {
  readonly name = NAME;
  epoch = 0;
  private readonly table = new EndpointTable<State>(() => ({ active: 0 }));
  private readonly sampler: ChoiceSampler;
  /** By slot, in typed arrays: at 10,000 endpoints a pick touches no endpoint object but the one it returns. */
  private active = new Int32Array(0);
  private weights = new Float64Array(0);
  /** Set when the weights differ (Envoy builds its EDF scheduler only then). */
  private edf: EdfScheduler | undefined;
  private readonly weightOf = (slot: number): number => this.effectiveWeight(slot);

  constructor(
    endpoints: readonly Endpoint[],
    private readonly options: Options,
    private readonly env: Env,
  ) {
    this.sampler = new ChoiceSampler(options.choiceCount);
    this.setEndpoints(endpoints);
  }

  pick(): Pick | undefined {
    const n = this.active.length;
    if (n === 0) return undefined;
    const slot = this.edf ? this.edf.pickAndAdd(this.weightOf) : this.fewestOfChoices(n);
    this.active[slot]++;
    return new SlotPick(this.table.endpoints[slot], this, this.table.entries[slot], slot, this.epoch);
  }

  settle(slot: number, _outcome: Outcome): void {
    this.active[slot]--;
  }

  private fewestOfChoices(n: number): number {
    const k = this.sampler.draw(n, this.env.random);
    const picked = this.sampler.picked;
    const active = this.active;
    let best = picked[0];
    for (let t = 1; t < k; t++) {
      const other = picked[t];
      if (active[other] < active[best]) best = other;
    }
    return best;
  }

  /** Envoy's `LeastRequestLoadBalancer::hostWeight`, bias 1 and 0 without `pow`. */
  private effectiveWeight(slot: number): number {
    const weight = this.weights[slot];
    const bias = this.options.activeRequestBias;
    if (bias === 0) return weight;
    const load = this.active[slot] + 1;
    return bias === 1 ? weight / load : weight / Math.pow(load, bias);
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    const valid = validateEndpoints(NAME, endpoints);
    const { table } = this;
    for (const e of table.entries) e.state.active = this.active[e.index];
    table.set(valid);
    this.epoch++;
    this.active = Int32Array.from(table.entries, (e) => e.state.active);
    this.weights = Float64Array.from(valid, (e) => e.weight);
    const weighted = valid.some((e) => e.weight !== valid[0].weight);
    this.edf = weighted ? new EdfScheduler(valid.map((_, slot) => this.effectiveWeight(slot))) : undefined;
  }

  endpoints(): readonly Endpoint[] {
    return this.table.endpoints;
  }
}

export const leastRequestStrategy = defineStrategy<Options>({
  name: NAME, hashing: false, feedback: true, specs: SPECS,
  summary: "Envoy's LEAST_REQUEST: fewest active of choiceCount random endpoints; unequal weights by EDF over weight / (active + 1) ^ bias.",
  create: (endpoints, options, env) => new LeastRequest(endpoints, options, env),
});
