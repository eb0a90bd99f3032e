/**
 * Locality-weighted choice within a priority level, as Envoy's locality weighted load balancing
 * (source/common/upstream/upstream_impl.cc HostSetImpl::effectiveLocalityWeight and
 * chooseLocality; envoyproxy.io "Locality weighted load balancing"):
 *
 *     effective weight = weight x min(1, overprovisioningFactor x healthy / total)
 *
 * Envoy picks localities by EDF over the effective weights; we rotate through them smoothly
 * (structures/weighted-rotation.ts, replayed from a table: see localityOrder), so the shares are
 * the same, to 0.025 %: weights 1 and 2 give the first 33.3 % at full health, 25.9 % when it is
 * 50 % healthy (0.7 / 2.7) and 14.9 % at 25 % (0.35 / 2.35). A locality with no healthy endpoint
 * (effective weight 0) is never picked.
 */
import { WeightedRotation } from './structures/weighted-rotation';

export interface LocalityHealth {
  weight: number;
  total: number;
  healthy: number;
}

export function effectiveLocalityWeight(l: LocalityHealth, factor: number): number {
  if (l.total === 0) return 0;
  return l.weight * Math.min(1, (factor * l.healthy) / l.total);
}

/** Picks in one locality cycle: a power of two, so the cursor wraps with a mask. */
export const LOCALITY_CYCLE = 4096;

/**
 * The localities of LOCALITY_CYCLE picks in turn (all -1 when none has a healthy endpoint), laid
 * out once per health change and replayed: a pick then reads a table instead of running the
 * rotation, whose data-dependent branch costs more than a cheap strategy's whole pick. A smooth
 * rotation keeps each count within one pick of its exact share, so each share is within
 * 1 / 4096 (0.025 %) of weight / total.
 */
export function localityOrder(localities: readonly LocalityHealth[], factor: number): Int32Array {
  const rotation = new WeightedRotation(localities.map((l) => effectiveLocalityWeight(l, factor)));
  return Int32Array.from({ length: LOCALITY_CYCLE }, () => rotation.pick());
}
