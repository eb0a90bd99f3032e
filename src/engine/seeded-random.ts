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
 */
export function createSeededRandom(seed: number): () => number {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`seed must be a finite number, got ${String(seed)}`);
  }
  // Any finite number is a seed; fractional seeds are folded in so 1.5 and 1 differ.
  let state = (Math.trunc(seed) ^ Math.round((seed % 1) * 0x100000000)) >>> 0;
  return function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
