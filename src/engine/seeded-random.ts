/**
 * A small, fast, seeded pseudo-random generator for tests, the simulator and the demo.
 *
 * Algorithm: mulberry32 (Tommy Ettinger, 2017; public domain), a 32-bit state advanced by the
 * Weyl constant 0x6D2B79F5 and mixed with two xor-shift-multiply rounds. Period 2^32, passes
 * gjrand and PractRand to far more output than any test here draws. Not cryptographic.
 *
 * The same seed gives the same sequence in every process and every release: the output of
 * `createSeededRandom(1)` begins 0.6270739405881613, 0.002735721180215478, 0.5274470399599522
 * (pinned in test/unit/engine/seeded-random.test.ts).
 *
 * The state lives in an Int32Array: a closure-captured number is boxed by V8 as a heap number on
 * every draw (~6 ns a draw); in a typed array a draw is ~1.5 ns, and the simulator draws two or
 * three times a request.
 */
export class Mulberry32 {
  private readonly state = new Int32Array(1);

  /** Any finite number is a seed; fractional seeds are folded in so 1.5 and 1 differ. */
  constructor(seed: number) {
    if (typeof seed !== 'number' || !Number.isFinite(seed)) {
      throw new TypeError(`seed must be a finite number, got ${String(seed)}`);
    }
    this.state[0] = Math.trunc(seed) ^ Math.round((seed % 1) * 0x100000000);
  }

  /** Uniform in [0, 1), a whole multiple of 2^-32. */
  next(): number {
    const s = (this.state[0] = (this.state[0] + 0x6d2b79f5) | 0);
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

export function createSeededRandom(seed: number): () => number {
  const generator = new Mulberry32(seed);
  return () => generator.next();
}
