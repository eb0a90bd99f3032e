/**
 * gRFC A6 retry throttling: a token count starting at maxTokens, kept in [0, maxTokens]; a failed
 * attempt (an outcome the policy would retry or hedge past) takes 1, a success gives tokenRatio;
 * while the count is at or below maxTokens / 2 no retry or hedge is sent. Counted in thousandths,
 * as grpc-core does (A6 supports three decimal places), so the on and off points are exact:
 * maxTokens 10, tokenRatio 0.1 — throttled after the 5th failure in a row (10 → 5), free again
 * after the 1st success from there (5 → 5.1).
 */
import type { RetryThrottling } from '../pools/policy-types';

const MILLI = 1000;

export class RetryThrottle {
  private tokens: number;
  private readonly max: number;
  private readonly ratio: number;

  constructor(t: RetryThrottling) {
    this.max = Math.round(t.maxTokens * MILLI);
    this.ratio = Math.round(t.tokenRatio * MILLI);
    this.tokens = this.max;
  }

  /** Whether retries and hedges are held back now. */
  get throttled(): boolean {
    return this.tokens * 2 <= this.max;
  }

  /** Tokens now, for tests and events. */
  get count(): number {
    return this.tokens / MILLI;
  }

  /** Records an answer; returns true when it switched throttling on or off. */
  record(success: boolean): boolean {
    // Most answers are successes at full tokens: nothing moves, and this is on every request's path.
    if (success && this.tokens === this.max) return false;
    const was = this.throttled;
    this.tokens = success ? Math.min(this.max, this.tokens + this.ratio) : Math.max(0, this.tokens - MILLI);
    return was !== this.throttled;
  }
}
