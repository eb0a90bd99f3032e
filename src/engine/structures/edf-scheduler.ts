import { IndexedMinHeap } from './indexed-heap';

/**
 * Earliest-deadline-first weighted scheduling as Envoy's EdfScheduler does it
 * (source/common/upstream/edf_scheduler.h): each entry's next deadline is the deadline of its
 * last pick plus 1 / weight; the earliest deadline is picked, equal deadlines in FIFO order.
 * O(log n) a pick for any weights, with the picks of each entry spread evenly.
 *
 * `start` (optional) gives each entry's first deadline as a fraction of its step, as grpc-js's
 * weighted round robin starts each at `random() x period` (load-balancer-weighted-round-robin.ts):
 * a scheduler rebuilt often then does not always begin with the first entry.
 */
export class EdfScheduler {
  private readonly heap = new IndexedMinHeap();
  private readonly step: Float64Array;
  private order = 0;

  constructor(weights: readonly number[], start?: (index: number) => number) {
    this.step = Float64Array.from(weights, (w) => 1 / w);
    this.heap.rebuild(weights.length, (id, out) => {
      out[0] = start ? start(id) * this.step[id] : this.step[id];
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
}
