/**
 * Seeded randomness for the demo servers (they import nothing of ours, so they carry their own).
 * mulberry32: a 32-bit generator, fast and good enough for latencies and error draws.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** z of the 99th percentile of the standard normal distribution. */
export const Z99 = 2.326347874;

/**
 * A lognormal latency sampler from its median and 99th percentile:
 * ln X ~ N(ln median, sigma) with sigma = ln(p99 / median) / z99.
 */
export function lognormal(random: () => number, medianMs: number, p99Ms: number): () => number {
  const sigma = Math.log(p99Ms / medianMs) / Z99;
  return () => {
    // Box-Muller; 1 - u keeps the log away from 0.
    const u = 1 - random();
    const v = random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return medianMs * Math.exp(sigma * z);
  };
}
