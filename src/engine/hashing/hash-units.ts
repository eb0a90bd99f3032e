/**
 * What the hash strategies do with a 64-bit hash: a position on the ring in [0, 1), a uniform
 * draw for rendezvous (mixedUnit, beside the hash in xxh64.ts), an order, a residue for table cells, and a random hash for keyless picks.
 * Values are unsigned 32-bit halves (Hash64).
 */
/** A 64-bit value as two unsigned 32-bit halves: value = hi * 2^32 + lo. */
export interface Hash64 {
  hi: number;
  lo: number;
}

export function toHex(hi: number, lo: number): string {
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

const TWO_POW_21 = 2 ** 21;
const TWO_POW_53 = 2 ** 53;
const TWO_POW_20 = 2 ** 20;
const TWO_POW_52 = 2 ** 52;

/** The position of a 64-bit value in [0, 1): its top 53 bits over 2^53 (exact, never 1). */
export function toUnit(hi: number, lo: number): number {
  return (hi * TWO_POW_21 + (lo >>> 11)) / TWO_POW_53;
}

/**
 * Like `toUnit` but in the open interval (0, 1), so `log` is finite: the midpoint of the value's
 * 2^-52 cell (top 52 bits; with 53, the top cell's midpoint would round to 1).
 */
export function toOpenUnit(hi: number, lo: number): number {
  return (hi * TWO_POW_20 + (lo >>> 12) + 0.5) / TWO_POW_52;
}

/** -1, 0 or 1 as a is below, equal to or above b (unsigned 64-bit order). */
export function compare64(aHi: number, aLo: number, bHi: number, bLo: number): number {
  if (aHi !== bHi) return aHi < bHi ? -1 : 1;
  if (aLo !== bLo) return aLo < bLo ? -1 : 1;
  return 0;
}

/** The 64-bit value modulo m, for m < 2^26 (so every intermediate stays an exact double). */
export function mod64(hi: number, lo: number, m: number): number {
  const twoPow32ModM = 4294967296 % m;
  return ((hi % m) * twoPow32ModM + lo) % m;
}

/** A uniformly random 64-bit value from `random` (two draws), for picks without a key. */
export function randomHashInto(out: Hash64, random: () => number): Hash64 {
  out.hi = (random() * 4294967296) >>> 0;
  out.lo = (random() * 4294967296) >>> 0;
  return out;
}
