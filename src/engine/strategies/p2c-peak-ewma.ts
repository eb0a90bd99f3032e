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

/** Per-slot fields in `state`, one endpoint's four doubles side by side (see the class comment). */
const ESTIMATE = 0;
const UPDATED_AT = 1;
const PENDING = 2;
const STRIDE = 4;

/**
 * The peak EWMA (ewma.ts `PeakEwma`, the same arithmetic to the bit) and the pending count of a
 * slot live side by side in one Float64Array, 32 bytes a slot: a pick reads two random endpoints,
 * and at 10,000 endpoints each separate array cost a cache miss per candidate (an object graph cost
 * ~10x the pick at 10). Counts are whole numbers, exact in a double.
 */
class P2cPeakEwma implements Balancer, SlotOwner {
  readonly name = NAME;
  epoch = 0;
  private readonly table: EndpointTable<State>;
  private readonly sampler = new ChoiceSampler(2);
  private readonly decayMs: number;
  private state = new Float64Array(0);
  private size = 0;

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
    const k = this.sampler.draw(this.size, this.env.random);
    if (k === 0) return undefined;
    const picked = this.sampler.picked;
    let slot = picked[0];
    if (k > 1) {
      const now = this.env.now();
      const other = picked[1];
      // cost = estimate x (pending + 1); the second drawn wins only if strictly cheaper.
      const first = this.read(slot, now) * (this.state[slot * STRIDE + PENDING] + 1);
      if (this.read(other, now) * (this.state[other * STRIDE + PENDING] + 1) < first) slot = other;
    }
    this.state[slot * STRIDE + PENDING]++;
    return new SlotPick(this.table.endpoints[slot], this, this.table.entries[slot], slot, this.epoch);
  }

  /**
   * The estimate now, stored (Finagle's and tower's read: an observation of 0). ewma.ts's
   * `e x w + 0 x (1 - w)` is `e x w` for e >= 0 (but for the sign of a zero, which no cost
   * comparison sees), and `e` when no time passed.
   */
  private read(slot: number, now: number): number {
    const s = this.state;
    const i = slot * STRIDE;
    const at = s[i + UPDATED_AT];
    if (!(now - at > 0)) return s[i + ESTIMATE];
    const e = s[i + ESTIMATE] * Math.exp(-(now - at) / this.decayMs);
    s[i + ESTIMATE] = e;
    s[i + UPDATED_AT] = now;
    return e;
  }

  settle(slot: number, outcome: Outcome): void {
    const s = this.state;
    const i = slot * STRIDE;
    s[i + PENDING]--;
    if (!validLatency(outcome)) return;
    const rtt = outcome.latencyMs;
    const now = this.env.now();
    const e = s[i + ESTIMATE];
    const at = s[i + UPDATED_AT];
    if (e < rtt) s[i + ESTIMATE] = rtt;
    else {
      const w = now - at <= 0 ? 1 : Math.exp(-(now - at) / this.decayMs);
      s[i + ESTIMATE] = e * w + rtt * (1 - w);
    }
    if (now > at) s[i + UPDATED_AT] = now;
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    const valid = validateEndpoints(NAME, endpoints);
    const { table, state } = this;
    for (const e of table.entries) {
      const i = e.index * STRIDE;
      e.state.estimate = state[i + ESTIMATE];
      e.state.updatedAt = state[i + UPDATED_AT];
      e.state.pending = state[i + PENDING];
    }
    table.set(valid);
    this.epoch++;
    const entries = table.entries;
    const next = new Float64Array(entries.length * STRIDE);
    for (let slot = 0; slot < entries.length; slot++) {
      const st = entries[slot].state;
      next[slot * STRIDE + ESTIMATE] = st.estimate;
      next[slot * STRIDE + UPDATED_AT] = st.updatedAt;
      next[slot * STRIDE + PENDING] = st.pending;
    }
    this.state = next;
    this.size = entries.length;
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
