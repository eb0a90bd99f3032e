import * as assert from 'node:assert/strict';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import { RetryBudgetBucket } from '../../../src/policy';

/**
 * The bucket as it was before deposits took a fast path within the current slice: every call
 * finds its slice by floor(now / slice). The fast path must move the bucket at the same instants.
 */
class ReferenceBucket {
  private readonly slices = new Float64Array(10);
  private epoch = -Infinity;
  private at = 0;
  private readonly sliceMs: number;
  private readonly dep: number;
  private readonly reserve: number;

  constructor(b: { ratio: number; minPerSecond: number; ttlMs: number }) {
    this.sliceMs = b.ttlMs / 10;
    this.dep = Math.round(b.ratio * 1000);
    this.reserve = Math.round(b.minPerSecond * (b.ttlMs / 1000) * 1000);
  }

  deposit(now: number): void {
    this.slices[this.advance(now)] += this.dep;
  }

  tryWithdraw(now: number): boolean {
    const at = this.advance(now);
    if (this.units() < 1000) return false;
    this.slices[at] -= 1000;
    return true;
  }

  balance(now: number): number {
    this.advance(now);
    return Math.floor(this.units() / 1000);
  }

  private units(): number {
    let sum = this.reserve;
    for (const s of this.slices) sum += s;
    return sum;
  }

  private advance(now: number): number {
    const epoch = Math.floor(now / this.sliceMs);
    if (epoch > this.epoch) {
      const gone = Math.min(10, epoch - this.epoch);
      for (let k = 1; k <= gone; k++) this.slices[(((epoch - gone + k) % 10) + 10) % 10] = 0;
      this.epoch = epoch;
      this.at = ((epoch % 10) + 10) % 10;
    }
    return this.at;
  }
}

/** The largest double below `x` (x > 0). */
function below(x: number): number {
  const f = new Float64Array([x]);
  new BigInt64Array(f.buffer)[0] -= 1n;
  return f[0];
}

describe('policy: retry budget slices (deposit fast path)', () => {
  for (const ttlMs of [1000, 10_000, 3, 0.7]) {
    it(`moves at the same instants as floor(now / slice), at and beside every slice boundary (ttl ${ttlMs} ms)`, () => {
      const config = { ratio: 0.3, minPerSecond: 0.5, ttlMs };
      const fast = new RetryBudgetBucket(config);
      const ref = new ReferenceBucket(config);
      const random = createSeededRandom(12);
      const slice = ttlMs / 10;
      let t = 0;
      for (let i = 0; i < 20_000; i++) {
        // Mostly small steps, and every so often a time exactly on a boundary or the double just below it.
        const r = random();
        if (r < 0.1) t = Math.max(t, Math.ceil(t / slice) * slice);
        else if (r < 0.2) t = Math.max(t, below(Math.ceil(t / slice + 1) * slice));
        else if (r < 0.22) t += slice * 25 * random(); // a gap longer than the window
        else t += slice * 0.05 * random();
        const op = random();
        if (op < 0.8) {
          fast.deposit(t);
          ref.deposit(t);
        } else if (op < 0.95) assert.equal(fast.tryWithdraw(t), ref.tryWithdraw(t), `withdraw at ${t} (step ${i})`);
        else assert.equal(fast.balance(t), ref.balance(t), `balance at ${t} (step ${i})`);
      }
      assert.equal(fast.balance(t), ref.balance(t));
    });
  }
});
