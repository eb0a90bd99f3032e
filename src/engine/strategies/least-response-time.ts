/**
 * least-response-time: the endpoint with the lowest
 *
 *     score = ewma x (inFlight + 1) / weight
 *
 * where `ewma` is a time-based EWMA of the latencies reported to `done` (weight of the older
 * average `exp(-elapsed / decayMs)`, elapsed from the injected `now`; see ewma.ts) and `inFlight`
 * counts picks not yet done. With weights all 1 this is nginx Plus's `least_time` idea and the
 * "latency x load" cost of Finagle's least-loaded balancers. Endpoints with no latency sample yet
 * come first (fewest in-flight first), so a new endpoint is tried at once. Failed requests count
 * with the latency they report. Ties go round in weighted rotation.
 *
 * O(log n) per pick and `done`: a score changes only at those two moments, so it lives in an
 * indexed heap (MinScorePicker). A slow endpoint is tried again only once the others' scores pass
 * its own (their in-flight count grows); for probing on a timer, use p2c-peak-ewma.
 */
import { EndpointTable, type Entry } from '../structures/endpoint-table';
import { validateEndpoints } from '../endpoints';
import { TimeEwma } from '../structures/ewma';
import { MinScorePicker } from '../structures/min-score-picker';
import { defineStrategy, positiveNumber, type OptionSpec } from '../options';
import { FeedbackPick, validLatency } from '../structures/picks';
import type { Balancer, Endpoint, Env, Outcome, Pick } from '../types';

const NAME = 'least-response-time';

const DEFAULTS = Object.freeze({ decayMs: 2000 });

const SPECS: readonly OptionSpec[] = [
  positiveNumber('decayMs', DEFAULTS.decayMs, 'Time constant of the latency EWMA in ms: after this long, older samples keep 37 % of their weight.'),
];

interface State {
  inFlight: number;
  tie: number;
  latency: TimeEwma;
}

function score(e: Entry<State>): number {
  const s = e.state;
  // Below every real score (those are >= 0): untried endpoints first, fewest in flight first.
  if (s.latency.samples === 0) return -1 / (s.inFlight + 1);
  return (s.latency.value * (s.inFlight + 1)) / e.endpoint.weight;
}

class LeastResponseTime implements Balancer {
  readonly name = NAME;
  private readonly table = new EndpointTable<State>(() => ({ inFlight: 0, tie: 0, latency: new TimeEwma() }));
  private readonly picker = new MinScorePicker(this.table, score);
  private readonly finish = (entry: Entry<State>, outcome: Outcome): void => {
    entry.state.inFlight--;
    if (validLatency(outcome)) entry.state.latency.observe(outcome.latencyMs, this.env.now(), this.decayMs);
    this.picker.update(entry);
  };

  constructor(
    endpoints: readonly Endpoint[],
    private readonly decayMs: number,
    private readonly env: Env,
  ) {
    this.setEndpoints(endpoints);
  }

  pick(): Pick | undefined {
    const entry = this.picker.next();
    if (!entry) return undefined;
    entry.state.inFlight++;
    this.picker.update(entry);
    return new FeedbackPick(entry, this.finish);
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    this.table.set(validateEndpoints(NAME, endpoints));
    this.picker.rebuild();
  }

  endpoints(): readonly Endpoint[] {
    return this.table.endpoints;
  }
}

export const leastResponseTimeStrategy = defineStrategy<{ decayMs: number }>({
  name: NAME, hashing: false, feedback: true, specs: SPECS,
  summary: 'Lowest EWMA latency x (in-flight + 1) / weight; untried endpoints first.',
  create: (endpoints, { decayMs }, env) => new LeastResponseTime(endpoints, decayMs, env),
});
