/**
 * least-load: power of two choices (Mitzenmacher 2001) over the load servers report in
 * `done({ load })` (utilisation, 0..1; any finite number >= 0 is taken as is). A report ages:
 * it counts `load x 2^(-age / halfLifeMs)`, so a server that stopped reporting drifts back toward
 * 0 and is tried again. Of the two random endpoints, the lower aged load wins, then the fewer
 * in-flight picks, then the first drawn. Comparing only two random endpoints is what keeps one
 * stale, low report from attracting every pick (the herd effect of "least loaded of all").
 * Weights are ignored.
 */
import { EndpointTable, type Entry } from './endpoint-table';
import { validateEndpoints } from './endpoints';
import { halfLifeDecay } from './ewma';
import { describeOptions, parseOptions, type OptionSpec } from './options';
import { FeedbackPick } from './picks';
import type { Env, StrategyDefinition } from './registry';
import { twoDistinct } from './sampling';
import type { Balancer, Endpoint, Outcome, Pick } from './types';

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

interface State {
  load: number;
  reportedAt: number;
  inFlight: number;
}

class LeastLoad implements Balancer {
  readonly name = NAME;
  private readonly table = new EndpointTable<State>(() => ({ load: 0, reportedAt: 0, inFlight: 0 }));
  private readonly pair: [number, number] = [0, 0];
  private readonly finish = (entry: Entry<State>, outcome: Outcome): void => {
    entry.state.inFlight--;
    const load = outcome?.load;
    if (typeof load === 'number' && Number.isFinite(load) && load >= 0) {
      entry.state.load = load;
      entry.state.reportedAt = this.env.now();
    }
  };

  constructor(
    endpoints: readonly Endpoint[],
    private readonly halfLifeMs: number,
    private readonly env: Env,
  ) {
    this.setEndpoints(endpoints);
  }

  /** The load `entry` last reported, aged to `now`. */
  load(entry: Entry<State>, now: number): number {
    const s = entry.state;
    return s.load === 0 ? 0 : halfLifeDecay(s.load, now - s.reportedAt, this.halfLifeMs);
  }

  pick(): Pick | undefined {
    const entries = this.table.entries;
    const n = entries.length;
    if (n === 0) return undefined;
    let entry = entries[0];
    if (n > 1) {
      const [i, j] = twoDistinct(n, this.env.random, this.pair);
      const now = this.env.now();
      const a = entries[i];
      const b = entries[j];
      const la = this.load(a, now);
      const lb = this.load(b, now);
      entry = la < lb || (la === lb && a.state.inFlight <= b.state.inFlight) ? a : b;
    }
    entry.state.inFlight++;
    return new FeedbackPick(entry, this.finish);
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    this.table.set(validateEndpoints(NAME, endpoints));
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
