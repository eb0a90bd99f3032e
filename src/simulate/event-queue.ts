/**
 * Where the simulation's next event comes from: a binary heap for events at arbitrary times, and
 * a few delay lines — FIFO queues of events that all wait the same delay (a server's round trip,
 * the think time), so pushing and taking are O(1) — plus the timeout line, whose events carry a
 * tag (the request row's generation) and which never falls back to the heap.
 */
import { DelayLine } from './delay-line';
import { EventHeap } from './event-heap';

/** At most this many delay lines (distinct delays); delays beyond use the heap. */
const MAX_LINES = 4;
const HEAP = -1;
const TIMEOUTS = -2;

export class EventQueue {
  readonly heap = new EventHeap();
  readonly timeouts: DelayLine;
  private readonly lines: DelayLine[] = [];
  /** Which the last `peekTime` found earliest: a line's index, TIMEOUTS, or HEAP (a small integer, so the hot loop stores no pointer). */
  private source = HEAP;

  /** `clock.now` is when a line's events are scheduled (delay-line.ts). */
  constructor(timeoutMs: number, private readonly clock: { readonly now: number }) {
    this.timeouts = new DelayLine(timeoutMs, clock);
  }

  /** The index of the line for `delay`, made if there is room; -1 when such events go to the heap. */
  lineFor(delay: number): number {
    const i = this.lines.findIndex((l) => l.delay === delay);
    if (i >= 0 || this.lines.length === MAX_LINES) return i;
    this.lines.push(new DelayLine(delay, this.clock));
    return this.lines.length - 1;
  }

  line(index: number): DelayLine | undefined {
    return index >= 0 ? this.lines[index] : undefined;
  }

  /** Schedules `payload` at now + delay, on line `line` (which has that delay) or the heap. */
  schedule(line: number, delay: number, payload: number): void {
    if (line >= 0) this.lines[line].push(payload);
    else this.heap.push(this.clock.now + delay, payload);
  }

  /** Schedules `payload` on line `line` (>= 0) now: what `schedule` does with no double passed. */
  scheduleOnLine(line: number, payload: number): void {
    this.lines[line].push(payload);
  }

  /** Time of the earliest event (Infinity when none); `take` then returns it. */
  peekTime(): number {
    let t = this.heap.peekTime();
    let source = HEAP;
    // The timeout line's head is a request still waiting (the simulation drops answered ones).
    const tTimeout = this.timeouts.peekTime();
    if (tTimeout < t) {
      t = tTimeout;
      source = TIMEOUTS;
    }
    const lines = this.lines;
    for (let i = 0; i < lines.length; i++) {
      const tl = lines[i].peekTime();
      if (tl < t) {
        t = tl;
        source = i;
      }
    }
    this.source = source;
    return t;
  }

  /** The payload of the event the last `peekTime` found; `lastTag` is its tag when it was a timeout. */
  take(): number {
    const source = this.source;
    if (source >= 0) return this.lines[source].shift();
    if (source === TIMEOUTS) return this.timeouts.shift();
    const payload = this.heap.peekPayload();
    this.heap.pop();
    return payload;
  }

  get lastTag(): number {
    return this.timeouts.lastTag;
  }
}
