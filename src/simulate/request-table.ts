/**
 * Requests in flight, as rows of parallel typed arrays reused through a free list: a simulation
 * of 10,000,000 requests allocates rows only for the most requests ever in flight at once.
 */
import type { Pick } from '../engine/types';

/** How a request ended, as stored in `RequestTable.error`. */
export const Answer = Object.freeze({
  Ok: 0,
  /** The server answered with an error (its error rate or a `fail` fault). */
  ServerError: 1,
  /** The server's queue was full. */
  QueueFull: 2,
  /** The server had left: connection refused. */
  Refused: 3,
  /** The server left while the request was queued or in service. */
  Reset: 4,
});

export class RequestTable {
  sentAt: Float64Array;
  endpoint: Int32Array;
  /** The server's epoch when the request entered it (stale after the server leaves). */
  epoch: Int32Array;
  /** The slot serving the request, -1 while queued. */
  slot: Int32Array;
  error: Uint8Array;
  /** Server-reported load (busy slots / slots) carried back with the answer. */
  load: Float64Array;
  picks: (Pick | undefined)[];
  private free: Int32Array;
  private freeCount = 0;
  private rows = 0;

  constructor(capacity = 256) {
    this.sentAt = new Float64Array(capacity);
    this.endpoint = new Int32Array(capacity);
    this.epoch = new Int32Array(capacity);
    this.slot = new Int32Array(capacity);
    this.error = new Uint8Array(capacity);
    this.load = new Float64Array(capacity);
    this.picks = new Array<Pick | undefined>(capacity).fill(undefined);
    this.free = new Int32Array(capacity);
  }

  /** Rows ever allocated (the most requests in flight at once). */
  get capacityUsed(): number {
    return this.rows;
  }

  allocate(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount];
    if (this.rows === this.sentAt.length) this.grow();
    return this.rows++;
  }

  release(id: number): void {
    this.picks[id] = undefined;
    this.free[this.freeCount++] = id;
  }

  private grow(): void {
    const n = this.sentAt.length * 2;
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.sentAt = f64(this.sentAt);
    this.load = f64(this.load);
    this.endpoint = i32(this.endpoint);
    this.epoch = i32(this.epoch);
    this.slot = i32(this.slot);
    this.free = i32(this.free);
    const error = new Uint8Array(n);
    error.set(this.error);
    this.error = error;
    for (let i = this.picks.length; i < n; i++) this.picks.push(undefined);
  }
}
