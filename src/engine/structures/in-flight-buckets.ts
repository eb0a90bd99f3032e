/**
 * In-flight counts over the slots 0..n-1 with the slot of least `inFlight / weight` found in
 * O(log d), d being the number of distinct (weight, in-flight) pairs present: a handful in
 * practice however large n is (2 or 3 for equal weights), n at worst (every weight distinct). The
 * structure of O(1) LFU caches (Shah, Mitra & Matani, "An O(1) algorithm for implementing the
 * LFU cache eviction scheme", 2010): slots are grouped into buckets, one per (weight, in-flight)
 * pair, each bucket an intrusive doubly-linked list over typed arrays; a pick takes a slot from
 * the best bucket and appends it to the bucket one count up, a release moves it one count down.
 * A small indexed min-heap orders the non-empty buckets by (score, tag of their head, slot of
 * their head), so the heap holds buckets, not slots, and its depth does not grow with n.
 *
 * Ties rotate by weight, as a start-time fair queue does (Goyal, Vin & Cheng, 1996): a pick
 * moves the slot's tag to `max(virtualTime, tag) + 1 / weight`. Within one bucket every slot has
 * the same weight, so a slot just picked has the largest tag of its bucket and its place is the
 * tail: each bucket stays sorted by tag without a search. Equal scores (a sequential caller
 * leaves every count at 0) thus go round in proportion to weight (weights 2, 1: a b a a b a), and
 * an endpoint that was busy for a while gets one turn, not a burst, when it frees up. A released
 * slot whose old tag falls inside its new bucket's range (picks completed out of order) is
 * placed at the tail with the tail's tag: the bucket stays sorted, and that slot waits out the
 * rest of the bucket's round (exact start-time fair queueing would serve it a little sooner).
 *
 * Per-slot state lives in typed arrays: no allocation per pick or release.
 */
export class InFlightBuckets {
  private virtualTime = 0;
  // Per slot.
  private inFlight = new Int32Array(0);
  private tag = new Float64Array(0);
  private step = new Float64Array(0);
  private cls = new Int32Array(0);
  private prev = new Int32Array(0);
  private next = new Int32Array(0);
  private bucketOf = new Int32Array(0);
  // Per weight class: the bucket of each in-flight count (created on first use).
  private classWeight: number[] = [];
  private classBuckets: number[][] = [];
  // Per bucket.
  private bucketCount = 0;
  private head = new Int32Array(8);
  private tail = new Int32Array(8);
  private score = new Float64Array(8);
  /** Tag of each bucket's head, copied so that heap comparisons read bucket arrays only. */
  private headTag = new Float64Array(8);
  private heapPos = new Int32Array(8);
  // Min-heap of non-empty buckets.
  private heap = new Int32Array(8);
  private heapSize = 0;

  inFlightOf(slot: number): number {
    return this.inFlight[slot];
  }

  tagOf(slot: number): number {
    return this.tag[slot];
  }

  /**
   * Replaces every slot: slot i gets `weights[i]`, `inFlight[i]` picks in flight and rotation tag
   * `tags[i]` (what a strategy kept for an endpoint that stays). O(n log n).
   */
  reset(weights: ArrayLike<number>, inFlight: ArrayLike<number>, tags: ArrayLike<number>): void {
    const n = weights.length;
    this.inFlight = new Int32Array(n);
    this.tag = new Float64Array(n);
    this.step = new Float64Array(n);
    this.cls = new Int32Array(n);
    this.prev = new Int32Array(n);
    this.next = new Int32Array(n);
    this.bucketOf = new Int32Array(n);
    this.classWeight = [];
    this.classBuckets = [];
    this.bucketCount = 0;
    this.heapSize = 0;
    const classOf = new Map<number, number>();
    let sorted = true;
    for (let s = 0; s < n; s++) {
      const w = weights[s];
      let c = classOf.get(w);
      if (c === undefined) {
        c = this.classWeight.length;
        classOf.set(w, c);
        this.classWeight.push(w);
        this.classBuckets.push([]);
      }
      this.cls[s] = c;
      this.step[s] = 1 / w;
      this.inFlight[s] = Math.max(0, inFlight[s]);
      this.tag[s] = tags[s];
      if (s > 0 && tags[s] < tags[s - 1]) sorted = false;
    }
    // Appending in tag order keeps every bucket sorted by tag.
    const order = Array.from({ length: n }, (_, s) => s);
    if (!sorted) order.sort((a, b) => this.tag[a] - this.tag[b] || a - b);
    for (const s of order) this.append(s, this.bucketFor(this.cls[s], this.inFlight[s]));
  }

  /** Takes the slot of least `inFlight / weight` (ties in weighted rotation), counts one more in flight on it and returns it; -1 when there are no slots. */
  acquire(): number {
    if (this.heapSize === 0) return -1;
    const { head, tag, next } = this;
    const b = this.heap[0];
    const s = head[b];
    const after = next[s];
    head[b] = after;
    if (after < 0) {
      this.tail[b] = -1;
      this.heapRemove(b);
    } else {
      this.prev[after] = -1;
      this.headTag[b] = tag[after];
      this.siftDown(0);
    }
    const start = tag[s] > this.virtualTime ? tag[s] : this.virtualTime;
    this.virtualTime = start;
    tag[s] = start + this.step[s];
    this.append(s, this.bucketFor(this.cls[s], ++this.inFlight[s]));
    return s;
  }

  /** Counts one pick less in flight on `slot` (never below 0). */
  release(slot: number): void {
    if (this.inFlight[slot] <= 0) return;
    this.unlink(slot);
    this.append(slot, this.bucketFor(this.cls[slot], --this.inFlight[slot]));
  }

  private bucketFor(c: number, k: number): number {
    const row = this.classBuckets[c];
    const b = row[k];
    return b === undefined ? (row[k] = this.newBucket(k / this.classWeight[c])) : b;
  }

  private newBucket(score: number): number {
    const b = this.bucketCount++;
    if (b >= this.head.length) this.grow();
    this.head[b] = -1;
    this.tail[b] = -1;
    this.score[b] = score;
    this.heapPos[b] = -1;
    return b;
  }

  /** Links `s` into bucket `b` at the place its tag calls for (see the class comment). */
  private append(s: number, b: number): void {
    const { head, tail, tag, prev, next } = this;
    this.bucketOf[s] = b;
    const t = tail[b];
    if (t < 0) {
      head[b] = tail[b] = s;
      prev[s] = next[s] = -1;
      this.headTag[b] = tag[s];
      this.heapInsert(b);
      return;
    }
    const h = head[b];
    if (tag[s] < tag[h]) {
      prev[s] = -1;
      next[s] = h;
      prev[h] = s;
      head[b] = s;
      this.headTag[b] = tag[s];
      this.siftUp(this.heapPos[b]);
      return;
    }
    if (tag[s] < tag[t]) tag[s] = tag[t];
    prev[s] = t;
    next[s] = -1;
    next[t] = s;
    tail[b] = s;
  }

  private unlink(s: number): void {
    const { head, tail, prev, next } = this;
    const b = this.bucketOf[s];
    const p = prev[s];
    const n = next[s];
    if (n >= 0) prev[n] = p;
    else tail[b] = p;
    if (p >= 0) {
      next[p] = n;
      return;
    }
    head[b] = n;
    if (n < 0) {
      this.heapRemove(b);
    } else {
      // The new head's tag is not lower, but its slot may be: restore the heap both ways.
      this.headTag[b] = this.tag[n];
      this.siftDown(this.siftUp(this.heapPos[b]));
    }
  }


  private heapInsert(b: number): void {
    const at = this.heapSize++;
    this.heap[at] = b;
    this.heapPos[b] = at;
    this.siftUp(at);
  }

  private heapRemove(b: number): void {
    const at = this.heapPos[b];
    this.heapPos[b] = -1;
    const last = --this.heapSize;
    if (at === last) return;
    const moved = this.heap[last];
    this.heap[at] = moved;
    this.heapPos[moved] = at;
    this.siftDown(this.siftUp(at));
  }

  // The sifts order buckets by score, then the tag of their head, then the slot of their head;
  // the comparison is written out in both (they are most of the cost of a pick).
  private siftUp(at: number): number {
    const { heap, heapPos, score, headTag, head } = this;
    const b = heap[at];
    const sb = score[b];
    const tb = headTag[b];
    const hb = head[b];
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const above = heap[parent];
      const sa = score[above];
      if (sb > sa || (sb === sa && (tb > headTag[above] || (tb === headTag[above] && hb > head[above])))) break;
      heap[at] = above;
      heapPos[above] = at;
      at = parent;
    }
    heap[at] = b;
    heapPos[b] = at;
    return at;
  }

  private siftDown(at: number): void {
    const { heap, heapPos, score, headTag, head } = this;
    const n = this.heapSize;
    const b = heap[at];
    const sb = score[b];
    const tb = headTag[b];
    const hb = head[b];
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      let c = heap[child];
      let sc = score[c];
      if (child + 1 < n) {
        const r = heap[child + 1];
        const sr = score[r];
        if (sr < sc || (sr === sc && (headTag[r] < headTag[c] || (headTag[r] === headTag[c] && head[r] < head[c])))) {
          child++;
          c = r;
          sc = sr;
        }
      }
      if (sb < sc || (sb === sc && (tb < headTag[c] || (tb === headTag[c] && hb < head[c])))) break;
      heap[at] = c;
      heapPos[c] = at;
      at = child;
    }
    heap[at] = b;
    heapPos[b] = at;
  }

  /** Doubles the per-bucket arrays (the heap holds at most one entry per bucket). */
  private grow(): void {
    const capacity = this.head.length * 2;
    const widen = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const out = make(capacity);
      out.set(a);
      return out;
    };
    this.head = widen(this.head, (k) => new Int32Array(k));
    this.tail = widen(this.tail, (k) => new Int32Array(k));
    this.heapPos = widen(this.heapPos, (k) => new Int32Array(k));
    this.heap = widen(this.heap, (k) => new Int32Array(k));
    this.score = widen(this.score, (k) => new Float64Array(k));
    this.headTag = widen(this.headTag, (k) => new Float64Array(k));
  }
}
