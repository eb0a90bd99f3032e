/**
 * The Maglev lookup table (see strategies/maglev.ts for the algorithm and its source): endpoint
 * index per cell, filled by weighted turns over each endpoint's permutation of the cells.
 */
import { mod64, type Hash64 } from './hash-units';
import { hash64Into } from './xxh64';
import type { Endpoint, HashLayout } from '../types';
import { byId, type HashTable } from './hash-table';
import { nthInWalk, Visits } from './visits';

/** Largest prime below 2^24 (mod64 needs M < 2^26; 64 MiB of table is plenty). */
export const MAX_MAGLEV_TABLE_SIZE = 16_777_213;

const OFFSET_SEED = 1;
const SKIP_SEED = 2;

export function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

export class MaglevTable implements HashTable {
  private readonly visits: Visits;

  constructor(
    /** Endpoint index per cell; empty when there are no endpoints. */
    readonly owners: Uint32Array,
    endpointCount: number,
  ) {
    this.visits = new Visits(endpointCount);
  }

  chooseHost(hi: number, lo: number, attempt = 0): number {
    if (attempt !== 0) return nthInWalk(this, hi, lo, attempt);
    return this.owners.length === 0 ? -1 : this.owners[mod64(hi, lo, this.owners.length)];
  }

  /**
   * The owners of the key's cell and the cells after it, each once: linear probing in the table,
   * the analogue of the ring's clockwise walk. Cells are interleaved by the permutations, so the
   * overflow of one endpoint spreads over the others instead of falling on one neighbour.
   */
  walk(hi: number, lo: number, accept: (endpoint: number) => boolean): number {
    const M = this.owners.length;
    return M === 0 ? -1 : this.visits.walk(this.owners, mod64(hi, lo, M), accept);
  }

  layout(endpointIds: readonly string[]): HashLayout {
    return { kind: 'table', endpointIds, owners: this.owners.slice() };
  }
}

/** Fills the M-cell table (Pseudocode 1 of the paper, with weighted turns); owners index `endpoints`. */
export function buildMaglevTable(endpoints: readonly Endpoint[], tableSize: number): MaglevTable {
  const n = endpoints.length;
  if (n === 0) return new MaglevTable(new Uint32Array(0), 0);
  const M = tableSize;
  const order = byId(endpoints);
  const next = new Float64Array(n); // next cell each endpoint will try
  const skip = new Float64Array(n);
  const weight = new Float64Array(n);
  const target = new Float64Array(n);
  const h: Hash64 = { hi: 0, lo: 0 };
  let maxWeight = 0;
  for (let k = 0; k < n; k++) {
    const e = endpoints[order[k]];
    hash64Into(h, e.id, OFFSET_SEED);
    next[k] = mod64(h.hi, h.lo, M);
    hash64Into(h, e.id, SKIP_SEED);
    skip[k] = M === 2 ? 1 : mod64(h.hi, h.lo, M - 1) + 1;
    weight[k] = e.weight;
    maxWeight = Math.max(maxWeight, e.weight);
  }
  target.fill(maxWeight);
  const cells = new Int32Array(M).fill(-1);
  let filled = 0;
  for (let round = 1; filled < M; round++) {
    for (let k = 0; k < n && filled < M; k++) {
      if (round * weight[k] < target[k]) continue;
      target[k] += maxWeight;
      let c = next[k];
      while (cells[c] >= 0) {
        c += skip[k];
        if (c >= M) c -= M;
      }
      cells[c] = order[k];
      c += skip[k];
      next[k] = c >= M ? c - M : c;
      filled++;
    }
  }
  return new MaglevTable(new Uint32Array(cells.buffer), n);
}

