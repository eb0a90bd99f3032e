/**
 * A binary min-heap over the integer ids 0..capacity-1, each with a key pair (primary, secondary)
 * compared lexicographically, then by id, so the order is total and picks are deterministic.
 * Indexed: `pos[id]` tracks where an id sits, so changing one id's keys costs O(log n)
 * (the "indexed priority queue" of Sedgewick & Wayne, Algorithms 4th ed., §2.4).
 * Keys live in typed arrays to keep the hot path free of allocation.
 */
export class IndexedMinHeap {
  private heap: Int32Array;
  private pos: Int32Array;
  private primary: Float64Array;
  private secondary: Float64Array;
  private count = 0;

  constructor(capacity = 16) {
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(capacity).fill(-1);
    this.primary = new Float64Array(capacity);
    this.secondary = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The id with the smallest keys, or -1 when empty. */
  peek(): number {
    return this.count > 0 ? this.heap[0] : -1;
  }

  has(id: number): boolean {
    return id < this.pos.length && this.pos[id] >= 0;
  }

  primaryOf(id: number): number {
    return this.primary[id];
  }

  secondaryOf(id: number): number {
    return this.secondary[id];
  }

  /** Inserts `id` or moves it to match new keys. */
  set(id: number, primary: number, secondary: number): void {
    if (id >= this.pos.length) this.grow(id + 1);
    this.primary[id] = primary;
    this.secondary[id] = secondary;
    let at = this.pos[id];
    if (at < 0) {
      at = this.count++;
      this.heap[at] = id;
      this.pos[id] = at;
    }
    this.siftDown(this.siftUp(at));
  }

  delete(id: number): void {
    if (!this.has(id)) return;
    const at = this.pos[id];
    const last = --this.count;
    this.pos[id] = -1;
    if (at === last) return;
    const moved = this.heap[last];
    this.heap[at] = moved;
    this.pos[moved] = at;
    this.siftDown(this.siftUp(at));
  }

  /** Empties the heap, then inserts ids 0..n-1 with the given keys in O(n) (Floyd's heapify). */
  rebuild(n: number, key: (id: number, out: Float64Array) => void): void {
    if (n > this.pos.length) this.grow(n);
    this.pos.fill(-1);
    const pair = new Float64Array(2);
    for (let id = 0; id < n; id++) {
      key(id, pair);
      this.primary[id] = pair[0];
      this.secondary[id] = pair[1];
      this.heap[id] = id;
      this.pos[id] = id;
    }
    this.count = n;
    for (let at = (n >> 1) - 1; at >= 0; at--) this.siftDown(at);
  }

  // The two sifts inline `less` with local references: they are the whole cost of a pick in
  // least-connections and least-response-time.
  private siftUp(at: number): number {
    const { heap, pos, primary, secondary } = this;
    const id = heap[at];
    const p = primary[id];
    const s = secondary[id];
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const above = heap[parent];
      const pa = primary[above];
      if (p > pa || (p === pa && (s > secondary[above] || (s === secondary[above] && id > above)))) break;
      heap[at] = above;
      pos[above] = at;
      at = parent;
    }
    heap[at] = id;
    pos[id] = at;
    return at;
  }

  private siftDown(at: number): void {
    const { heap, pos, primary, secondary } = this;
    const n = this.count;
    const id = heap[at];
    const p = primary[id];
    const s = secondary[id];
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      let c = heap[child];
      let pc = primary[c];
      if (child + 1 < n) {
        const r = heap[child + 1];
        const pr = primary[r];
        if (pr < pc || (pr === pc && (secondary[r] < secondary[c] || (secondary[r] === secondary[c] && r < c)))) {
          child++;
          c = r;
          pc = pr;
        }
      }
      if (p < pc || (p === pc && (s < secondary[c] || (s === secondary[c] && id < c)))) break;
      heap[at] = c;
      pos[c] = at;
      at = child;
    }
    heap[at] = id;
    pos[id] = at;
  }

  private grow(min: number): void {
    const capacity = Math.max(min, this.pos.length * 2);
    const heap = new Int32Array(capacity);
    heap.set(this.heap);
    const pos = new Int32Array(capacity).fill(-1);
    pos.set(this.pos);
    const primary = new Float64Array(capacity);
    primary.set(this.primary);
    const secondary = new Float64Array(capacity);
    secondary.set(this.secondary);
    this.heap = heap;
    this.pos = pos;
    this.primary = primary;
    this.secondary = secondary;
  }
}
