/**
 * The open model's clock: calls `send(intendedAt)` `rate` times a second on a fixed schedule (or
 * on a staged one, `dueAt`), whatever the servers do (wrk2). One timer per request would drift and bunch up, so the pacer
 * is a loop: each turn sends every request that is due (catching up after a busy event loop, each
 * with its own intended time), then sleeps with setTimeout while the next send is more than
 * ~2 ms away and spins on setImmediate (which lets I/O run) for the last stretch.
 */

/** Time and wake-ups: real timers in a run, a virtual clock in the pacer's unit tests. */
export interface PacerClock {
  now(): number;
  /** Calls `fn` after about `ms`; returns its cancel. */
  sleep(ms: number, fn: () => void): () => void;
  /** Calls `fn` on the next turn of the event loop, after pending I/O; returns its cancel. */
  soon(fn: () => void): () => void;
}

export const REAL_CLOCK: PacerClock = Object.freeze({
  now: () => performance.now(),
  sleep(ms: number, fn: () => void): () => void {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
  soon(fn: () => void): () => void {
    const i = setImmediate(fn);
    return () => clearImmediate(i);
  },
});

export interface PacerOptions {
  /** Requests per second. */
  rate: number;
  /** clock.now() of the first intended send. */
  startAt: number;
  /** Fraction of an interval to shift this pacer by (workers interleave their schedules). */
  phase?: number;
  /** How many sends at most (undefined: until stopped). */
  limit?: number;
  /** clock.now() at which the schedule ends: no send is due at or after it. */
  endAt?: number;
  /**
   * clock.now() at which send `k` (0, 1, ...) is due, for a rate that changes (a staged run);
   * Infinity once the schedule has no more sends. Default: `rate`, `startAt` and `phase`.
   */
  dueAt?(k: number): number;
  /** Called for each due send; `lateMs` is how long after its intended time it left. */
  send(intendedAt: number, lateMs: number): void;
  /** Called once when `limit` sends were made or the schedule reached `endAt`. */
  onLimit?(): void;
  /** Defaults to REAL_CLOCK (performance.now, setTimeout, setImmediate). */
  clock?: PacerClock;
}

/** Spin (setImmediate) rather than sleep when the next send is closer than this. */
const SPIN_MS = 2;
/** setTimeout fires late by up to about a millisecond; wake this much early. */
const WAKE_EARLY_MS = 1.5;
/**
 * A turn that is catching up yields after this long, even with sends still due, so a signal
 * (Ctrl-C, SIGTERM) and the answers' I/O are handled within a few ms at any rate.
 */
const TURN_BUDGET_MS = 5;

export class Pacer {
  private k = 0;
  private stopped = false;
  private cancelWake: (() => void) | undefined;
  private readonly clock: PacerClock;
  private readonly intervalMs: number;
  private readonly origin: number;
  private readonly turn = (): void => this.tick();
  private readonly dueAt: (k: number) => number;

  constructor(private readonly o: PacerOptions) {
    this.clock = o.clock ?? REAL_CLOCK;
    this.intervalMs = 1000 / o.rate;
    this.origin = o.startAt + (o.phase ?? 0) * this.intervalMs;
    this.dueAt = o.dueAt ? (k) => o.dueAt!(k) : (k) => this.origin + k * this.intervalMs;
  }

  /** Sends made so far. */
  get sent(): number {
    return this.k;
  }

  start(): void {
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.cancelWake?.();
    this.cancelWake = undefined;
  }

  private tick(): void {
    this.cancelWake = undefined;
    if (this.stopped) return;
    const limit = this.o.limit ?? Infinity;
    const endAt = this.o.endAt ?? Infinity;
    let now = this.clock.now();
    let due = this.dueAt(this.k);
    // A late timer must not stretch the run: sends are bounded by the schedule, not the clock.
    if (due >= endAt) {
      this.stop();
      this.o.onLimit?.();
      return;
    }
    const turnEnd = now + TURN_BUDGET_MS;
    while (due <= now && !this.stopped) {
      this.k++;
      this.o.send(due, now - due);
      if (this.k >= limit) {
        this.stop();
        this.o.onLimit?.();
        return;
      }
      due = this.dueAt(this.k);
      if (due >= endAt) {
        this.stop();
        this.o.onLimit?.();
        return;
      }
      now = this.clock.now();
      if (now > turnEnd) break;
    }
    if (this.stopped) return;
    // Wake for the next send, or for the end of the schedule when that comes first.
    const wait = Math.min(due, endAt) - this.clock.now();
    this.cancelWake = wait > SPIN_MS ? this.clock.sleep(wait - WAKE_EARLY_MS, this.turn) : this.clock.soon(this.turn);
  }
}
