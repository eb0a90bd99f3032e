/**
 * A staged run in one thread: the open model's send times and the closed model's callers, both
 * from the run's LoadSchedule (run/load-schedule.ts). With N workers, worker i takes sends i,
 * i + N, i + 2N ... of the one schedule (so the sum is the target, interleaved), and its share of
 * every caller count (`splitInteger`: remainders spread, the sum is the count).
 */
import type { LoadSchedule } from '../run/load-schedule';
import type { Share } from './share';
import { splitInteger } from './share';

/** The Pacer's `dueAt` for worker `share` of a staged rate: clock time of this worker's send k. */
export function stagedDueAt(schedule: LoadSchedule, startAt: number, share: Share): (k: number) => number {
  return (k) => startAt + schedule.timeOfArea(k * share.count + share.index);
}

export interface CallerHooks {
  /** Starts `n` more callers (each runs until `leave()` tells it to stop). */
  add(n: number): void;
  /** The thread now runs `n` callers (ms since the run started). */
  record(t: number, n: number): void;
  /** ms since the run started. */
  elapsed(): number;
}

/**
 * The closed model's callers as the target moves: more are started when it rises; when it falls,
 * callers leave as they finish their request (none is cut off mid-request).
 */
export class StagedCallers {
  private desired = 0;
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly steps: Iterator<[number, number]>;
  private pending: [number, number] | undefined;
  private stopped = false;

  constructor(schedule: LoadSchedule, private readonly share: Share, private readonly hooks: CallerHooks) {
    this.steps = schedule.callerSteps();
  }

  start(): void {
    this.pending = this.take();
    this.due();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Asked by a caller between requests: true when it should stop (it is then no longer counted). */
  leave(): boolean {
    if (this.running <= this.desired) return false;
    this.running--;
    this.hooks.record(this.hooks.elapsed(), this.running);
    return true;
  }

  private due(): void {
    this.timer = undefined;
    const now = this.hooks.elapsed();
    while (this.pending && this.pending[0] <= now) {
      this.desired = splitInteger(this.pending[1], this.share);
      this.pending = this.take();
    }
    if (this.stopped) return;
    if (this.desired > this.running) {
      const n = this.desired - this.running;
      this.running = this.desired;
      this.hooks.record(now, this.running);
      this.hooks.add(n);
    }
    const next = this.pending;
    if (next) this.timer = setTimeout(() => this.due(), Math.max(0, next[0] - now));
  }

  private take(): [number, number] | undefined {
    const r = this.steps.next();
    return r.done ? undefined : r.value;
  }
}
