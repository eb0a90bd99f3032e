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
import { EndpointTable, type Entry } from '../structures/endpoint-table';
import { validateEndpoints } from '../endpoints';
import { PeakEwma } from '../structures/ewma';
import { defineStrategy, positiveNumber, type OptionSpec } from '../options';
import { FeedbackPick, validLatency } from '../structures/picks';
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

interface State {
  pending: number;
  rtt: PeakEwma;
}

class P2cPeakEwma implements Balancer {
  readonly name = NAME;
  private readonly table: EndpointTable<State>;
  private readonly sampler = new ChoiceSampler(2);
  private readonly finish = (entry: Entry<State>, outcome: Outcome): void => {
    entry.state.pending--;
    if (validLatency(outcome)) entry.state.rtt.observe(outcome.latencyMs, this.env.now(), this.options.decayMs);
  };

  constructor(
    endpoints: readonly Endpoint[],
    private readonly options: Options,
    private readonly env: Env,
  ) {
    this.table = new EndpointTable<State>(() => ({
      pending: 0,
      rtt: new PeakEwma(options.defaultLatencyMs, env.now()),
    }));
    this.setEndpoints(endpoints);
  }

  pick(): Pick | undefined {
    const entries = this.table.entries;
    const k = this.sampler.draw(entries.length, this.env.random);
    if (k === 0) return undefined;
    const picked = this.sampler.picked;
    let entry = entries[picked[0]];
    if (k > 1) {
      const now = this.env.now();
      let best = this.cost(entry, now);
      for (let t = 1; t < k; t++) {
        const other = entries[picked[t]];
        const c = this.cost(other, now);
        if (c < best) {
          best = c;
          entry = other;
        }
      }
    }
    entry.state.pending++;
    return new FeedbackPick(entry, this.finish);
  }

  private cost(entry: Entry<State>, now: number): number {
    return entry.state.rtt.read(now, this.options.decayMs) * (entry.state.pending + 1);
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    this.table.set(validateEndpoints(NAME, endpoints));
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
