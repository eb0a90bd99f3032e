/**
 * round-robin: exact rotation over the endpoints in the order given (as grpc-js's
 * `round_robin`). When the pool changes, the rotation continues after the endpoint picked last
 * if it stays, so removing or ejecting one endpoint does not send the next pick back to the first.
 */
import { validateEndpoints } from '../endpoints';
import { describeOptions, parseOptions, type OptionSpec } from '../options';
import { staticPick } from '../structures/picks';
import type { StrategyDefinition } from '../types';
import type { Balancer, Endpoint, Pick } from '../types';

const NAME = 'round-robin';
const SPECS: readonly OptionSpec[] = [];

class RoundRobin implements Balancer {
  readonly name = NAME;
  private list: readonly Endpoint[] = [];
  private picks: Pick[] = [];
  private next = 0;
  private lastId: string | undefined;

  constructor(endpoints: readonly Endpoint[]) {
    this.setEndpoints(endpoints);
  }

  pick(): Pick | undefined {
    const n = this.picks.length;
    if (n === 0) return undefined;
    if (this.next >= n) this.next = 0;
    const pick = this.picks[this.next++];
    this.lastId = pick.endpoint.id;
    return pick;
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    const valid = validateEndpoints(NAME, endpoints);
    const at = this.lastId === undefined ? -1 : valid.findIndex((e) => e.id === this.lastId);
    if (at >= 0) this.next = at + 1;
    this.list = Object.freeze(valid);
    this.picks = valid.map(staticPick);
  }

  endpoints(): readonly Endpoint[] {
    return this.list;
  }
}

export const roundRobinStrategy: StrategyDefinition = {
  name: NAME,
  summary: 'Each endpoint in turn, weights ignored.',
  hashing: false,
  feedback: false,
  options: describeOptions(SPECS),
  create(endpoints, options) {
    parseOptions(NAME, options, SPECS);
    return new RoundRobin(endpoints);
  },
};
