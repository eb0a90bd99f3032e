/**
 * Open-model arrivals: a Poisson process at `rate` per second, its exponential gaps drawn in
 * blocks (one ziggurat pass fills a block, then each arrival is an array read and a multiply).
 */
import type { LoadSchedule } from '../run/load-schedule';
import type { Rng } from './rng';
import { fillExponential } from './ziggurat';

const GAP_BLOCK = 1024;

export class PoissonArrivals {
  private readonly gaps = new Float64Array(GAP_BLOCK);
  private next = GAP_BLOCK;
  private readonly meanGapMs: number;

  constructor(rate: number, private readonly rng: Rng) {
    this.meanGapMs = 1000 / rate;
  }

  /** The time of the arrival after one at `now`. */
  after(now: number): number {
    if (this.next === GAP_BLOCK) this.refill();
    return now + this.gaps[this.next++] * this.meanGapMs;
  }

  /** Out of line, so that `after` is small enough to be inlined (a double returned from a call is boxed). */
  private refill(): void {
    fillExponential(this.rng, this.gaps, 1); // x 1 is exact
    this.next = 0;
  }
}

/**
 * A staged run's arrivals: a non-homogeneous Poisson process with the run's rate function, by
 * time rescaling (Çinlar): unit-rate Poisson points S1 < S2 < ... mapped through the inverse of the
 * integrated rate, t_i = Λ⁻¹(S_i). Same ziggurat blocks; Infinity once the schedule is over.
 */
export class StagedArrivals {
  private readonly unit: PoissonArrivals;
  private s = 0;

  constructor(private readonly schedule: LoadSchedule, rng: Rng) {
    // Rate 1000/s = one per ms: its gaps are unit exponentials (in "ms" of the rescaled time).
    this.unit = new PoissonArrivals(1000, rng);
  }

  /** The time of the next arrival (the last one having been at `now`). */
  after(now: number): number {
    this.s = this.unit.after(this.s);
    const t = this.schedule.timeOfArea(this.s);
    return t > now ? t : now;
  }
}
