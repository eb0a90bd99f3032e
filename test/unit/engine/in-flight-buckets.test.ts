import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InFlightBuckets } from '../../../src/engine/structures/in-flight-buckets';

/**
 * The definition, by an O(n) scan: least `inFlight / weight`, then least tag, then lowest slot;
 * a pick moves the tag to `max(virtualTime, tag) + 1 / weight` (start-time fair queueing).
 */
class Reference {
  readonly inFlight: number[];
  readonly tag: number[];
  private virtualTime = 0;

  constructor(readonly weights: number[]) {
    this.inFlight = weights.map(() => 0);
    this.tag = weights.map(() => 0);
  }

  minScore(): number {
    return Math.min(...this.weights.map((w, s) => this.inFlight[s] / w));
  }

  acquire(): number {
    let best = -1;
    for (let s = 0; s < this.weights.length; s++) {
      if (best < 0) {
        best = s;
        continue;
      }
      const a = this.inFlight[s] / this.weights[s];
      const b = this.inFlight[best] / this.weights[best];
      if (a < b || (a === b && this.tag[s] < this.tag[best])) best = s;
    }
    if (best < 0) return -1;
    const start = Math.max(this.virtualTime, this.tag[best]);
    this.virtualTime = start;
    this.tag[best] = start + 1 / this.weights[best];
    this.inFlight[best]++;
    return best;
  }

  release(s: number): void {
    if (this.inFlight[s] > 0) this.inFlight[s]--;
  }
}

function buckets(weights: number[]): InFlightBuckets {
  const q = new InFlightBuckets();
  q.reset(weights, weights.map(() => 0), weights.map(() => 0));
  return q;
}

const weightsArb = fc.array(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom(0.5, 1.5, 2.5)), { minLength: 1, maxLength: 8 });

describe('InFlightBuckets', () => {
  it('rotates equal scores in proportion to weight (2, 1, 1: 0 1 2 0 0 1 2 0)', () => {
    const q = buckets([2, 1, 1]);
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      const s = q.acquire();
      seen.push(s);
      q.release(s);
    }
    assert.deepEqual(seen, [0, 1, 2, 0, 0, 1, 2, 0]);
  });

  it('a sequential caller gets exactly the sequence of the O(n) definition (fast-check)', () => {
    fc.assert(
      fc.property(weightsArb, fc.integer({ min: 1, max: 60 }), (weights, picks) => {
        const q = buckets(weights);
        const ref = new Reference(weights);
        for (let i = 0; i < picks; i++) {
          const s = q.acquire();
          assert.equal(s, ref.acquire(), `pick ${i}`);
          q.release(s);
          ref.release(s);
        }
      }),
      { numRuns: 300, seed: 109 },
    );
  });

  it('always takes a slot of least inFlight / weight and counts exactly, under any acquire/release program (fast-check)', () => {
    fc.assert(
      fc.property(weightsArb, fc.array(fc.oneof(fc.constant(-1), fc.nat(40)), { maxLength: 150 }), (weights, program) => {
        const q = buckets(weights);
        const ref = new Reference(weights);
        const held: number[] = [];
        for (const step of program) {
          if (step === -1 || held.length === 0) {
            const min = ref.minScore();
            const s = q.acquire();
            assert.equal(ref.inFlight[s] / weights[s], min);
            ref.inFlight[s]++;
            held.push(s);
          } else {
            const [s] = held.splice(step % held.length, 1);
            q.release(s);
            ref.release(s);
          }
          for (let s = 0; s < weights.length; s++) assert.equal(q.inFlightOf(s), ref.inFlight[s]);
        }
      }),
      { numRuns: 300, seed: 110 },
    );
  });

  it('gives a slot that was busy one turn, not a burst, when it frees up', () => {
    const q = buckets([1, 1, 1]);
    const a = q.acquire(); // slot 0 stays busy
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      const s = q.acquire();
      seen.push(s);
      q.release(s);
    }
    assert.deepEqual(seen, [1, 2, 1, 2, 1, 2]);
    q.release(a); // its tag is old: it goes first, once, then the rotation resumes
    for (let i = 0; i < 6; i++) {
      const s = q.acquire();
      seen.push(s);
      q.release(s);
    }
    assert.deepEqual(seen.slice(6), [0, 1, 2, 0, 1, 2]);
  });

  it('reset keeps given in-flight counts and tags; release never goes below 0; empty gives -1', () => {
    const q = new InFlightBuckets();
    q.reset([1, 1, 1], [2, 0, 0], [0, 5, 3]);
    assert.equal(q.acquire(), 2); // 1 and 2 at 0 in flight: the lower tag
    assert.equal(q.acquire(), 1);
    assert.equal(q.inFlightOf(0), 2);
    q.release(1);
    q.release(1);
    assert.equal(q.inFlightOf(1), 0);
    q.reset([], [], []);
    assert.equal(q.acquire(), -1);
  });
});
