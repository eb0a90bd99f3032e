/**
 * A cold server's warm-up, the one curve both the demo servers (live) and the simulator's virtual
 * servers follow, so a live run and a simulation of a `coldJoin` agree in shape.
 *
 * A server that just started serves slowly until its caches fill and its JIT has compiled the hot
 * path. We model that as a service-time multiplier that starts at `factor` and falls linearly to 1
 * over `forMs`:  m(t) = 1 + (factor - 1) × (1 - t / forMs) for 0 <= t < forMs, and 1 after.
 * Linear, not exponential, so "warm after 10 s" means exactly that and the mean extra cost of the
 * window is (factor - 1) / 2.
 */

/** A server's cold state: warming since `since` (its own clock, ms), for `forMs`, from `factor`. */
export interface ColdState {
  since: number;
  forMs: number;
  factor: number;
}

/** The multiplier m(t) above at time `now` (same clock as `since`). */
export function coldMultiplier(cold: ColdState | undefined, now: number): number {
  if (cold === undefined) return 1;
  const t = now - cold.since;
  if (t >= cold.forMs) return 1;
  if (t <= 0) return cold.factor;
  return 1 + (cold.factor - 1) * (1 - t / cold.forMs);
}
