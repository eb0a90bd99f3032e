/**
 * XXH64 (xxHash repository, `doc/xxhash_spec.md`, "XXH64 algorithm description") of a string's
 * UTF-8 bytes or of raw bytes, with a 32-bit seed; see hash.ts for the contract and test vectors.
 *
 * The running state lives in a typed array, and each step is a small function that reads it,
 * computes with the 64-bit helpers below inlined, and writes it back: a number passed to or returned
 * from a call that TurboFan did not inline may be boxed, which would cost more than the hash.
 * Steps take their input as 32-bit words, so the buffer path and the short-ASCII path (words made
 * straight from char codes, no encoding pass) run the very same steps.
 */
import { toHex, type Hash64 } from './hash-units';
import { utf8, utf8Buffer } from './utf8';


// 64-bit arithmetic on signed 32-bit halves, in this module because the hot path must call it
// directly: through an import, a module loader may turn every prime and helper into a getter call.
// The five XXH64 primes, as [hi, lo].
const P1H = 0x9e3779b1 | 0, P1L = 0x85ebca87 | 0;
const P2H = 0xc2b2ae3d | 0, P2L = 0x27d4eb4f | 0;
const P3H = 0x165667b1 | 0, P3L = 0x9e3779f9 | 0;
const P4H = 0x85ebca77 | 0, P4L = 0xc2b2ae63 | 0;
const P5H = 0x27d4eb2f | 0, P5L = 0x165667c5 | 0;

/** High half of the low 64 bits of a * b: al * bl in 16-bit limbs (exact), plus the cross terms. */
function mulHi(ah: number, al: number, bh: number, bl: number): number {
  const a0 = al & 0xffff, a1 = al >>> 16, b0 = bl & 0xffff, b1 = bl >>> 16;
  const p01 = Math.imul(a0, b1), p10 = Math.imul(a1, b0);
  const mid = (Math.imul(a0, b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (Math.imul(a1, b1) + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(ah, bl) + Math.imul(al, bh)) | 0;
}

/** Low half of a * b. */
function mulLo(al: number, bl: number): number {
  return Math.imul(al, bl);
}

/** High half of a + b (mod 2^64): the carry is whether the unsigned low sum wrapped. */
function addHi(ah: number, al: number, bh: number, bl: number): number {
  return (ah + bh + ((al + bl) >>> 0 < al >>> 0 ? 1 : 0)) | 0;
}

/** Low half of a + b. */
function addLo(al: number, bl: number): number {
  return (al + bl) | 0;
}

/** High half of rotl(a, r), 0 < r < 32; the low half is rotlHi(al, ah, r). */
function rotlHi(ah: number, al: number, r: number): number {
  return (ah << r) | (al >>> (32 - r));
}

// S = [h, l, v1h, v1l, v2h, v2l, v3h, v3l, v4h, v4l]
const S = new Int32Array(10);

/** Little-endian 32-bit word at i. */
function read32(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
}

/** XXH64_round on lane j (1..4): v = rotl(v + input * P2, 31) * P1, input = bytes[i..i+8). */
function laneRound(j: number, b: Uint8Array, i: number): void {
  const ah = S[2 * j], al = S[2 * j + 1];
  const ih = read32(b, i + 4), il = read32(b, i);
  const mh = mulHi(ih, il, P2H, P2L), ml = mulLo(il, P2L);
  const sh = addHi(ah, al, mh, ml), sl = addLo(al, ml);
  const th = rotlHi(sh, sl, 31), tl = rotlHi(sl, sh, 31);
  S[2 * j] = mulHi(th, tl, P1H, P1L);
  S[2 * j + 1] = mulLo(tl, P1L);
}

/** Starts the four lanes: v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1. */
function startLanes(seed: number): void {
  const ah = addHi(0, seed, P1H, P1L), al = addLo(seed, P1L);
  S[2] = addHi(ah, al, P2H, P2L); S[3] = addLo(al, P2L);
  S[4] = addHi(0, seed, P2H, P2L); S[5] = addLo(seed, P2L);
  S[6] = 0; S[7] = seed;
  const negH = ~P1H, negL = (~P1L + 1) | 0; // two's complement of P1 (P1L is not 0: no carry)
  S[8] = addHi(0, seed, negH, negL); S[9] = addLo(seed, negL);
}

/** h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18). */
function convergeLanes(): void {
  let h = rotlHi(S[2], S[3], 1), l = rotlHi(S[3], S[2], 1);
  let th = rotlHi(S[4], S[5], 7), tl = rotlHi(S[5], S[4], 7);
  let nh = addHi(h, l, th, tl); l = addLo(l, tl); h = nh;
  th = rotlHi(S[6], S[7], 12); tl = rotlHi(S[7], S[6], 12);
  nh = addHi(h, l, th, tl); l = addLo(l, tl); h = nh;
  th = rotlHi(S[8], S[9], 18); tl = rotlHi(S[9], S[8], 18);
  S[0] = addHi(h, l, th, tl); S[1] = addLo(l, tl);
}

/** XXH64_mergeRound of lane j into h: h = (h ^ round(0, v)) * P1 + P4. */
function mergeLane(j: number): void {
  const vh = S[2 * j], vl = S[2 * j + 1];
  const mh = mulHi(vh, vl, P2H, P2L), ml = mulLo(vl, P2L);
  const rh = rotlHi(mh, ml, 31), rl = rotlHi(ml, mh, 31);
  const xh = S[0] ^ mulHi(rh, rl, P1H, P1L), xl = S[1] ^ mulLo(rl, P1L);
  const th = mulHi(xh, xl, P1H, P1L), tl = mulLo(xl, P1L);
  S[0] = addHi(th, tl, P4H, P4L); S[1] = addLo(tl, P4L);
}

/** h = rotl(h ^ round(0, k64), 27) * P1 + P4, k64 = kh:kl (the next 8 bytes, little-endian). */
function step8(kh: number, kl: number): void {
  const mh = mulHi(kh, kl, P2H, P2L), ml = mulLo(kl, P2L);
  const rh = rotlHi(mh, ml, 31), rl = rotlHi(ml, mh, 31);
  const xh = S[0] ^ mulHi(rh, rl, P1H, P1L), xl = S[1] ^ mulLo(rl, P1L);
  const gh = rotlHi(xh, xl, 27), gl = rotlHi(xl, xh, 27);
  const th = mulHi(gh, gl, P1H, P1L), tl = mulLo(gl, P1L);
  S[0] = addHi(th, tl, P4H, P4L); S[1] = addLo(tl, P4L);
}

/** h = rotl(h ^ (k32 * P1), 23) * P2 + P3, k32 = the next 4 bytes, little-endian. */
function step4(k: number): void {
  const xh = S[0] ^ mulHi(0, k, P1H, P1L), xl = S[1] ^ mulLo(k, P1L);
  const gh = rotlHi(xh, xl, 23), gl = rotlHi(xl, xh, 23);
  const th = mulHi(gh, gl, P2H, P2L), tl = mulLo(gl, P2L);
  S[0] = addHi(th, tl, P3H, P3L); S[1] = addLo(tl, P3L);
}

/** h = rotl(h ^ (byte * P5), 11) * P1. k < 2^16, so k * P5L's high half comes from P5L's two 16-bit limbs in int32. */
function step1(k: number): void {
  const xh = S[0] ^ ((((Math.imul(k, P5L >>> 16) + (Math.imul(k, P5L & 0xffff) >>> 16)) >>> 16) + Math.imul(k, P5H)) | 0);
  const xl = S[1] ^ mulLo(k, P5L);
  const gh = rotlHi(xh, xl, 11), gl = rotlHi(xl, xh, 11);
  S[0] = mulHi(gh, gl, P1H, P1L); S[1] = mulLo(gl, P1L);
}

/** XXH64_avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32. */
function avalanche(): void {
  let h = S[0];
  let l = S[1] ^ (h >>> 1);
  const th = mulHi(h, l, P2H, P2L);
  l = mulLo(l, P2L);
  h = th;
  l ^= (l >>> 29) | (h << 3);
  h ^= h >>> 29;
  const fh = mulHi(h, l, P3H, P3L);
  S[0] = fh;
  S[1] = mulLo(l, P3L) ^ fh;
}

/** h = seed + P5 + len, the start of an input shorter than one stripe (32 bytes). */
function startShort(seed: number, len: number): void {
  const h = addHi(0, seed, P5H, P5L), l = addLo(seed, P5L);
  S[0] = addHi(h, l, 0, len);
  S[1] = addLo(l, len);
}

/** S[0]:S[1] = XXH64(bytes[0..len), seed), with a 32-bit seed (the 64-bit seed's high half is 0). */
function xxh64(b: Uint8Array, len: number, seed: number): void {
  let i = 0;
  if (len >= 32) {
    startLanes(seed);
    for (; i + 32 <= len; i += 32) {
      laneRound(1, b, i);
      laneRound(2, b, i + 8);
      laneRound(3, b, i + 16);
      laneRound(4, b, i + 24);
    }
    convergeLanes();
    for (let j = 1; j <= 4; j++) mergeLane(j);
    const l = S[1];
    S[0] = addHi(S[0], l, 0, len);
    S[1] = addLo(l, len);
  } else {
    startShort(seed, len);
  }
  for (; i + 8 <= len; i += 8) step8(read32(b, i + 4), read32(b, i));
  if (i + 4 <= len) {
    step4(read32(b, i));
    i += 4;
  }
  for (; i < len; i++) step1(b[i]);
  avalanche();
}

/**
 * S[0]:S[1] = XXH64(s, 0) when `s` is ASCII and shorter than 32 chars (its UTF-8 bytes are its
 * char codes): the words are read straight from the char codes. Returns false if some char is not
 * ASCII (S then holds garbage); the caller takes the buffer path, which starts S afresh.
 */
function shortAscii(s: string, n: number): boolean {
  startShort(0, n);
  let acc = 0;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const c0 = s.charCodeAt(i), c1 = s.charCodeAt(i + 1), c2 = s.charCodeAt(i + 2), c3 = s.charCodeAt(i + 3);
    const c4 = s.charCodeAt(i + 4), c5 = s.charCodeAt(i + 5), c6 = s.charCodeAt(i + 6), c7 = s.charCodeAt(i + 7);
    acc |= c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7;
    step8(c4 | (c5 << 8) | (c6 << 16) | (c7 << 24), c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
  }
  if (i + 4 <= n) {
    const c0 = s.charCodeAt(i), c1 = s.charCodeAt(i + 1), c2 = s.charCodeAt(i + 2), c3 = s.charCodeAt(i + 3);
    acc |= c0 | c1 | c2 | c3;
    step4(c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
    i += 4;
  }
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    acc |= c;
    step1(c);
  }
  if (acc > 0x7f) return false;
  avalanche();
  return true;
}

/**
 * toOpenUnit(avalanche(aHi:aLo ^ bHi:bLo)): a uniform draw in (0, 1) that is a fixed function of
 * two 64-bit hashes, for "hash(key, id)" in rendezvous hashing without hashing a string per pair.
 * Pure (locals only), so it inlines into the caller's loop; here, not in hash-units.ts, so it calls
 * the multiplication helpers directly.
 */
export function mixedUnit(aHi: number, aLo: number, bHi: number, bLo: number): number {
  let h = aHi ^ bHi;
  let l = (aLo ^ bLo) ^ (h >>> 1);
  let th = mulHi(h, l, P2H, P2L);
  l = mulLo(l, P2L);
  h = th;
  l ^= (l >>> 29) | (h << 3);
  h ^= h >>> 29;
  th = mulHi(h, l, P3H, P3L);
  l = mulLo(l, P3L) ^ th;
  return ((th >>> 0) * 1048576 + (l >>> 12) + 0.5) / 4503599627370496; // toOpenUnit;
}

function checkSeed(seed: number): void {
  if (!(seed >= 0 && seed <= 0xffffffff && Number.isInteger(seed))) {
    throw new RangeError(`hash seed must be an integer in [0, 2^32), got ${seed}`);
  }
}

/** XXH64 of the UTF-8 bytes of `key`, written into `out` (no allocation). Seed: a uint32. */
export function hash64Into(out: Hash64, key: string, seed = 0): Hash64 {
  if (seed !== 0) checkSeed(seed);
  const n = key.length;
  if (seed !== 0 || n >= 32 || !shortAscii(key, n)) {
    const len = utf8(key); // first: it may replace the buffer
    xxh64(utf8Buffer, len, seed);
  }
  out.hi = S[0] >>> 0;
  out.lo = S[1] >>> 0;
  return out;
}

/** XXH64 of the UTF-8 bytes of `key`. */
export function hash64(key: string, seed = 0): Hash64 {
  return hash64Into({ hi: 0, lo: 0 }, key, seed);
}

/** XXH64 of raw bytes (for interoperability tests against other implementations). */
export function hashBytes64(bytes: Uint8Array, seed = 0): Hash64 {
  checkSeed(seed);
  xxh64(bytes, bytes.length, seed);
  return { hi: S[0] >>> 0, lo: S[1] >>> 0 };
}

/** The hash as 16 lowercase hex digits, as `xxhsum` prints it. */
export function hash64Hex(key: string, seed = 0): string {
  const { hi, lo } = hash64(key, seed);
  return toHex(hi, lo);
}
