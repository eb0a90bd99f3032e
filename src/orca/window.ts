/**
 * What a server reports in ORCA terms, computed from what it does over the last second:
 * utilization = busy slot-time / slots, qps = replies per second, eps = errors per second. One
 * window for the demo servers (real time) and the simulator's virtual servers (virtual time):
 * time comes from the caller. Keeping it reads no random draw, so a simulation's other figures do
 * not depend on it.
 */

/** The figures a report carries (the engine's LoadReport has these fields). */
export interface OrcaFigures {
  utilization?: number;
  qps?: number;
  eps?: number;
}

const WINDOW_MS = 1000;
const BUCKET_MS = 100;
const BUCKETS = WINDOW_MS / BUCKET_MS;

/** Replies, errors and busy slot-time in 100 ms buckets over the last second. */
export class OrcaWindow {
  private readonly served = new Float64Array(BUCKETS);
  private readonly errors = new Float64Array(BUCKETS);
  private readonly busyMs = new Float64Array(BUCKETS);
  /** Index (time / BUCKET_MS) of the newest bucket. */
  private newest: number;
  private busy = 0;
  private busySince: number;

  constructor(
    private readonly slots: number,
    private readonly started: number,
  ) {
    this.newest = Math.floor(started / BUCKET_MS);
    this.busySince = started;
  }

  /** The number of busy slots changes to `busy` at `now`. */
  busyChanged(busy: number, now: number): void {
    this.advance(now);
    this.busy = busy;
  }

  replied(ok: boolean, now: number): void {
    this.advance(now);
    this.served[this.newest % BUCKETS]++;
    if (!ok) this.errors[this.newest % BUCKETS]++;
  }

  /** The report at `now`: rates over the last second (or since the start, if shorter). */
  report<T extends OrcaFigures>(now: number, out: T): T {
    this.advance(now);
    let served = 0;
    let errors = 0;
    let busyMs = 0;
    for (let i = 0; i < BUCKETS; i++) {
      served += this.served[i];
      errors += this.errors[i];
      busyMs += this.busyMs[i];
    }
    const oldest = (this.newest - BUCKETS + 1) * BUCKET_MS;
    const spanMs = Math.max(1, now - Math.max(oldest, this.started));
    out.utilization = Math.min(1, busyMs / (this.slots * spanMs));
    out.qps = (served * 1000) / spanMs;
    out.eps = (errors * 1000) / spanMs;
    return out;
  }

  /** Accounts busy time up to `now`, bucket by bucket, clearing the buckets it enters. */
  private advance(now: number): void {
    const bucket = Math.floor(now / BUCKET_MS);
    if (bucket - this.newest > BUCKETS) {
      // More than a window without an event: what came before it no longer counts.
      this.newest = bucket - BUCKETS;
      this.busySince = Math.max(this.busySince, this.newest * BUCKET_MS);
    }
    while (this.newest < bucket) {
      const end = (this.newest + 1) * BUCKET_MS;
      this.busyMs[this.newest % BUCKETS] += this.busy * Math.max(0, end - this.busySince);
      this.busySince = Math.max(this.busySince, end);
      this.newest++;
      const i = this.newest % BUCKETS;
      this.served[i] = 0;
      this.errors[i] = 0;
      this.busyMs[i] = 0;
    }
    this.busyMs[this.newest % BUCKETS] += this.busy * Math.max(0, now - this.busySince);
    this.busySince = Math.max(this.busySince, now);
  }
}
