/**
 * least-connections: the endpoint with the fewest in-flight picks relative to its weight
 * (`inFlight / weight`, as nginx's `least_conn` and Envoy's weighted least request with all
 * hosts compared). Ties go round in weighted rotation (see InFlightBuckets), so a sequential
 * caller, whose in-flight counts are all 0, still spreads, in proportion to weight.
 *
 * O(log d) per pick and per `done`, d the number of distinct (weight, in-flight) pairs present
 * (a handful, whatever the number of endpoints; n at worst): endpoints sit in FIFO buckets by
 * (weight, in-flight) and a small heap orders the buckets, never the endpoints (see
 * InFlightBuckets). bench/engine.bench.ts measures it against the O(n) scan.
 * Per-endpoint state lives in typed arrays by slot; what stays with an endpoint across
 * `setEndpoints` (its in-flight count and place in the rotation) is kept by id.
 */
import { EndpointTable } from '../structures/endpoint-table';
import { validateEndpoints } from '../endpoints';
import { InFlightBuckets } from '../structures/in-flight-buckets';
import { defineStrategy, type OptionSpec } from '../options';
import { SlotPick, type SlotOwner } from '../structures/picks';
import type { Balancer, Endpoint, Outcome, Pick } from '../types';

const NAME = 'least-connections';
const SPECS: readonly OptionSpec[] = [];

/** What is kept by id while the slots are renumbered. */
interface State {
  inFlight: number;
  tie: number;
}

class LeastConnections implements Balancer, SlotOwner {
  readonly name = NAME;
  epoch = 0;
  private readonly table = new EndpointTable<State>(() => ({ inFlight: 0, tie: 0 }));
  private readonly buckets = new InFlightBuckets();

  constructor(endpoints: readonly Endpoint[]) {
    this.setEndpoints(endpoints);
  }

  pick(): Pick | undefined {
    const slot = this.buckets.acquire();
    if (slot < 0) return undefined;
    return new SlotPick(this.table.endpoints[slot], this, this.table.entries[slot], slot, this.epoch);
  }

  settle(slot: number, _outcome: Outcome): void {
    this.buckets.release(slot);
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    const valid = validateEndpoints(NAME, endpoints);
    const { buckets, table } = this;
    for (const e of table.entries) {
      e.state.inFlight = buckets.inFlightOf(e.index);
      e.state.tie = buckets.tagOf(e.index);
    }
    table.set(valid);
    this.epoch++;
    const entries = table.entries;
    buckets.reset(
      entries.map((e) => e.endpoint.weight),
      entries.map((e) => e.state.inFlight),
      entries.map((e) => e.state.tie),
    );
  }

  endpoints(): readonly Endpoint[] {
    return this.table.endpoints;
  }
}

export const leastConnectionsStrategy = defineStrategy({
  name: NAME, hashing: false, feedback: true, specs: SPECS,
  summary: 'Fewest in-flight requests relative to weight; ties rotate. O(1) with FIFO buckets by in-flight count.',
  create: (endpoints) => new LeastConnections(endpoints),
});
