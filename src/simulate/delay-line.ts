/**
 * Events that fire a fixed delay after the moment they are scheduled (answers one round trip
 * after a service ends or a refusal, callers' think time). The clock never goes back, so such
 * events come out in the order they went in: a FIFO ring instead of the heap, O(1) per event,
 * which halves the heap traffic of a simulated request. Each event may carry a tag (a request's
 * generation, for timeouts). An event is scheduled at the clock's `now`, read here rather than
 * passed: a double passed to a call that is not inlined is boxed.
 */
export class DelayLine {
  private times = new Float64Array(256);
  private payloads = new Int32Array(256);
  private tags = new Int32Array(256);
  /** Tag of the event `shift` returned last. */
  lastTag = 0;
  private head = 0;
  size = 0;

  constructor(readonly delay: number, private readonly clock: { readonly now: number }) {}

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.size > 0 ? this.times[this.head] : Infinity;
  }

  /** Payload and tag of the earliest event (call only when not empty). */
  peekPayload(): number {
    return this.payloads[this.head];
  }

  peekTag(): number {
    return this.tags[this.head];
  }

  /** Schedules `payload` at `clock.now + delay` (the clock never goes back). */
  push(payload: number, tag = 0): void {
    if (this.size === this.times.length) this.grow();
    const i = (this.head + this.size) & (this.times.length - 1);
    this.times[i] = this.clock.now + this.delay;
    this.payloads[i] = payload;
    this.tags[i] = tag;
    this.size++;
  }

  /** Removes the earliest event and returns its payload (call only when not empty). */
  shift(): number {
    const payload = this.payloads[this.head];
    this.lastTag = this.tags[this.head];
    this.head = (this.head + 1) & (this.times.length - 1);
    this.size--;
    return payload;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    const payloads = new Int32Array(n);
    const tags = new Int32Array(n);
    const mask = this.times.length - 1;
    for (let i = 0; i < this.size; i++) {
      times[i] = this.times[(this.head + i) & mask];
      payloads[i] = this.payloads[(this.head + i) & mask];
      tags[i] = this.tags[(this.head + i) & mask];
    }
    this.times = times;
    this.payloads = payloads;
    this.tags = tags;
    this.head = 0;
  }
}
