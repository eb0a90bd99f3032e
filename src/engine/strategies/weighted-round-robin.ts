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
import { defineStrategy, type OptionSpec } from '../options';
import { StaticPicksBalancer } from '../structures/picks';
import { SmoothWeightedRoundRobin } from '../structures/smooth-wrr';
import type { Endpoint, Pick } from '../types';

const NAME = 'weighted-round-robin';
const SPECS: readonly OptionSpec[] = [];

class WeightedRoundRobin extends StaticPicksBalancer {
  readonly name = NAME;
  private order: { pick(): number } = { pick: () => -1 };

  pick(): Pick | undefined {
    const i = this.order.pick();
    return i < 0 ? undefined : this.picks[i];
  }

  protected schedule(endpoints: readonly Endpoint[]): void {
    const weights = endpoints.map((e) => e.weight);
    this.order = SmoothWeightedRoundRobin.fits(weights) ? new SmoothWeightedRoundRobin(weights) : new EdfScheduler(weights);
  }
}

export const weightedRoundRobinStrategy = defineStrategy({
  name: NAME, hashing: false, feedback: false, specs: SPECS,
  summary: "In turn in proportion to weight, smoothly interleaved (nginx's smooth weighted round robin).",
  create: (endpoints) => new WeightedRoundRobin().withEndpoints(endpoints),
});
