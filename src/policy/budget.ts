/**
 * Finagle's retry budget (`RetryBudget(ttl, minRetriesPerSec, percentCanRetry)`, the TokenRetryBudget
 * in finagle-core `com.twitter.finagle.service.RetryBudget`; Linkerd uses the same): every request
 * deposits `ratio` of a retry, every retry withdraws one, deposits and withdrawals count for `ttl`,
 * and a reserve of `minPerSecond × ttl` retries is always there on top. So over any ttl window
 * retries ≤ ratio × requests + minPerSecond × ttl seconds.
 *
 * As in Finagle, amounts are whole numbers (a retry is 1000 units, a deposit ratio × 1000) and the
 * window is a leaky bucket of 10 slices of ttl/10 (Finagle's `TokenBucket.newLeakyBucket` over a
 * `WindowedAdder` with 10 slices), so a deposit expires between 0.9 and 1 ttl after it was made.
 */
import type { RetryBudget } from '../pools/policy-types';

const SCALE = 1000;
const SLICES = 10;

export class RetryBudgetBucket {
  private readonly slices = new Float64Array(SLICES);
  private readonly sliceMs: number;
  private readonly deposit_: number;
  private readonly reserve: number;
  private epoch = -Infinity;
  /** The current slice's index: every request deposits, and most land in the slice of the one before. */
  private at = 0;
  /**
   * A time safely before the current slice's end: below it `advance` would find the same slice, so
   * a deposit is one compare and one add (no division, no floor, no call). Set a hair early
   * (relative 1e-12, far above a double's rounding) so the exact test in `advance` still decides
   * every time near the boundary, and the bucket moves at the same instants as without it (at or
   * below time 0 the exact test always decides).
   */
  private sameSliceBefore = -Infinity;

  constructor(budget: RetryBudget) {
    this.sliceMs = budget.ttlMs / SLICES;
    this.deposit_ = Math.round(budget.ratio * SCALE);
    this.reserve = Math.round(budget.minPerSecond * (budget.ttlMs / 1000) * SCALE);
  }

  /** A request was made. */
  deposit(now: number): void {
    const at = now < this.sameSliceBefore ? this.at : this.advance(now);
    this.slices[at] += this.deposit_;
  }

  /** A retry wants to go: true (and withdrawn) when the balance holds one. */
  tryWithdraw(now: number): boolean {
    const at = this.advance(now);
    if (this.units() < SCALE) return false;
    this.slices[at] -= SCALE;
    return true;
  }

  /** Retries the budget would allow now. */
  balance(now: number): number {
    this.advance(now);
    return Math.floor(this.units() / SCALE);
  }

  private units(): number {
    let sum = this.reserve;
    for (let i = 0; i < SLICES; i++) sum += this.slices[i];
    return sum;
  }

  /** The current slice's index, clearing the slices that fell out of the window since the last call. */
  private advance(now: number): number {
    const epoch = Math.floor(now / this.sliceMs);
    // Within the current slice nothing moves: the two modulos of a double (a float `%` is a runtime
    // call in V8), which the profile showed as the layer's top cost, run only when the slice changes.
    if (epoch > this.epoch) {
      const gone = Math.min(SLICES, epoch - this.epoch);
      for (let k = 1; k <= gone; k++) this.slices[(((epoch - gone + k) % SLICES) + SLICES) % SLICES] = 0;
      this.epoch = epoch;
      this.at = ((epoch % SLICES) + SLICES) % SLICES;
      const end = (epoch + 1) * this.sliceMs;
      this.sameSliceBefore = end > 0 ? end * (1 - 1e-12) : -Infinity;
    }
    return this.at;
  }
}
