/**
 * Walker's alias method, built with Vose's numerically stable variant (M. D. Vose, "A linear
 * algorithm for generating random numbers with a given distribution", IEEE TSE 17(9), 1991):
 * O(n) to build, O(1) and one uniform draw per sample.
 *
 * The draw u in [0, 1) picks column floor(u n); its fractional part decides between the column
 * and its alias.
 */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  readonly size: number;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    if (n === 0) return;
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    const scaled = new Float64Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total;
      if (scaled[i] < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns];
      const l = large[--nl];
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) small[ns++] = l;
      else large[nl++] = l;
    }
    // What is left is 1 up to rounding error.
    while (nl > 0) this.prob[large[--nl]] = 1;
    while (ns > 0) this.prob[small[--ns]] = 1;
  }

  /** An index drawn in proportion to its weight; `u` uniform in [0, 1). */
  sample(u: number): number {
    const x = u * this.size;
    let column = Math.floor(x);
    if (column >= this.size) column = this.size - 1;
    return x - column < this.prob[column] ? column : this.alias[column];
  }
}
