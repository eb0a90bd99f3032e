/** Uniform index in [0, n) from a uniform [0, 1) source; robust to a source that returns 1. */
export function randomIndex(n: number, random: () => number): number {
  const i = Math.floor(random() * n);
  return i >= n ? n - 1 : i < 0 ? 0 : i;
}

/**
 * Two distinct uniform indices in [0, n), n >= 2, from two draws: the second is drawn from
 * n - 1 slots and shifted past the first (the "power of two choices" sample, Mitzenmacher 2001).
 */
export function twoDistinct(n: number, random: () => number, out: [number, number]): [number, number] {
  const a = randomIndex(n, random);
  let b = randomIndex(n - 1, random);
  if (b >= a) b++;
  out[0] = a;
  out[1] = b;
  return out;
}
