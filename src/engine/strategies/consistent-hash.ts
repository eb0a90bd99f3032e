/**
 * `consistent-hash`: a ketama-style ring (Karger et al., "Consistent hashing and random trees",
 * STOC 1997, §4; the virtual-node layout of libketama, 160 points per server). Each endpoint puts
 * round(pointsPerWeight x weight) points on the ring (at least one; halves round up), the point
 * `i` of endpoint `id` at xxHash64(`${id}-${i}`). A key belongs to the first point at or after
 * xxHash64(key), wrapping around.
 *
 * The ring depends only on ids and weights, never on the order endpoints are given, nor on the
 * other endpoints' weights: adding or removing an endpoint moves only the keys of its own points
 * (about 1/n of them) and none between the others.
 *
 * Unlike libketama, an endpoint's point count does not depend on the total weight (ketama scales
 * by each server's share, so one server joining changes every other server's points).
 * Only when pointsPerWeight x total weight exceeds MAX_RING_POINTS are all counts scaled down to fit;
 * then a join or leave also drops or restores a few points of the others.
 */
import { hash64Into, type Hash64 } from '../hash';
import { byId, TableBalancer } from '../hashing/table-balancer';
import { describeOptions, parseOptions, type OptionSpec } from '../options';
import type { StrategyDefinition } from '../types';
import { Ring } from '../hashing/ring';
import type { Endpoint } from '../types';

/** Upper bound of the ring (2^22 points: 48 MiB of typed arrays). */
export const MAX_RING_POINTS = 1 << 22;

export const CONSISTENT_HASH_DEFAULTS = Object.freeze({ pointsPerWeight: 160 });

export const pointsPerWeightSpec: OptionSpec = {
  name: 'pointsPerWeight',
  type: 'integer',
  default: CONSISTENT_HASH_DEFAULTS.pointsPerWeight,
  min: 1,
  max: 100_000,
  description: 'Ring points per unit of weight (ketama: 160); an endpoint gets round(pointsPerWeight x weight), at least 1.',
};

const SPECS: readonly OptionSpec[] = [pointsPerWeightSpec];

/** How many ring points each endpoint gets (see the module comment). */
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

export const consistentHashStrategy: StrategyDefinition = {
  name: 'consistent-hash',
  summary: 'Ketama-style hash ring (160 points per unit of weight): a key sticks to one endpoint; a change moves ~1/n of keys.',
  hashing: true,
  feedback: false,
  options: describeOptions(SPECS),
  create(endpoints, options, env) {
    const { pointsPerWeight } = parseOptions<{ pointsPerWeight: number }>('consistent-hash', options, SPECS);
    return new TableBalancer('consistent-hash', endpoints, env, (eps) => buildKetamaRing(eps, pointsPerWeight));
  },
};
