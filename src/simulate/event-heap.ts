/**
 * The simulator's future-event list: a binary min-heap of (time, payload) pairs held in two
 * parallel typed arrays, so scheduling an event allocates nothing (the arrays double when full).
 * O(log n) push and pop (Williams 1964; Cormen et al., Introduction to Algorithms, ch. 6).
 * Events at the same time leave in an order fixed by the sequence of pushes and pops, so a run
 * replays exactly.
 */
export class EventHeap {
  private times: Float64Array;
  private payloads: Int32Array;
  private n = 0;

  constructor(capacity = 1024) {
    this.times = new Float64Array(capacity);
    this.payloads = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.times[0] : Infinity;
  }

  /** Payload of the earliest event (call only when not empty). */
  peekPayload(): number {
    return this.payloads[0];
  }

  push(time: number, payload: number): void {
    if (this.n === this.times.length) this.grow();
    const times = this.times;
    const payloads = this.payloads;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent];
      if (pt <= time) break;
      times[i] = pt;
      payloads[i] = payloads[parent];
      i = parent;
    }
    times[i] = time;
    payloads[i] = payload;
  }

  /** Removes the earliest event (read it first with peekTime/peekPayload). */
  pop(): void {
    const n = --this.n;
    if (n === 0) return;
    const times = this.times;
    const payloads = this.payloads;
    const time = times[n];
    const payload = payloads[n];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && times[child + 1] < times[child]) child++;
      if (times[child] >= time) break;
      times[i] = times[child];
      payloads[i] = payloads[child];
      i = child;
    }
    times[i] = time;
    payloads[i] = payload;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    const payloads = new Int32Array(this.payloads.length * 2);
    payloads.set(this.payloads);
    this.times = times;
    this.payloads = payloads;
  }
}
