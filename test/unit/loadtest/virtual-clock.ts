/**
 * A virtual clock for the pacer (its PacerClock): time moves only when the test says so, so
 * every intended time and every lateness is exact. `soon` (a spin turn on setImmediate in a real
 * run) costs SPIN_TURN_MS of virtual time; without it a spinning pacer would never see time pass.
 */
import type { PacerClock } from '../../../src/loadtest/pacer';

/** A power of two, so sums of turns stay exact in floating point. */
export const SPIN_TURN_MS = 0.25;

interface Wake {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class VirtualClock implements PacerClock {
  private t = 0;
  private seq = 0;
  private queue: Wake[] = [];
  /** How many times the pacer slept (setTimeout) and spun (setImmediate). */
  sleeps = 0;
  spins = 0;

  now(): number {
    return this.t;
  }

  sleep(ms: number, fn: () => void): () => void {
    this.sleeps++;
    return this.push(this.t + ms, fn);
  }

  soon(fn: () => void): () => void {
    this.spins++;
    return this.push(this.t + SPIN_TURN_MS, fn);
  }

  /** A busy event loop: time passes and nothing runs. */
  block(ms: number): void {
    this.t += ms;
  }

  /** Wake-ups not yet run nor cancelled. */
  get pending(): number {
    return this.queue.filter((w) => !w.cancelled).length;
  }

  /** Runs wake-ups in time order (a wake-up due in the past runs now) until none is due by `until`. */
  runUntil(until: number, maxWakes = 1_000_000): void {
    for (let n = 0; n < maxWakes; n++) {
      this.queue = this.queue.filter((w) => !w.cancelled);
      const next = this.queue[0];
      if (!next || next.at > until) {
        this.t = Math.max(this.t, until);
        return;
      }
      this.queue.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    throw new Error(`VirtualClock.runUntil(${until}): more than ${maxWakes} wake-ups`);
  }

  private push(at: number, fn: () => void): () => void {
    const wake: Wake = { at, seq: this.seq++, fn, cancelled: false };
    const i = this.queue.findIndex((w) => w.at > at || (w.at === at && w.seq > wake.seq));
    if (i < 0) this.queue.push(wake);
    else this.queue.splice(i, 0, wake);
    return () => (wake.cancelled = true);
  }
}
