/**
 * The sample of the power of d choices (M. Mitzenmacher, "The Power of Two Choices in Randomized
 * Load Balancing", IEEE TPDS 12(10), 2001): d distinct endpoints drawn uniformly, of which the
 * strategy keeps the best. p2c-peak-ewma and least-load draw two; least-request draws choiceCount.
 *
 * The t-th index is drawn from the n - t not drawn yet and mapped onto them in order, so every
 * draw is used (no rejection) and a seeded source gives the same picks in every release: with
 * two choices, the second is drawn from n - 1 slots and shifted past the first.
 */

/** Uniform index in [0, n) from a uniform [0, 1) source; robust to a source that returns 1. */
export function randomIndex(n: number, random: () => number): number {
  const i = Math.floor(random() * n);
  return i >= n ? n - 1 : i < 0 ? 0 : i;
}

export class ChoiceSampler {
  /** The indices of the last `draw`, in draw order (the first `draw()` entries are meaningful). */
  readonly picked: Int32Array;
  /** The same indices in ascending order, to map each new draw past the ones already taken. */
  private readonly sorted: Int32Array;

  constructor(readonly choices = 2) {
    if (!Number.isInteger(choices) || choices < 1) throw new RangeError(`choices must be a whole number >= 1, got ${choices}`);
    this.picked = new Int32Array(choices);
    this.sorted = new Int32Array(choices);
  }

  /**
   * Draws min(choices, n) distinct uniform indices in [0, n) into `picked` and returns how many.
   * One endpoint needs no draw: it is index 0, and `random` is not called.
   */
  draw(n: number, random: () => number): number {
    const picked = this.picked;
    if (n <= 1) {
      picked[0] = 0;
      return n < 0 ? 0 : n;
    }
    if (this.choices === 2) {
      // The common case, written out: the second index skips the first.
      const a = randomIndex(n, random);
      let b = randomIndex(n - 1, random);
      if (b >= a) b++;
      picked[0] = a;
      picked[1] = b;
      return 2;
    }
    const k = n < this.choices ? n : this.choices;
    const sorted = this.sorted;
    for (let t = 0; t < k; t++) {
      let x = randomIndex(n - t, random);
      let j = 0;
      for (; j < t && sorted[j] <= x; j++) x++;
      for (let m = t; m > j; m--) sorted[m] = sorted[m - 1];
      sorted[j] = x;
      picked[t] = x;
    }
    return k;
  }
}
