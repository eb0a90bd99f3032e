import { EdfScheduler } from './edf-scheduler';

/**
 * A smooth weighted rotation over a few entries (priority levels, localities), nginx's smooth
 * weighted round robin done entry by entry (ngx_http_upstream_get_peer): each pick adds every
 * weight to its entry's `current`, takes the largest (the first on a tie) and takes the total off
 * it. Shares are exact over every cycle and no random draw is spent, so a wrapper's pick stays
 * within a few ns of its strategy's. O(k) a pick, so above MAX_LINEAR entries it is Envoy's EDF
 * (edf-scheduler.ts, O(log k)). Entries of weight 0 are never picked.
 */
export class WeightedRotation {
  static readonly MAX_LINEAR = 16;

  private readonly weights: Float64Array;
  private readonly current: Float64Array;
  private readonly total: number;
  private readonly edf: EdfScheduler | undefined;
  /** Entry index per scheduled entry (those of weight > 0). */
  private readonly index: Int32Array;
  /** The only entry with weight > 0, or -1. */
  private readonly single: number;

  constructor(weights: readonly number[]) {
    const positive: number[] = [];
    const index: number[] = [];
    weights.forEach((w, i) => {
      if (w > 0) {
        positive.push(w);
        index.push(i);
      }
    });
    this.index = Int32Array.from(index);
    this.single = index.length === 1 ? index[0] : -1;
    this.weights = Float64Array.from(positive);
    this.current = new Float64Array(positive.length);
    this.total = positive.reduce((s, w) => s + w, 0);
    this.edf = positive.length > WeightedRotation.MAX_LINEAR ? new EdfScheduler(positive) : undefined;
  }

  /** Index of the next entry, -1 when no weight is positive. */
  pick(): number {
    if (this.single >= 0) return this.single;
    if (this.edf) {
      const i = this.edf.pick();
      return i < 0 ? -1 : this.index[i];
    }
    const { weights, current } = this;
    let best = -1;
    let bestCurrent = -Infinity;
    for (let i = 0; i < weights.length; i++) {
      const c = (current[i] += weights[i]);
      if (c > bestCurrent) {
        best = i;
        bestCurrent = c;
      }
    }
    if (best < 0) return -1;
    current[best] -= this.total;
    return this.index[best];
  }
}
