/**
 * p2c-peak-ewma: power of two choices over peak-EWMA latency, as Finagle's `Balancers.p2cPeakEwma`
 * and Linkerd (via tower's `p2c::Balance` over `PeakEwma`) do it.
 *
 * Each pick draws two distinct endpoints uniformly (M. Mitzenmacher, "The Power of Two Choices in
 * Randomized Load Balancing", IEEE TPDS 12(10), 2001; ChoiceSampler) and keeps the one with the lower
 *
 *     cost = peakEwma x (pending + 1)
 *
 * (the first on a tie), where `pending` counts its picks not yet done and `peakEwma` is the
 * latency estimate of ewma.ts `PeakEwma`: a slower sample replaces it at once, faster ones blend in
 * over `decayMs` (default 10 s), and it drifts toward 0 while unobserved so a recovered endpoint is
 * tried again. Endpoints with no history start at `defaultLatencyMs` (default 30 ms). Time comes
 * only from the injected `now`. Weights are ignored, as in Finagle and tower. One endpoint: it.
 */
import { EndpointTable } from '../structures/endpoint-table';
import { validateEndpoints } from '../endpoints';
import { decayFactor } from '../structures/ewma';
import { defineStrategy, positiveNumber, type OptionSpec } from '../options';
import { SlotPick, validLatency, type SlotOwner } from '../structures/picks';
import type { Balancer, Endpoint, Env, Outcome, Pick } from '../types';
import { ChoiceSampler } from '../structures/choice-sampler';

const NAME = 'p2c-peak-ewma';

const DEFAULTS = Object.freeze({ decayMs: 10_000, defaultLatencyMs: 30 });

const SPECS: readonly OptionSpec[] = [
  positiveNumber('decayMs', DEFAULTS.decayMs, 'Time constant of the peak EWMA in ms (Finagle and Linkerd use 10 s).'),
  {
    name: 'defaultLatencyMs',
    type: 'number',
    default: DEFAULTS.defaultLatencyMs,
    min: 0,
    description: 'Latency assumed for an endpoint with no history, in ms (Linkerd uses 30 ms).',
  },
];

type Options = {
  decayMs: number;
  defaultLatencyMs: number;
};

/** What is kept by id while the slots are renumbered. */
interface State {
  pending: number;
  estimate: number;
  updatedAt: number;
}

/**
 * The peak EWMA (ewma.ts `PeakEwma`, the same arithmetic) and the pending counts live in typed
 * arrays by slot: a pick reads two random endpoints, and at 10,000 endpoints the object graph
 * (entry, state, estimator, two boxed doubles) cost a cache miss per hop, ~10x the pick at 10.
 */
class P2cPeakEwma implements Balancer, SlotOwner {
  readonly name = NAME;
  epoch = 0;
  private readonly table: EndpointTable<State>;
  private readonly sampler = new ChoiceSampler(2);
  private readonly decayMs: number;
  private estimate = new Float64Array(0);
  private updatedAt = new Float64Array(0);
  private pending = new Int32Array(0);

  constructor(
    endpoints: readonly Endpoint[],
    options: Options,
    private readonly env: Env,
  ) {
    this.decayMs = options.decayMs;
    this.table = new EndpointTable<State>(() => ({ pending: 0, estimate: options.defaultLatencyMs, updatedAt: env.now() }));
    this.setEndpoints(endpoints);
  }

  pick(): Pick | undefined {
    const k = this.sampler.draw(this.pending.length, this.env.random);
    if (k === 0) return undefined;
    const picked = this.sampler.picked;
    let slot = picked[0];
    if (k > 1) {
      const now = this.env.now();
      let best = this.cost(slot, now);
      for (let t = 1; t < k; t++) {
        const c = this.cost(picked[t], now);
        if (c < best) {
          best = c;
          slot = picked[t];
        }
      }
    }
    this.pending[slot]++;
    return new SlotPick(this.table.endpoints[slot], this, this.table.entries[slot], slot, this.epoch);
  }

  /** Reading the estimate is an observation of 0 (Finagle, tower): it decays, and is stored. */
  private cost(slot: number, now: number): number {
    return this.observe(slot, 0, now) * (this.pending[slot] + 1);
  }

  /** ewma.ts `PeakEwma.observe` on slot `slot`. */
  private observe(slot: number, rtt: number, now: number): number {
    const est = this.estimate;
    const at = this.updatedAt;
    let e = est[slot];
    if (e < rtt) e = rtt;
    else {
      const w = decayFactor(now - at[slot], this.decayMs);
      e = e * w + rtt * (1 - w);
    }
    est[slot] = e;
    if (now > at[slot]) at[slot] = now;
    return e;
  }

  settle(slot: number, outcome: Outcome): void {
    this.pending[slot]--;
    if (validLatency(outcome)) this.observe(slot, outcome.latencyMs, this.env.now());
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    const valid = validateEndpoints(NAME, endpoints);
    const { table } = this;
    for (const e of table.entries) {
      const s = e.state;
      s.pending = this.pending[e.index];
      s.estimate = this.estimate[e.index];
      s.updatedAt = this.updatedAt[e.index];
    }
    table.set(valid);
    this.epoch++;
    const entries = table.entries;
    this.estimate = Float64Array.from(entries, (e) => e.state.estimate);
    this.updatedAt = Float64Array.from(entries, (e) => e.state.updatedAt);
    this.pending = Int32Array.from(entries, (e) => e.state.pending);
  }

  endpoints(): readonly Endpoint[] {
    return this.table.endpoints;
  }
}

export const p2cPeakEwmaStrategy = defineStrategy<Options>({
  name: NAME, hashing: false, feedback: true, specs: SPECS,
  summary: 'Best of two random endpoints by peak-EWMA latency x (pending + 1) (Finagle, Linkerd).',
  create: (endpoints, options, env) => new P2cPeakEwma(endpoints, options, env),
});
