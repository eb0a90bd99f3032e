/**
 * The simulator's uniform source: the engine's mulberry32 (src/engine/seeded-random.ts), the same
 * sequence for the same seed, as an object whose state lives in an Int32Array. The engine's closure
 * keeps its state in a captured variable, which V8 boxes as a heap number on every draw (~6 ns a
 * draw); here a draw is ~1.5 ns, and the simulator draws two or three times a request.
 * `test/unit/simulate/building-blocks.test.ts` checks that both give the same numbers.
 */
export interface Rng {
  /** Uniform in [0, 1), a whole multiple of 2^-32. */
  next(): number;
}

export class Mulberry32 implements Rng {
  private readonly state = new Int32Array(1);

  /** `seed`: a 32-bit seed, as `createSeededRandom` takes (fractional seeds are folded in alike). */
  constructor(seed: number) {
    if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`seed must be a finite number, got ${String(seed)}`);
    this.state[0] = Math.trunc(seed) ^ Math.round((seed % 1) * 0x100000000);
  }

  next(): number {
    const s = (this.state[0] = (this.state[0] + 0x6d2b79f5) | 0);
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** The same stream as a function (for the balancer and the key sampler). */
  asFunction(): () => number {
    return () => this.next();
  }
}

/** An Rng over a `() => number` (tests, callers with their own source). */
export function rngOf(random: () => number): Rng {
  return { next: random };
}
