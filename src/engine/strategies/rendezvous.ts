/**
 * `rendezvous`: weighted highest-random-weight hashing (Thaler and Ravishankar, "Using Name-Based
 * Mappings to Increase Hit Rates", IEEE/ACM ToN 1998, for HRW; the weighted score -w / ln(u) is
 * the logarithmic method of Schindelhauer and Schomaker, "Weighted Distributed Hash Tables",
 * SPAA 2005, known as weighted rendezvous hashing). For a key, every endpoint draws
 * u = hash(key, id) in (0, 1) and scores -w / ln(u); the highest score wins. Endpoint i wins with
 * probability exactly w_i / W, and when an endpoint leaves, only the keys it won move.
 *
 * hash(key, id) = xxHash64's avalanche of xxHash64(key) XOR xxHash64(id): one string hash per
 * pick, then one 64-bit mix per endpoint.
 *
 * Cost: O(n) per pick, a mix and a logarithm per endpoint (the price of needing no table and of
 * moving no key between the endpoints that stay). Ties (equal scores, practically never) go to
 * the smaller id, so the result does not depend on the order endpoints are given.
 */
import { hash64Into, mixedUnit, type Hash64 } from '../hash';
import { byId, TableBalancer } from '../hashing/table-balancer';
import { describeOptions, parseOptions, type OptionSpec } from '../options';
import type { StrategyDefinition } from '../types';
import type { HashTable } from '../hashing/ring';
import type { Endpoint, HashLayout } from '../types';

const SPECS: readonly OptionSpec[] = [];

export class RendezvousTable implements HashTable {
  private readonly order: Uint32Array;
  private readonly idHi: Int32Array;
  private readonly idLo: Int32Array;
  private readonly weight: Float64Array;
  private readonly equalWeights: boolean;

  /** Endpoints are scored in id order (strict `>` keeps the first, i.e. smallest, id on a tie). */
  constructor(endpoints: readonly Endpoint[]) {
    const n = endpoints.length;
    this.order = Uint32Array.from(byId(endpoints));
    this.idHi = new Int32Array(n);
    this.idLo = new Int32Array(n);
    this.weight = new Float64Array(n);
    const h: Hash64 = { hi: 0, lo: 0 };
    for (let k = 0; k < n; k++) {
      const e = endpoints[this.order[k]];
      hash64Into(h, e.id);
      this.idHi[k] = h.hi;
      this.idLo[k] = h.lo;
      this.weight[k] = e.weight;
    }
    this.equalWeights = endpoints.every((e) => e.weight === endpoints[0].weight);
  }

  chooseHost(hi: number, lo: number): number {
    const { order, idHi, idLo, weight } = this;
    const n = order.length;
    let best = -1;
    let bestScore = -1;
    if (this.equalWeights) {
      // -w / ln(u) rises with u, so with one weight the largest u wins: no logarithm needed.
      for (let k = 0; k < n; k++) {
        const u = mixedUnit(hi, lo, idHi[k], idLo[k]);
        if (u > bestScore) {
          bestScore = u;
          best = k;
        }
      }
    } else {
      for (let k = 0; k < n; k++) {
        const score = weight[k] / -Math.log(mixedUnit(hi, lo, idHi[k], idLo[k]));
        if (score > bestScore) {
          bestScore = score;
          best = k;
        }
      }
    }
    return best < 0 ? -1 : order[best];
  }

  layout(endpointIds: readonly string[]): HashLayout {
    return { kind: 'hrw', endpointIds };
  }
}

export const rendezvousStrategy: StrategyDefinition = {
  name: 'rendezvous',
  summary: 'Weighted highest-random-weight hashing: O(n) per pick, no table, only the keys of a leaving endpoint move.',
  hashing: true,
  feedback: false,
  options: describeOptions(SPECS),
  create(endpoints, options, env) {
    parseOptions('rendezvous', options, SPECS);
    return new TableBalancer('rendezvous', endpoints, env, (eps) => new RendezvousTable(eps));
  },
};
