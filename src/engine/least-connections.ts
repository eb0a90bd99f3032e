/**
 * least-connections: the endpoint with the fewest in-flight picks relative to its weight
 * (`inFlight / weight`, as nginx's `least_conn` and Envoy's weighted least request with all
 * hosts compared). Ties go round in weighted rotation (see MinScorePicker), so a sequential
 * caller, whose in-flight counts are all 0, still spreads, in proportion to weight.
 *
 * O(log n) per pick and per `done`: an indexed min-heap instead of the O(n) scan over all
 * endpoints (bench/engine.bench.ts measures the difference).
 */
import { EndpointTable, type Entry } from './endpoint-table';
import { validateEndpoints } from './endpoints';
import { MinScorePicker } from './min-score-picker';
import { describeOptions, parseOptions, type OptionSpec } from './options';
import { FeedbackPick } from './picks';
import type { StrategyDefinition } from './registry';
import type { Balancer, Endpoint, Outcome, Pick } from './types';

const NAME = 'least-connections';
const SPECS: readonly OptionSpec[] = [];

interface State {
  inFlight: number;
  tie: number;
}

class LeastConnections implements Balancer {
  readonly name = NAME;
  private readonly table = new EndpointTable<State>(() => ({ inFlight: 0, tie: 0 }));
  private readonly picker = new MinScorePicker(this.table, (e) => e.state.inFlight / e.endpoint.weight);
  private readonly finish = (entry: Entry<State>, _outcome: Outcome): void => {
    entry.state.inFlight--;
    this.picker.update(entry);
  };

  constructor(endpoints: readonly Endpoint[]) {
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

export const leastConnectionsStrategy: StrategyDefinition = {
  name: NAME,
  summary: 'Fewest in-flight requests relative to weight; ties rotate. O(log n) with an indexed heap.',
  hashing: false,
  feedback: true,
  options: describeOptions(SPECS),
  create(endpoints, options) {
    parseOptions(NAME, options, SPECS);
    return new LeastConnections(endpoints);
  },
};
