import type { EndpointTable, Entry } from './endpoint-table';
import { IndexedMinHeap } from './indexed-heap';

/** State a MinScorePicker needs: the entry's place in the weighted rotation that breaks ties. */
export interface RotationState {
  /** Virtual finish time of the entry's last pick (start-time fair queueing, Goyal et al. 1996). */
  tie: number;
}

/**
 * Picks the entry with the lowest score in O(log n): an indexed min-heap keyed by
 * (score, tie). Scores change only when a strategy says so (`update` after a pick or a `done`),
 * so the heap never goes stale.
 *
 * Ties are broken by a weighted rotation: picking an entry moves its tie key to
 * `max(virtualTime, tie) + 1 / weight`, as a start-time fair queue does. Equal scores (a sequential
 * caller leaves every in-flight count at 0) thus rotate through the endpoints in proportion to
 * weight, and an endpoint that was busy for a while gets one turn, not a burst, when it frees up.
 */
export class MinScorePicker<S extends RotationState> {
  private readonly heap = new IndexedMinHeap();
  private virtualTime = 0;

  constructor(
    private readonly table: EndpointTable<S>,
    private readonly score: (entry: Entry<S>) => number,
  ) {}

  /** Call after `table.set`: re-keys every entry in O(n). */
  rebuild(): void {
    const entries = this.table.entries;
    this.heap.rebuild(entries.length, (id, out) => {
      out[0] = this.score(entries[id]);
      out[1] = entries[id].state.tie;
    });
  }

  /** The lowest-scored entry, already moved along the rotation; the caller updates its score. */
  next(): Entry<S> | undefined {
    const id = this.heap.peek();
    if (id < 0) return undefined;
    const entry = this.table.entries[id];
    const start = Math.max(this.virtualTime, entry.state.tie);
    this.virtualTime = start;
    entry.state.tie = start + 1 / entry.endpoint.weight;
    return entry;
  }

  /** Re-keys one live entry after its score inputs changed. */
  update(entry: Entry<S>): void {
    if (entry.live) this.heap.set(entry.index, this.score(entry), entry.state.tie);
  }
}
