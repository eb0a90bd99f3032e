/**
 * Earliest-deadline-first weighted scheduling as Envoy's EdfScheduler does it
 * (source/common/upstream/edf_scheduler.h): each entry's next deadline is the deadline of its
 * last pick plus 1 / weight; the earliest deadline is picked, equal deadlines in FIFO order.
 * O(log n) a pick for any weights, with the picks of each entry spread evenly.
 *
 * Only the earliest entry ever changes, so this is a plain 4-ary heap (no position index) whose
 * keys sit beside the ids in heap order: a pick at 10,000 entries sifts ~7 levels of 4 adjacent
 * keys rather than ~13 levels of 2 keys scattered by id. The order of picks is that of the keys
 * (deadline, then insertion order, which is unique), whatever the heap's shape.
 *
 * `start` (optional) gives each entry's first deadline as a fraction of its step, as grpc-js's
 * weighted round robin starts each at `random() x period` (load-balancer-weighted-round-robin.ts):
 * a scheduler rebuilt often then does not always begin with the first entry.
 */
export class EdfScheduler {
  private readonly ids: Int32Array;
  private readonly deadlines: Float64Array;
  private readonly orders: Float64Array;
  private readonly step: Float64Array;
  private order = 0;

  constructor(weights: readonly number[], start?: (index: number) => number) {
    const n = weights.length;
    this.ids = new Int32Array(n);
    this.deadlines = new Float64Array(n);
    this.orders = new Float64Array(n);
    this.step = Float64Array.from(weights, (w) => 1 / w);
    for (let id = 0; id < n; id++) {
      this.ids[id] = id;
      this.deadlines[id] = start ? start(id) * this.step[id] : this.step[id];
      this.orders[id] = this.order++;
    }
    for (let at = (n - 2) >> 2; at >= 0; at--) this.siftDown(at);
  }

  /** Index of the next entry, or -1 when there are none. */
  pick(): number {
    if (this.ids.length === 0) return -1;
    const id = this.ids[0];
    this.reschedule(this.deadlines[0] + this.step[id]);
    return id;
  }

  /**
   * Envoy's `EdfScheduler::pickAndAdd(calculate_weight)`: the earliest entry is picked and put back
   * at its deadline plus 1 / `weightOf(id)`, its weight as it is now; the others keep the deadlines
   * their weights gave when they were last picked (least-request's weights change with load).
   */
  pickAndAdd(weightOf: (id: number) => number): number {
    if (this.ids.length === 0) return -1;
    const id = this.ids[0];
    this.reschedule(this.deadlines[0] + 1 / weightOf(id));
    return id;
  }

  private reschedule(deadline: number): void {
    this.deadlines[0] = deadline;
    this.orders[0] = this.order++;
    this.siftDown(0);
  }

  private siftDown(at: number): void {
    const { ids, deadlines, orders } = this;
    const n = ids.length;
    const id = ids[at];
    const d = deadlines[at];
    const o = orders[at];
    for (;;) {
      const first = 4 * at + 1;
      if (first >= n) break;
      const end = first + 4 < n ? first + 4 : n;
      let best = first;
      let bd = deadlines[first];
      for (let c = first + 1; c < end; c++) {
        const cd = deadlines[c];
        if (cd < bd || (cd === bd && orders[c] < orders[best])) {
          best = c;
          bd = cd;
        }
      }
      if (d < bd || (d === bd && o < orders[best])) break;
      ids[at] = ids[best];
      deadlines[at] = bd;
      orders[at] = orders[best];
      at = best;
    }
    ids[at] = id;
    deadlines[at] = d;
    orders[at] = o;
  }
}
