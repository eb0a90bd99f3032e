/**
 * Open-model arrivals: a Poisson process at `rate` per second, its exponential gaps drawn in
 * blocks (one ziggurat pass fills a block, then each arrival is an array read and a multiply).
 */
import type { Rng } from './rng';
import { exponential } from './ziggurat';

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
    if (this.next === GAP_BLOCK) {
      for (let i = 0; i < GAP_BLOCK; i++) this.gaps[i] = exponential(this.rng);
      this.next = 0;
    }
    return now + this.gaps[this.next++] * this.meanGapMs;
  }
}
