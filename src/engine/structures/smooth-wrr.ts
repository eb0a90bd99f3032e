/**
 * nginx's smooth weighted round robin (ngx_http_upstream_get_peer, nginx 1.3.1+): every pick adds
 * each peer's weight to its `current`, picks the peer with the largest `current` (the first one on
 * a tie) and subtracts the total weight from it. Weights 5, 1, 1 give `a a b a c a a` in every
 * cycle of 7, and any weights, integer or not, are served in proportion.
 *
 * Done peer by peer that is O(n) a pick. Peers of equal weight always form a rotation in pool
 * order (their `current`s differ by exactly the total once some were picked), so this keeps one
 * counter per distinct weight and a pointer into its members: O(d) a pick for d distinct
 * weights, with the exact nginx sequence. `SmoothWeightedRoundRobin.fits` says when d is small
 * enough; beyond that weighted-round-robin uses the EDF scheduler.
 */
export class SmoothWeightedRoundRobin {
  /** Above this many distinct weights, O(d) is no longer "O(1)"; use EdfScheduler. */
  static readonly MAX_CLASSES = 32;

  private readonly weights: Float64Array;
  private readonly current: Float64Array;
  private readonly members: Int32Array[];
  private readonly next: Int32Array;
  private readonly total: number;

  static fits(weights: readonly number[]): boolean {
    return new Set(weights).size <= SmoothWeightedRoundRobin.MAX_CLASSES;
  }

  constructor(weights: readonly number[]) {
    const byWeight = new Map<number, number[]>();
    let total = 0;
    weights.forEach((w, i) => {
      total += w;
      const list = byWeight.get(w);
      if (list) list.push(i);
      else byWeight.set(w, [i]);
    });
    const classes = [...byWeight.entries()];
    this.total = total;
    this.weights = Float64Array.from(classes, ([w]) => w);
    this.current = new Float64Array(classes.length);
    this.members = classes.map(([, m]) => Int32Array.from(m));
    this.next = new Int32Array(classes.length);
  }

  /** Index of the next peer, or -1 when there are none. */
  pick(): number {
    const d = this.weights.length;
    let best = -1;
    let bestPeer = 0;
    for (let c = 0; c < d; c++) {
      const cur = (this.current[c] += this.weights[c]);
      const peer = this.members[c][this.next[c]];
      if (best < 0 || cur > this.current[best] || (cur === this.current[best] && peer < bestPeer)) {
        best = c;
        bestPeer = peer;
      }
    }
    if (best < 0) return -1;
    // The picked peer drops by the total; so do its class's earlier members, which were picked
    // already this round. Once the pointer wraps, the whole class has dropped.
    if (++this.next[best] === this.members[best].length) {
      this.next[best] = 0;
      this.current[best] -= this.total;
    }
    return bestPeer;
  }
}
