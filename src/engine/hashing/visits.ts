/**
 * The distinct-endpoint walk that a ring and a Maglev table share: the endpoints of consecutive
 * points (or cells), each once, until one is accepted. Stamps instead of a cleared set, so a walk
 * allocates nothing and starts in O(1).
 */
import type { HashTable } from './hash-table';

export class Visits {
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(endpointCount: number) {
    this.seen = new Uint32Array(endpointCount);
  }

  /**
   * Visits owners[start], owners[start + 1], ... wrapping around, skipping endpoints already
   * visited, and returns the first one `accept` takes, or -1 once every endpoint was refused.
   */
  walk(owners: ArrayLike<number>, start: number, accept: (endpoint: number) => boolean): number {
    const seen = this.seen;
    const stamp = this.nextStamp();
    const size = owners.length;
    const distinct = seen.length;
    let visited = 0;
    for (let i = start, steps = 0; steps < size; steps++, i = i + 1 === size ? 0 : i + 1) {
      const o = owners[i];
      if (seen[o] === stamp) continue;
      seen[o] = stamp;
      if (accept(o)) return o;
      if (++visited === distinct) break;
    }
    return -1;
  }

  private nextStamp(): number {
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }
}

/** `chooseHost(hash, attempt)` for attempt > 0: the endpoint the table's walk visits after `attempt` others. */
export function nthInWalk(table: HashTable, hi: number, lo: number, attempt: number): number {
  let left = attempt;
  return table.walk(hi, lo, () => left-- === 0);
}
