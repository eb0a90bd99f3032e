/**
 * The rendezvous "table": no table, the endpoints' id hashes and weights, scored per key (see
 * strategies/rendezvous.ts for the algorithm and its sources).
 */
import type { Hash64 } from './hash-units';
import { hash64Into, mixedUnit } from './xxh64';
import type { Endpoint, HashLayout } from '../types';
import { byId, type HashTable } from './hash-table';
import { nthInWalk } from './visits';

export class RendezvousTable implements HashTable {
  private readonly order: Uint32Array;
  private readonly idHi: Int32Array;
  private readonly idLo: Int32Array;
  private readonly weight: Float64Array;
  private readonly equalWeights: boolean;
  /** Scratch scores for `walk`, made on its first use. */
  private scores: Float64Array | undefined;

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

  chooseHost(hi: number, lo: number, attempt = 0): number {
    if (attempt !== 0) return nthInWalk(this, hi, lo, attempt);
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

  /**
   * The endpoints by falling score, each once: the owner, then the runner-up, ... (HRW's own
   * fallback order: the key's next choice is the one it would get if the owner left). O(n) per
   * visited endpoint; the first costs what chooseHost does.
   */
  walk(hi: number, lo: number, accept: (endpoint: number) => boolean): number {
    const first = this.chooseHost(hi, lo);
    if (first < 0 || accept(first)) return first;
    const { order, idHi, idLo, weight } = this;
    const n = order.length;
    const score = (this.scores ??= new Float64Array(n));
    for (let k = 0; k < n; k++) {
      const u = mixedUnit(hi, lo, idHi[k], idLo[k]);
      score[k] = order[k] === first ? -Infinity : this.equalWeights ? u : weight[k] / -Math.log(u);
    }
    for (let left = n - 1; left > 0; left--) {
      let best = -1;
      for (let k = 0; k < n; k++) if (score[k] > -Infinity && (best < 0 || score[k] > score[best])) best = k;
      const e = order[best];
      if (accept(e)) return e;
      score[best] = -Infinity;
    }
    return -1;
  }

  layout(endpointIds: readonly string[]): HashLayout {
    return { kind: 'hrw', endpointIds };
  }
}

