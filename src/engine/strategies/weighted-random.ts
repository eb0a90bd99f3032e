/**
 * weighted-random: each pick independent, endpoint i chosen with probability
 * weight_i / sum of weights, in O(1) per pick by the alias method (see alias-table.ts).
 */
import { AliasTable } from '../structures/alias-table';
import { defineStrategy, type OptionSpec } from '../options';
import { StaticPicksBalancer } from '../structures/picks';
import type { Endpoint, Env, Pick } from '../types';

const NAME = 'weighted-random';
const SPECS: readonly OptionSpec[] = [];

class WeightedRandom extends StaticPicksBalancer {
  readonly name = NAME;
  private table = new AliasTable([]);

  constructor(private readonly env: Env) {
    super();
  }

  pick(): Pick | undefined {
    if (this.picks.length === 0) return undefined;
    return this.picks[this.table.sample(this.env.random())];
  }

  protected schedule(endpoints: readonly Endpoint[]): void {
    this.table = new AliasTable(endpoints.map((e) => e.weight));
  }
}

export const weightedRandomStrategy = defineStrategy({
  name: NAME, hashing: false, feedback: false, specs: SPECS,
  summary: 'At random in proportion to weight (alias method, O(1) per pick).',
  create: (endpoints, _options, env) => new WeightedRandom(env).withEndpoints(endpoints),
});
