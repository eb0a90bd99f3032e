import { IndexedMinHeap } from './indexed-heap';

/**
 * Earliest-deadline-first weighted scheduling as Envoy's EdfScheduler does it
 * (source/common/upstream/edf_scheduler.h): each entry's next deadline is the deadline of its
 * last pick plus 1 / weight; the earliest deadline is picked, equal deadlines in FIFO order.
 * O(log n) a pick for any weights, with the picks of each entry spread evenly.
 */
export class EdfScheduler {
  private readonly heap = new IndexedMinHeap();
  private readonly step: Float64Array;
  private order = 0;

  constructor(weights: readonly number[]) {
    this.step = Float64Array.from(weights, (w) => 1 / w);
    this.heap.rebuild(weights.length, (id, out) => {
      out[0] = this.step[id];
      out[1] = this.order++;
    });
  }

  /** Index of the next entry, or -1 when there are none. */
  pick(): number {
    const id = this.heap.peek();
    if (id < 0) return -1;
    this.heap.set(id, this.heap.primaryOf(id) + this.step[id], this.order++);
    return id;
  }

  /**
   * Envoy's `EdfScheduler::pickAndAdd(calculate_weight)`: the earliest entry is picked and put back
   * at its deadline plus 1 / `weightOf(id)`, its weight as it is now; the others keep the deadlines
   * their weights gave when they were last picked (least-request's weights change with load).
   */
  pickAndAdd(weightOf: (id: number) => number): number {
    const id = this.heap.peek();
    if (id < 0) return -1;
    this.heap.set(id, this.heap.primaryOf(id) + 1 / weightOf(id), this.order++);
    return id;
  }
}
