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
 *
 * With `balanceFactor` c > 1 it is consistent hashing with bounded loads over this ring
 * (hashing/bounded-load.ts), which is what bounded-load-hash is with c = 1.25 by default.
 */
import { tableOrBoundedBalancer, optionalBalanceFactorSpec } from '../hashing/bounded-load';
import { buildKetamaRing, pointsPerWeightSpec } from '../hashing/ketama-ring';
import { defineStrategy, type OptionSpec } from '../options';

const NAME = 'consistent-hash';
const SPECS: readonly OptionSpec[] = [pointsPerWeightSpec, optionalBalanceFactorSpec];

export const consistentHashStrategy = defineStrategy<{ pointsPerWeight: number; balanceFactor: number }>({
  name: NAME, hashing: true, feedback: false, specs: SPECS,
  summary: 'Ketama-style hash ring (160 points per unit of weight): a key sticks to one endpoint; a change moves ~1/n of keys.',
  create: (endpoints, { pointsPerWeight, balanceFactor }, env) =>
    tableOrBoundedBalancer(NAME, endpoints, env, balanceFactor, (eps) => buildKetamaRing(eps, pointsPerWeight)),
});
