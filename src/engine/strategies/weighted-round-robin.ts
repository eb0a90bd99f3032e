/**
 * weighted-round-robin: nginx's smooth weighted round robin, exact (weights 5, 1, 1 give
 * `a a b a c a a` every 7 picks) and O(1) in the number of endpoints when the pool has at most
 * 32 distinct weights (see smooth-wrr.ts). A pool with more distinct weights is scheduled by
 * earliest deadline first as Envoy does (edf-scheduler.ts, O(log n)): the same shares and the same
 * even spread, in a slightly different order.
 *
 * The schedule is not learned state: a new pool starts a new cycle, as nginx does on reload.
 */
import { EdfScheduler } from '../structures/edf-scheduler';
import { validateEndpoints } from '../endpoints';
import { describeOptions, parseOptions, type OptionSpec } from '../options';
import { staticPick } from '../structures/picks';
import type { StrategyDefinition } from '../types';
import { SmoothWeightedRoundRobin } from '../structures/smooth-wrr';
import type { Balancer, Endpoint, Pick } from '../types';

const NAME = 'weighted-round-robin';
const SPECS: readonly OptionSpec[] = [];

class WeightedRoundRobin implements Balancer {
  readonly name = NAME;
  private list: readonly Endpoint[] = [];
  private picks: Pick[] = [];
  private schedule: { pick(): number } = { pick: () => -1 };

  constructor(endpoints: readonly Endpoint[]) {
    this.setEndpoints(endpoints);
  }

  pick(): Pick | undefined {
    const i = this.schedule.pick();
    return i < 0 ? undefined : this.picks[i];
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    const valid = validateEndpoints(NAME, endpoints);
    const weights = valid.map((e) => e.weight);
    this.list = Object.freeze(valid);
    this.picks = valid.map(staticPick);
    this.schedule = SmoothWeightedRoundRobin.fits(weights)
      ? new SmoothWeightedRoundRobin(weights)
      : new EdfScheduler(weights);
  }

  endpoints(): readonly Endpoint[] {
    return this.list;
  }
}

export const weightedRoundRobinStrategy: StrategyDefinition = {
  name: NAME,
  summary: "In turn in proportion to weight, smoothly interleaved (nginx's smooth weighted round robin).",
  hashing: false,
  feedback: false,
  options: describeOptions(SPECS),
  create(endpoints, options) {
    parseOptions(NAME, options, SPECS);
    return new WeightedRoundRobin(endpoints);
  },
};
