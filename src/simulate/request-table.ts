/**
 * Requests in flight, as rows of parallel typed arrays reused through a free list: a simulation
 * of 10,000,000 requests allocates rows only for the most requests ever in flight at once.
 */
import type { LoadReport, Pick } from '../engine/types';
import type { DelayLine } from './delay-line';

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
  /** No answer within the client's timeout. */
  Timeout: 5,
});

export class RequestTable {
  sentAt: Float64Array;
  endpoint: Int32Array;
  /** The slot serving the request, -1 while queued, -2 once it is no longer at its server (answered without service, or served). */
  slot: Int32Array;
  error: Uint8Array;
  /** Server-reported load (busy slots / slots) carried back with the answer. */
  load: Float64Array;
  /** The ORCA report the server answered with (orca-window.ts); NaN utilization: none. */
  orcaUtil: Float64Array;
  orcaQps: Float64Array;
  orcaEps: Float64Array;
  /** Where a server builds a report before `setReport` copies it into a row. */
  readonly scratch: LoadReport = {};
  /** 1 once the client has its answer (also a timeout or a reset): later answers are ignored. */
  answered: Uint8Array;
  /** 1 once the server forgot the request (it left): its service end only frees the row. */
  evicted: Uint8Array;
  /** Holders of the row: pending service-end and answer events, a place in a server queue. */
  refs: Uint8Array;
  /** Bumped each time the row is handed out, so a timeout scheduled for an earlier request is recognised as stale. */
  gen: Int32Array;
  picks: (Pick | undefined)[];
  private free: Int32Array;
  private freeCount = 0;
  private rows = 0;

  constructor(capacity = 256) {
    this.sentAt = new Float64Array(capacity);
    this.endpoint = new Int32Array(capacity);
    this.slot = new Int32Array(capacity);
    this.error = new Uint8Array(capacity);
    this.load = new Float64Array(capacity);
    this.orcaUtil = new Float64Array(capacity);
    this.orcaQps = new Float64Array(capacity);
    this.orcaEps = new Float64Array(capacity);
    this.answered = new Uint8Array(capacity);
    this.evicted = new Uint8Array(capacity);
    this.refs = new Uint8Array(capacity);
    this.gen = new Int32Array(capacity);
    this.picks = new Array<Pick | undefined>(capacity).fill(undefined);
    this.free = new Int32Array(capacity);
  }

  /** Rows ever allocated (the most requests in flight at once). */
  get capacityUsed(): number {
    return this.rows;
  }

  /** A fresh row: not answered, not evicted, no holders, a new generation. */
  allocate(): number {
    let id: number;
    if (this.freeCount > 0) id = this.free[--this.freeCount];
    else {
      if (this.rows === this.sentAt.length) this.grow();
      id = this.rows++;
    }
    this.answered[id] = 0;
    this.orcaUtil[id] = NaN;
    this.evicted[id] = 0;
    this.refs[id] = 0;
    this.gen[id] = (this.gen[id] + 1) | 0;
    return id;
  }

  setReport(id: number, r: LoadReport): void {
    this.orcaUtil[id] = r.utilization!;
    this.orcaQps[id] = r.qps!;
    this.orcaEps[id] = r.eps!;
  }

  /** Row `id`'s report written into `out` (reused: read it before the next answer), or undefined. */
  reportOf(id: number, out: LoadReport): LoadReport | undefined {
    const u = this.orcaUtil[id];
    if (u !== u) return undefined;
    out.utilization = u;
    out.qps = this.orcaQps[id];
    out.eps = this.orcaEps[id];
    return out;
  }

  /**
   * Drops from the head of the timeout line (payload: row << `kindBits`, tag: its generation) those
   * whose request has its answer or whose row serves another request by now, so the line's head is
   * a request still waiting.
   */
  dropStaleTimeouts(line: DelayLine, kindBits: number): void {
    while (line.size > 0) {
      const head = line.peekPayload() >>> kindBits;
      if (this.gen[head] === line.peekTag() && !this.answered[head]) return;
      line.shift();
    }
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
    this.orcaUtil = f64(this.orcaUtil);
    this.orcaQps = f64(this.orcaQps);
    this.orcaEps = f64(this.orcaEps);
    this.endpoint = i32(this.endpoint);
    this.slot = i32(this.slot);
    this.free = i32(this.free);
    const u8 = (a: Uint8Array): Uint8Array => {
      const b = new Uint8Array(n);
      b.set(a);
      return b;
    };
    this.error = u8(this.error);
    this.answered = u8(this.answered);
    this.evicted = u8(this.evicted);
    this.refs = u8(this.refs);
    this.gen = i32(this.gen);
    for (let i = this.picks.length; i < n; i++) this.picks.push(undefined);
  }
}
