/**
 * random: each pick uniform over the endpoints, from the injected `random` (one draw per pick),
 * weights ignored.
 */
import { defineStrategy, type OptionSpec } from '../options';
import { StaticPicksBalancer } from '../structures/picks';
import type { Env, Pick } from '../types';
import { randomIndex } from '../structures/choice-sampler';

const NAME = 'random';
const SPECS: readonly OptionSpec[] = [];

class RandomBalancer extends StaticPicksBalancer {
  readonly name = NAME;

  constructor(private readonly env: Env) {
    super();
  }

  pick(): Pick | undefined {
    const n = this.picks.length;
    if (n === 0) return undefined;
    return this.picks[randomIndex(n, this.env.random)];
  }

  protected schedule(): void {}
}

export const randomStrategy = defineStrategy({
  name: NAME, hashing: false, feedback: false, specs: SPECS,
  summary: 'Uniformly at random, weights ignored.',
  create: (endpoints, _options, env) => new RandomBalancer(env).withEndpoints(endpoints),
});
