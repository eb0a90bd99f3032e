/**
 * The sorted ring that consistent-hash and bounded-load-hash share, one HashTable of
 * hash-table.ts (Ring: Karger et al.). Endpoints are referred to by their index in the list the
 * ring was built from; hashes are 64-bit values as unsigned 32-bit halves (see hash.ts).
 */
import { toUnit } from './hash-units';
import type { HashLayout } from '../types';
import type { HashTable } from './hash-table';
import { nthInWalk, Visits } from './visits';

const BUCKET_BITS = 16;
const BUCKETS = 1 << BUCKET_BITS;

/**
 * Points on a ring of 2^64 positions, sorted, with the endpoint index that owns each. A hash
 * belongs to the first point at or after it, wrapping past the top to the first point (Karger et
 * al., "Consistent hashing and random trees", STOC 1997, §4).
 *
 * Lookup: a table of the first point per top-16-bit bucket narrows the binary search to the few
 * points of one bucket, so a lookup costs a handful of comparisons at any ring size.
 */
export class Ring implements HashTable {
  readonly size: number;
  private readonly hi: Uint32Array;
  private readonly lo: Uint32Array;
  private readonly owner: Uint32Array;
  /** bucketStart[b] = index of the first point whose top 16 bits are >= b; bucketStart[BUCKETS] = size. */
  private readonly bucketStart: Uint32Array;
  private readonly visits: Visits;

  /**
   * Sorts the points (stable, so points with equal hashes keep their input order: callers list
   * points in an order that does not depend on the order endpoints were passed in).
   * `endpointCount` bounds the owner indices.
   */
  constructor(hi: Uint32Array, lo: Uint32Array, owner: Uint32Array, endpointCount: number) {
    const n = hi.length;
    const order = radixOrder(hi, lo);
    this.size = n;
    this.hi = new Uint32Array(n);
    this.lo = new Uint32Array(n);
    this.owner = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const j = order[i];
      this.hi[i] = hi[j];
      this.lo[i] = lo[j];
      this.owner[i] = owner[j];
    }
    this.bucketStart = new Uint32Array(BUCKETS + 1);
    let p = 0;
    for (let b = 0; b <= BUCKETS; b++) {
      while (p < n && this.hi[p] >>> (32 - BUCKET_BITS) < b) p++;
      this.bucketStart[b] = p;
    }
    this.visits = new Visits(endpointCount);
  }

  /** Index of the first point at or after the hash, wrapping to 0 past the last point. */
  pointAt(hi: number, lo: number): number {
    const b = hi >>> (32 - BUCKET_BITS);
    let a = this.bucketStart[b];
    let e = this.bucketStart[b + 1];
    const H = this.hi, L = this.lo;
    while (a < e) {
      const mid = (a + e) >>> 1;
      const ph = H[mid];
      if (ph < hi || (ph === hi && L[mid] < lo)) a = mid + 1;
      else e = mid;
    }
    return a === this.size ? 0 : a;
  }

  chooseHost(hi: number, lo: number, attempt = 0): number {
    if (attempt !== 0) return nthInWalk(this, hi, lo, attempt);
    return this.size === 0 ? -1 : this.owner[this.pointAt(hi, lo)];
  }

  /** Clockwise from the hash, each distinct owner once (bounded loads: the next point's endpoint takes the overflow). */
  walk(hi: number, lo: number, accept: (owner: number) => boolean): number {
    return this.size === 0 ? -1 : this.visits.walk(this.owner, this.pointAt(hi, lo), accept);
  }

  layout(endpointIds: readonly string[]): HashLayout {
    const positions = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) positions[i] = toUnit(this.hi[i], this.lo[i]);
    return { kind: 'ring', endpointIds, positions, owners: this.owner.slice() };
  }
}

/**
 * The order that sorts (hi, lo) ascending: LSD radix sort, four stable passes of 16 bits, so
 * equal keys keep their input order and building a ring of a million points takes milliseconds.
 */
function radixOrder(hi: Uint32Array, lo: Uint32Array): Uint32Array {
  const n = hi.length;
  let from = new Uint32Array(n);
  let to = new Uint32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  const count = new Uint32Array(BUCKETS);
  for (let pass = 0; pass < 4; pass++) {
    const key = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(key[i] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < BUCKETS; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const j = from[i];
      to[count[(key[j] >>> shift) & 0xffff]++] = j;
    }
    [from, to] = [to, from];
  }
  return from;
}
