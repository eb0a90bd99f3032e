/**
 * round-robin: exact rotation over the endpoints in the order given (as grpc-js's
 * `round_robin`). When the pool changes, the rotation continues after the endpoint picked last
 * if it stays, so removing or ejecting one endpoint does not send the next pick back to the first.
 */
import { defineStrategy, type OptionSpec } from '../options';
import { StaticPicksBalancer } from '../structures/picks';
import type { Endpoint, Pick } from '../types';

const NAME = 'round-robin';
const SPECS: readonly OptionSpec[] = [];

class RoundRobin extends StaticPicksBalancer {
  readonly name = NAME;
  private next = 0;
  private lastId: string | undefined;

  pick(): Pick | undefined {
    const n = this.picks.length;
    if (n === 0) return undefined;
    if (this.next >= n) this.next = 0;
    const pick = this.picks[this.next++];
    this.lastId = pick.endpoint.id;
    return pick;
  }

  protected schedule(endpoints: readonly Endpoint[]): void {
    const at = this.lastId === undefined ? -1 : endpoints.findIndex((e) => e.id === this.lastId);
    if (at >= 0) this.next = at + 1;
  }
}

export const roundRobinStrategy = defineStrategy({
  name: NAME, hashing: false, feedback: false, specs: SPECS,
  summary: 'Each endpoint in turn, weights ignored.',
  create: (endpoints) => new RoundRobin().withEndpoints(endpoints),
});
