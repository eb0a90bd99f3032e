/**
 * The ketama-style ring of consistent-hash and bounded-load-hash (see strategies/consistent-hash.ts
 * for the layout and why point counts do not depend on the other endpoints' weights).
 */
import type { Hash64 } from './hash-units';
import { hash64Into } from './xxh64';
import type { OptionSpec } from '../options';
import type { Endpoint } from '../types';
import { byId } from './hash-table';
import { Ring } from './ring';

/** Upper bound of the ring (2^22 points: 48 MiB of typed arrays). */
export const MAX_RING_POINTS = 1 << 22;

/** Ring points per unit of weight, an option of both ring strategies. */
export const pointsPerWeightSpec: OptionSpec = {
  name: 'pointsPerWeight',
  type: 'integer',
  default: 160,
  min: 1,
  max: 100_000,
  description: 'Ring points per unit of weight (ketama: 160); an endpoint gets round(pointsPerWeight x weight), at least 1.',
};

/** How many ring points each endpoint gets (see strategies/consistent-hash.ts). */
export function pointCounts(endpoints: readonly Endpoint[], pointsPerWeight: number): number[] {
  let total = 0;
  for (const e of endpoints) total += Math.max(1, Math.round(pointsPerWeight * e.weight));
  const scale = total > MAX_RING_POINTS ? MAX_RING_POINTS / total : 1;
  return endpoints.map((e) => Math.max(1, Math.round(pointsPerWeight * e.weight * scale)));
}

/** The ketama ring of `endpoints`; owners are indices into `endpoints`. */
export function buildKetamaRing(endpoints: readonly Endpoint[], pointsPerWeight: number): Ring {
  const counts = pointCounts(endpoints, pointsPerWeight);
  const total = counts.reduce((a, b) => a + b, 0);
  const hi = new Uint32Array(total);
  const lo = new Uint32Array(total);
  const owner = new Uint32Array(total);
  const h: Hash64 = { hi: 0, lo: 0 };
  let p = 0;
  // Points listed in id order, so the stable sort breaks (astronomically unlikely) exact ties by id.
  for (const i of byId(endpoints)) {
    const id = endpoints[i].id;
    for (let k = 0; k < counts[i]; k++, p++) {
      hash64Into(h, `${id}-${k}`);
      hi[p] = h.hi;
      lo[p] = h.lo;
      owner[p] = i;
    }
  }
  return new Ring(hi, lo, owner, endpoints.length);
}
