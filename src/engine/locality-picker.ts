/**
 * Locality-weighted choice within a priority level, as Envoy's locality weighted load balancing
 * (source/common/upstream/upstream_impl.cc HostSetImpl::effectiveLocalityWeight and
 * chooseLocality; envoyproxy.io "Locality weighted load balancing"):
 *
 *     effective weight = weight x min(1, overprovisioningFactor x healthy / total)
 *
 * and localities are picked by earliest deadline first over the effective weights, so shares are
 * exact over every cycle: weights 1 and 2 give the first 33.3 % at full health, 25.9 % when it is
 * 50 % healthy (0.7 / 2.7) and 14.9 % at 25 % (0.35 / 2.35). A locality with no healthy endpoint
 * (effective weight 0) is never picked.
 */
import { EdfScheduler } from './structures/edf-scheduler';

export interface LocalityHealth {
  weight: number;
  total: number;
  healthy: number;
}

export function effectiveLocalityWeight(l: LocalityHealth, factor: number): number {
  if (l.total === 0) return 0;
  return l.weight * Math.min(1, (factor * l.healthy) / l.total);
}

export class LocalityPicker {
  private readonly scheduler: EdfScheduler;
  /** Index into the localities given, per scheduler entry. */
  private readonly index: number[] = [];

  constructor(localities: readonly LocalityHealth[], factor: number) {
    const weights: number[] = [];
    localities.forEach((l, i) => {
      const w = effectiveLocalityWeight(l, factor);
      if (w > 0) {
        weights.push(w);
        this.index.push(i);
      }
    });
    this.scheduler = new EdfScheduler(weights);
  }

  /** Index of the next locality, -1 when none has a healthy endpoint. */
  pick(): number {
    const i = this.scheduler.pick();
    return i < 0 ? -1 : this.index[i];
  }
}
