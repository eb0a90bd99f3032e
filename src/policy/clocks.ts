/**
 * Two PolicyClocks: `realClock` for live runs (performance.now and setTimeout), and `VirtualClock`,
 * virtual time that moves only when told (tests, and callers without an event queue of their own;
 * the simulator adapts its event queue instead). Timers due at the same time run in the order set.
 */
import type { PolicyClock } from './types';

export const realClock: PolicyClock = {
  now: () => performance.now(),
  setTimer(at, fn) {
    const t = setTimeout(fn, Math.max(0, at - performance.now()));
    return () => clearTimeout(t);
  },
};

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  live: boolean;
}

export class VirtualClock implements PolicyClock {
  private t: number;
  private seq = 0;
  /** Sorted by (at, seq); cancelled timers are dropped when reached. */
  private readonly timers: Timer[] = [];

  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimer(at: number, fn: () => void): () => void {
    const timer: Timer = { at: Math.max(at, this.t), seq: this.seq++, fn, live: true };
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1].at > timer.at) i--;
    this.timers.splice(i, 0, timer);
    return () => {
      timer.live = false;
    };
  }

  /** Runs every timer due up to `until` (default: until none is left), moving the time to each; returns the timers run. */
  run(until = Infinity): number {
    let ran = 0;
    while (this.timers.length > 0 && this.timers[0].at <= until) {
      const timer = this.timers.shift()!;
      if (!timer.live) continue;
      this.t = timer.at;
      ran++;
      timer.fn();
    }
    if (until !== Infinity && until > this.t) this.t = until;
    return ran;
  }

  /** Timers set and not yet run or cancelled. */
  get pending(): number {
    return this.timers.filter((t) => t.live).length;
  }
}
