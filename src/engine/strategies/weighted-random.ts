/**
 * weighted-random: each pick independent, endpoint i chosen with probability
 * weight_i / sum of weights, in O(1) per pick by the alias method (see alias-table.ts).
 */
import { AliasTable } from '../structures/alias-table';
import { validateEndpoints } from '../endpoints';
import { describeOptions, parseOptions, type OptionSpec } from '../options';
import { staticPick } from '../structures/picks';
import type { Env, StrategyDefinition } from '../types';
import type { Balancer, Endpoint, Pick } from '../types';

const NAME = 'weighted-random';
const SPECS: readonly OptionSpec[] = [];

class WeightedRandom implements Balancer {
  readonly name = NAME;
  private list: readonly Endpoint[] = [];
  private picks: Pick[] = [];
  private table = new AliasTable([]);

  constructor(
    endpoints: readonly Endpoint[],
    private readonly env: Env,
  ) {
    this.setEndpoints(endpoints);
  }

  pick(): Pick | undefined {
    if (this.picks.length === 0) return undefined;
    return this.picks[this.table.sample(this.env.random())];
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    const valid = validateEndpoints(NAME, endpoints);
    this.list = Object.freeze(valid);
    this.picks = valid.map(staticPick);
    this.table = new AliasTable(valid.map((e) => e.weight));
  }

  endpoints(): readonly Endpoint[] {
    return this.list;
  }
}

export const weightedRandomStrategy: StrategyDefinition = {
  name: NAME,
  summary: 'At random in proportion to weight (alias method, O(1) per pick).',
  hashing: false,
  feedback: false,
  options: describeOptions(SPECS),
  create(endpoints, options, env) {
    parseOptions(NAME, options, SPECS);
    return new WeightedRandom(endpoints, env);
  },
};
