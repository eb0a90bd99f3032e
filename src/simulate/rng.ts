/**
 * The simulator's uniform source: the engine's mulberry32 (src/engine/seeded-random.ts) used as
 * an object, so a draw is a method call on typed-array state rather than a closure call.
 */
import { Mulberry32 } from '../engine/seeded-random';

export { Mulberry32 };

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

/** An Rng over a `() => number` (tests, callers with their own source). */
export function rngOf(random: () => number): Rng {
  return { next: random };
}
