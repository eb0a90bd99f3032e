/**
 * Time-based exponentially weighted moving averages: a sample's weight depends on the time since
 * the previous one, not on how many samples came, so a busy endpoint and an idle one age alike.
 * `w = exp(-elapsed / decay)`: after `decay` ms of silence the old value keeps 37 % of its weight.
 * Time always comes in as an argument (from the injected `now`).
 */
export function decayFactor(elapsedMs: number, decayMs: number): number {
  return elapsedMs <= 0 ? 1 : Math.exp(-elapsedMs / decayMs);
}

/** `value x 2^(-age / halfLife)`: what a report of `value` made `ageMs` ago is worth now. */
export function halfLifeDecay(value: number, ageMs: number, halfLifeMs: number): number {
  return ageMs <= 0 ? value : value * Math.pow(2, -ageMs / halfLifeMs);
}

/** Plain time-based EWMA; the first sample is taken as is. */
export class TimeEwma {
  value = 0;
  at = 0;
  samples = 0;

  observe(sample: number, now: number, decayMs: number): void {
    if (this.samples++ === 0) {
      this.value = sample;
      this.at = now;
      return;
    }
    const w = decayFactor(now - this.at, decayMs);
    this.value = this.value * w + sample * (1 - w);
    if (now > this.at) this.at = now;
  }
}

/**
 * Peak EWMA of latency as Finagle's `PeakEwma` and tower's `RttEstimate` (tower/src/load/peak_ewma.rs)
 * define it: a sample above the estimate replaces it at once (react to slowness immediately); a
 * sample below is blended in with weight `1 - exp(-elapsed / decay)`. Reading the estimate is an
 * observation of 0, so an endpoint that is not picked drifts toward 0 until it is tried again
 * (Finagle's `get = observe(0)`; tower's `update_estimate`). Starts at a default for endpoints
 * with no history, stamped with the time they joined.
 */
export class PeakEwma {
  constructor(
    public estimate: number,
    public updatedAt: number,
  ) {}

  observe(rtt: number, now: number, decayMs: number): number {
    if (this.estimate < rtt) {
      this.estimate = rtt;
    } else {
      const w = decayFactor(now - this.updatedAt, decayMs);
      this.estimate = this.estimate * w + rtt * (1 - w);
    }
    if (now > this.updatedAt) this.updatedAt = now;
    return this.estimate;
  }

  /** The estimate now, decayed toward 0 since the last observation (and stored, as tower does). */
  read(now: number, decayMs: number): number {
    return this.observe(0, now, decayMs);
  }
}
