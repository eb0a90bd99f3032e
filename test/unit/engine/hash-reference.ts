/**
 * Slow, obviously-correct references for the hash tests, written straight from the specs with
 * BigInt and sharing no code with src/engine: XXH64 (xxHash `doc/xxhash_spec.md`), the ketama ring
 * lookup (first point at or after the hash, wrapping), Maglev's Pseudocode 1 (NSDI 2016, §3.4) for
 * equal weights, and weighted HRW.
 */
const M64 = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M64;
const round = (acc: bigint, input: bigint): bigint => (rotl((acc + input * P2) & M64, 31n) * P1) & M64;
const merge = (acc: bigint, v: bigint): bigint => (((acc ^ round(0n, v)) * P1 + P4) & M64);

function le(bytes: Uint8Array, i: number, n: number): bigint {
  let v = 0n;
  for (let k = n - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[i + k]);
  return v;
}

export function avalancheRef(h: bigint): bigint {
  h ^= h >> 33n;
  h = (h * P2) & M64;
  h ^= h >> 29n;
  h = (h * P3) & M64;
  return h ^ (h >> 32n);
}

export function xxh64Ref(bytes: Uint8Array, seed = 0n): bigint {
  const len = bytes.length;
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (seed + P1 + P2) & M64, v2 = (seed + P2) & M64, v3 = seed, v4 = (seed - P1) & M64;
    for (; i + 32 <= len; i += 32) {
      v1 = round(v1, le(bytes, i, 8));
      v2 = round(v2, le(bytes, i + 8, 8));
      v3 = round(v3, le(bytes, i + 16, 8));
      v4 = round(v4, le(bytes, i + 24, 8));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M64;
    h = merge(merge(merge(merge(h, v1), v2), v3), v4);
  } else {
    h = (seed + P5) & M64;
  }
  h = (h + BigInt(len)) & M64;
  for (; i + 8 <= len; i += 8) h = ((rotl(h ^ round(0n, le(bytes, i, 8)), 27n) * P1 + P4) & M64);
  if (i + 4 <= len) {
    h = ((rotl(h ^ ((le(bytes, i, 4) * P1) & M64), 23n) * P2 + P3) & M64);
    i += 4;
  }
  for (; i < len; i++) h = (rotl(h ^ ((BigInt(bytes[i]) * P5) & M64), 11n) * P1) & M64;
  return avalancheRef(h);
}

export const xxh64Str = (s: string, seed = 0n): bigint => xxh64Ref(new TextEncoder().encode(s), seed);

/** Owner id of `key` on a ring of points `${id}-${i}` (counts per id), by a linear scan. */
export function ringOwnerRef(points: Map<string, number>, key: string): string {
  const k = xxh64Str(key);
  let best: { h: bigint; id: string } | undefined;
  let lowest: { h: bigint; id: string } | undefined;
  for (const [id, count] of points) {
    for (let i = 0; i < count; i++) {
      const h = xxh64Str(`${id}-${i}`);
      if (!lowest || h < lowest.h) lowest = { h, id };
      if (h >= k && (!best || h < best.h)) best = { h, id };
    }
  }
  return (best ?? lowest!).id;
}

/** Maglev table (Pseudocode 1) over ids taking turns in the given order, equal weights. */
export function maglevTableRef(ids: readonly string[], m: number): string[] {
  const M = BigInt(m);
  const offset = ids.map((id) => xxh64Str(id, 1n) % M);
  const skip = ids.map((id) => (xxh64Str(id, 2n) % (M - 1n)) + 1n);
  const next = ids.map(() => 0n);
  const entry: (string | undefined)[] = new Array(m).fill(undefined);
  let n = 0;
  for (;;) {
    for (let i = 0; i < ids.length; i++) {
      let c = Number((offset[i] + next[i] * skip[i]) % M);
      while (entry[c] !== undefined) {
        next[i]++;
        c = Number((offset[i] + next[i] * skip[i]) % M);
      }
      entry[c] = ids[i];
      next[i]++;
      if (++n === m) return entry as string[];
    }
  }
}

/** Weighted HRW: the id with the highest w / -ln(u), u from the top 52 bits of avalanche(h(key) ^ h(id)). */
export function rendezvousOwnerRef(endpoints: readonly { id: string; weight: number }[], key: string): string {
  const k = xxh64Str(key);
  let best = '';
  let bestScore = -1;
  for (const e of [...endpoints].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const m = avalancheRef(k ^ xxh64Str(e.id));
    const u = (Number(m >> 12n) + 0.5) / 2 ** 52;
    const score = e.weight / -Math.log(u);
    if (score > bestScore) {
      bestScore = score;
      best = e.id;
    }
  }
  return best;
}
