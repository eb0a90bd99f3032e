/**
 * random: each pick uniform over the endpoints, from the injected `random` (one draw per pick),
 * weights ignored.
 */
import { validateEndpoints } from '../endpoints';
import { describeOptions, parseOptions, type OptionSpec } from '../options';
import { staticPick } from '../structures/picks';
import type { Env, StrategyDefinition } from '../types';
import { randomIndex } from '../structures/choice-sampler';
import type { Balancer, Endpoint, Pick } from '../types';

const NAME = 'random';
const SPECS: readonly OptionSpec[] = [];

class RandomBalancer implements Balancer {
  readonly name = NAME;
  private list: readonly Endpoint[] = [];
  private picks: Pick[] = [];

  constructor(
    endpoints: readonly Endpoint[],
    private readonly env: Env,
  ) {
    this.setEndpoints(endpoints);
  }

  pick(): Pick | undefined {
    const n = this.picks.length;
    if (n === 0) return undefined;
    return this.picks[randomIndex(n, this.env.random)];
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    const valid = validateEndpoints(NAME, endpoints);
    this.list = Object.freeze(valid);
    this.picks = valid.map(staticPick);
  }

  endpoints(): readonly Endpoint[] {
    return this.list;
  }
}

export const randomStrategy: StrategyDefinition = {
  name: NAME,
  summary: 'Uniformly at random, weights ignored.',
  hashing: false,
  feedback: false,
  options: describeOptions(SPECS),
  create(endpoints, options, env) {
    parseOptions(NAME, options, SPECS);
    return new RandomBalancer(endpoints, env);
  },
};
