/**
 * least-load: power of two choices (Mitzenmacher 2001) over the load servers report in
 * `done({ load })` (utilisation, 0..1; any finite number >= 0 is taken as is). A report ages:
 * it counts `load x 2^(-age / halfLifeMs)`, so a server that stopped reporting drifts back toward
 * 0 and is tried again. Of the two random endpoints, the lower aged load wins, then the fewer
 * in-flight picks, then the first drawn. Comparing only two random endpoints is what keeps one
 * stale, low report from attracting every pick (the herd effect of "least loaded of all").
 * Weights are ignored.
 *
 * Aging needs no clock read and no exponential at pick time: both candidates age by the same
 * `now`, so `load_a x 2^(-(now - t_a) / h) < load_b x 2^(-(now - t_b) / h)` exactly when
 * `log2(load_a) + t_a / h < log2(load_b) + t_b / h`. Each endpoint keeps that one number (its
 * "standing", -Infinity for a load of 0), computed once per report in `done`; a pick compares two
 * standings. (Unlike `2^-x`, a standing does not underflow: reports thousands of half-lives old
 * still compare as the formula says instead of both rounding to 0.) Per-endpoint state lives in typed arrays by slot, kept by id across `setEndpoints`.
 */
import { EndpointTable } from '../structures/endpoint-table';
import { validateEndpoints } from '../endpoints';
import { describeOptions, parseOptions, type OptionSpec } from '../options';
import { SlotPick, type SlotOwner } from '../structures/picks';
import type { Env, StrategyDefinition } from '../types';
import { randomIndex } from '../structures/choice-sampler';
import type { Balancer, Endpoint, Outcome, Pick } from '../types';

const NAME = 'least-load';

const DEFAULTS = Object.freeze({ halfLifeMs: 2000 });

const SPECS: readonly OptionSpec[] = [
  {
    name: 'halfLifeMs',
    type: 'number',
    default: DEFAULTS.halfLifeMs,
    min: 0,
    exclusiveMin: true,
    description: 'A load report counts half as much after this many ms without a newer one.',
  },
];

/** What is kept by id while the slots are renumbered. */
interface State {
  standing: number;
  inFlight: number;
}

class LeastLoad implements Balancer, SlotOwner {
  readonly name = NAME;
  epoch = 0;
  private readonly table = new EndpointTable<State>(() => ({ standing: -Infinity, inFlight: 0 }));
  /** `log2(load) + reportedAt / halfLifeMs` of the last report, by slot; -Infinity until one (or for 0). */
  private standing = new Float64Array(0);
  private inFlight = new Int32Array(0);

  constructor(
    endpoints: readonly Endpoint[],
    private readonly halfLifeMs: number,
    private readonly env: Env,
  ) {
    this.setEndpoints(endpoints);
  }

  pick(): Pick | undefined {
    const n = this.standing.length;
    if (n === 0) return undefined;
    let slot = 0;
    if (n > 1) {
      // Two distinct slots: the second drawn from the other n - 1 (see sampling.ts, twoDistinct).
      const random = this.env.random;
      const a = randomIndex(n, random);
      let b = randomIndex(n - 1, random);
      if (b >= a) b++;
      const sa = this.standing[a];
      const sb = this.standing[b];
      slot = sa < sb || (sa === sb && this.inFlight[a] <= this.inFlight[b]) ? a : b;
    }
    this.inFlight[slot]++;
    return new SlotPick(this.table.endpoints[slot], this, this.table.entries[slot], slot, this.epoch);
  }

  settle(slot: number, outcome: Outcome): void {
    this.inFlight[slot]--;
    const load = outcome?.load;
    if (typeof load === 'number' && Number.isFinite(load) && load >= 0) {
      this.standing[slot] = Math.log2(load) + this.env.now() / this.halfLifeMs;
    }
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    const valid = validateEndpoints(NAME, endpoints);
    const { table } = this;
    for (const e of table.entries) {
      e.state.standing = this.standing[e.index];
      e.state.inFlight = this.inFlight[e.index];
    }
    table.set(valid);
    this.epoch++;
    const entries = table.entries;
    this.standing = Float64Array.from(entries, (e) => e.state.standing);
    this.inFlight = Int32Array.from(entries, (e) => e.state.inFlight);
  }

  endpoints(): readonly Endpoint[] {
    return this.table.endpoints;
  }
}

export const leastLoadStrategy: StrategyDefinition = {
  name: NAME,
  summary: 'Best of two random endpoints by server-reported load (done({load})), stale reports decaying.',
  hashing: false,
  feedback: true,
  options: describeOptions(SPECS),
  create(endpoints, options, env) {
    const { halfLifeMs } = parseOptions<{ halfLifeMs: number }>(NAME, options, SPECS);
    return new LeastLoad(endpoints, halfLifeMs, env);
  },
};
