/**
 * The one hash of the engine: xxHash64 (Yann Collet, XXH64 as specified in the xxHash repository's
 * `doc/xxhash_spec.md`, "XXH64 algorithm description"), over the UTF-8 bytes of a key, seed 0
 * unless a strategy says otherwise. Non-cryptographic, fixed forever: a key lands on the same
 * endpoint in every process and every release, and any other XXH64 implementation agrees.
 *
 * Test vectors (seed 0, from the reference implementation; checked in test/unit/engine/hash.test.ts):
 *   ""               -> ef46db3751d8e999
 *   "a"              -> d24ec4f1a98c6e5b
 *   "abc"            -> 44bc2cf5ad770999
 *   "message digest" -> 066ed728fceeb3be
 *   "Nobody inspects the spammish repetition" (39 bytes, the 32-byte stripe path) -> fbcea83c8a378bf1
 *
 * 64-bit values travel as two 32-bit halves (`hi`, `lo`; unsigned in the API) so the hot path needs
 * no BigInt: multiplication in 16-bit limbs with Math.imul, rotations and shifts across the halves,
 * all in int32 arithmetic. An ASCII key shorter than 32 chars is hashed straight from its char codes
 * (shortAscii); any other key is encoded into a reused buffer first. Nothing is allocated.
 */

/** A 64-bit value as two unsigned 32-bit halves: value = hi * 2^32 + lo. */
export interface Hash64 {
  hi: number;
  lo: number;
}

// The five XXH64 primes, as [hi, lo].
const P1H = 0x9e3779b1 | 0, P1L = 0x85ebca87 | 0;
const P2H = 0xc2b2ae3d | 0, P2L = 0x27d4eb4f | 0;
const P3H = 0x165667b1 | 0, P3L = 0x9e3779f9 | 0;
const P4H = 0x85ebca77 | 0, P4L = 0xc2b2ae63 | 0;
const P5H = 0x27d4eb2f | 0, P5L = 0x165667c5 | 0;

// The arithmetic is in small pure functions of signed 32-bit halves that TurboFan inlines and
// compiles to plain 32-bit instructions: every intermediate stays an int32 (Math.imul, `| 0`), so
// nothing is ever converted to a double or boxed. Halves are made unsigned only on the way out.

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

/** Little-endian 32-bit word at i. */
function read32(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
}

// The running state lives in a typed array, and each step below is a small function that reads
// it, computes with the helpers above inlined, and writes it back: a number passed to or returned from a
// call that TurboFan did not inline may be boxed, which would cost more than the hash.
// S = [h, l, v1h, v1l, v2h, v2l, v3h, v3l, v4h, v4l]
const S = new Int32Array(10);

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

/** h = rotl(h ^ round(0, k64), 27) * P1 + P4, k64 = bytes[i..i+8). */
function step8(b: Uint8Array, i: number): void {
  const kh = read32(b, i + 4), kl = read32(b, i);
  const mh = mulHi(kh, kl, P2H, P2L), ml = mulLo(kl, P2L);
  const rh = rotlHi(mh, ml, 31), rl = rotlHi(ml, mh, 31);
  const xh = S[0] ^ mulHi(rh, rl, P1H, P1L), xl = S[1] ^ mulLo(rl, P1L);
  const gh = rotlHi(xh, xl, 27), gl = rotlHi(xl, xh, 27);
  const th = mulHi(gh, gl, P1H, P1L), tl = mulLo(gl, P1L);
  S[0] = addHi(th, tl, P4H, P4L); S[1] = addLo(tl, P4L);
}

/** h = rotl(h ^ (k32 * P1), 23) * P2 + P3, k32 = bytes[i..i+4). */
function step4(b: Uint8Array, i: number): void {
  const k = read32(b, i);
  const xh = S[0] ^ mulHi(0, k, P1H, P1L), xl = S[1] ^ mulLo(k, P1L);
  const gh = rotlHi(xh, xl, 23), gl = rotlHi(xl, xh, 23);
  const th = mulHi(gh, gl, P2H, P2L), tl = mulLo(gl, P2L);
  S[0] = addHi(th, tl, P3H, P3L); S[1] = addLo(tl, P3L);
}

/** h = rotl(h ^ (byte * P5), 11) * P1. byte < 2^8, so byte * P5L's high half comes from P5L's two 16-bit limbs in int32. */
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
  } else {
    S[0] = addHi(0, seed, P5H, P5L);
    S[1] = addLo(seed, P5L);
  }
  const l = S[1];
  S[0] = addHi(S[0], l, 0, len);
  S[1] = addLo(l, len);
  for (; i + 8 <= len; i += 8) step8(b, i);
  if (i + 4 <= len) {
    step4(b, i);
    i += 4;
  }
  for (; i < len; i++) step1(b[i]);
  avalanche();
}

// Reused UTF-8 buffer; grows to the longest key seen.
let buf = new Uint8Array(256);

/**
 * Writes the UTF-8 bytes of `s` into `buf` and returns their count. Lone surrogates become
 * U+FFFD, as `TextEncoder` does, so the bytes always equal `Buffer.from(s, 'utf8')`.
 */
function utf8(s: string): number {
  if (s.length * 3 > buf.length) buf = new Uint8Array(Math.max(s.length * 3, buf.length * 2));
  const b = buf;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      b[n++] = c;
    } else if (c < 0x800) {
      b[n++] = 0xc0 | (c >> 6);
      b[n++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          b[n++] = 0xf0 | (c >> 18);
          b[n++] = 0x80 | ((c >> 12) & 0x3f);
          b[n++] = 0x80 | ((c >> 6) & 0x3f);
          b[n++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      b[n++] = 0xe0 | (c >> 12);
      b[n++] = 0x80 | ((c >> 6) & 0x3f);
      b[n++] = 0x80 | (c & 0x3f);
    }
  }
  return n;
}

/**
 * S[0]:S[1] = XXH64(key, 0) when `key` is ASCII and shorter than 32 chars (its UTF-8 bytes are its
 * char codes), reading the char codes straight into the 8-, 4- and 1-byte steps: no buffer pass.
 * Returns false (S untouched) if some char is not ASCII; the caller then takes the buffer path.
 * The same steps as xxh64() below, written out in locals with the 64-bit products by the primes
 * expanded (16-bit limbs of the primes' low halves as literals), so nothing depends on inlining.
 */
function shortAscii(s: string, n: number): boolean {
  let h = 0x27d4eb2f | 0; // P5 + len: P5L + n < 2^32, no carry
  let l = (0x165667c5 + n) | 0;
  let acc = 0;
  let a0 = 0, a1 = 0, x = 0, y = 0, z = 0, m = 0, g = 0, t = 0, kh = 0, kl = 0;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const c0 = s.charCodeAt(i), c1 = s.charCodeAt(i + 1), c2 = s.charCodeAt(i + 2), c3 = s.charCodeAt(i + 3);
    const c4 = s.charCodeAt(i + 4), c5 = s.charCodeAt(i + 5), c6 = s.charCodeAt(i + 6), c7 = s.charCodeAt(i + 7);
    acc |= c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7;
    kl = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
    kh = c4 | (c5 << 8) | (c6 << 16) | (c7 << 24);
    // kh:kl = kh:kl * P2
    a0 = kl & 0xffff; a1 = kl >>> 16;
    x = Math.imul(a0, 0xeb4f); y = Math.imul(a0, 0x27d4); z = Math.imul(a1, 0xeb4f);
    m = (x >>> 16) + (y & 0xffff) + (z & 0xffff);
    kh = (Math.imul(a1, 0x27d4) + (y >>> 16) + (z >>> 16) + (m >>> 16) + Math.imul(kl, 0xc2b2ae3d) + Math.imul(kh, 0x27d4eb4f)) | 0;
    kl = Math.imul(kl, 0x27d4eb4f);
    g = (kh << 31) | (kl >>> 1); kl = (kl << 31) | (kh >>> 1); kh = g; // rotl 31
    // kh:kl = kh:kl * P1
    a0 = kl & 0xffff; a1 = kl >>> 16;
    x = Math.imul(a0, 0xca87); y = Math.imul(a0, 0x85eb); z = Math.imul(a1, 0xca87);
    m = (x >>> 16) + (y & 0xffff) + (z & 0xffff);
    kh = (Math.imul(a1, 0x85eb) + (y >>> 16) + (z >>> 16) + (m >>> 16) + Math.imul(kl, 0x9e3779b1) + Math.imul(kh, 0x85ebca87)) | 0;
    kl = Math.imul(kl, 0x85ebca87);
    h ^= kh;
    l ^= kl;
    g = (h << 27) | (l >>> 5); l = (l << 27) | (h >>> 5); h = g; // rotl 27
    // h:l = h:l * P1
    a0 = l & 0xffff; a1 = l >>> 16;
    x = Math.imul(a0, 0xca87); y = Math.imul(a0, 0x85eb); z = Math.imul(a1, 0xca87);
    m = (x >>> 16) + (y & 0xffff) + (z & 0xffff);
    h = (Math.imul(a1, 0x85eb) + (y >>> 16) + (z >>> 16) + (m >>> 16) + Math.imul(l, 0x9e3779b1) + Math.imul(h, 0x85ebca87)) | 0;
    l = Math.imul(l, 0x85ebca87);
    t = (l + 0xc2b2ae63) | 0; h = (h + 0x85ebca77 + ((t >>> 0) < (l >>> 0) ? 1 : 0)) | 0; l = t; // + P4
  }
  if (i + 4 <= n) {
    const c0 = s.charCodeAt(i), c1 = s.charCodeAt(i + 1), c2 = s.charCodeAt(i + 2), c3 = s.charCodeAt(i + 3);
    acc |= c0 | c1 | c2 | c3;
    kl = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
    kh = 0;
    // kh:kl = kh:kl * P1
    a0 = kl & 0xffff; a1 = kl >>> 16;
    x = Math.imul(a0, 0xca87); y = Math.imul(a0, 0x85eb); z = Math.imul(a1, 0xca87);
    m = (x >>> 16) + (y & 0xffff) + (z & 0xffff);
    kh = (Math.imul(a1, 0x85eb) + (y >>> 16) + (z >>> 16) + (m >>> 16) + Math.imul(kl, 0x9e3779b1) + Math.imul(kh, 0x85ebca87)) | 0;
    kl = Math.imul(kl, 0x85ebca87);
    h ^= kh;
    l ^= kl;
    g = (h << 23) | (l >>> 9); l = (l << 23) | (h >>> 9); h = g; // rotl 23
    // h:l = h:l * P2
    a0 = l & 0xffff; a1 = l >>> 16;
    x = Math.imul(a0, 0xeb4f); y = Math.imul(a0, 0x27d4); z = Math.imul(a1, 0xeb4f);
    m = (x >>> 16) + (y & 0xffff) + (z & 0xffff);
    h = (Math.imul(a1, 0x27d4) + (y >>> 16) + (z >>> 16) + (m >>> 16) + Math.imul(l, 0xc2b2ae3d) + Math.imul(h, 0x27d4eb4f)) | 0;
    l = Math.imul(l, 0x27d4eb4f);
    t = (l + 0x9e3779f9) | 0; h = (h + 0x165667b1 + ((t >>> 0) < (l >>> 0) ? 1 : 0)) | 0; l = t; // + P3
    i += 4;
  }
  for (; i < n; i++) {
    const c = s.charCodeAt(i); // < 2^16, so c * P5L's high half is exact from two 16-bit limbs
    acc |= c;
    h ^= ((Math.imul(c, 0x1656) + (Math.imul(c, 0x67c5) >>> 16)) >>> 16) + Math.imul(c, 0x27d4eb2f);
    l ^= Math.imul(c, 0x165667c5);
    g = (h << 11) | (l >>> 21); l = (l << 11) | (h >>> 21); h = g; // rotl 11
    // h:l = h:l * P1
    a0 = l & 0xffff; a1 = l >>> 16;
    x = Math.imul(a0, 0xca87); y = Math.imul(a0, 0x85eb); z = Math.imul(a1, 0xca87);
    m = (x >>> 16) + (y & 0xffff) + (z & 0xffff);
    h = (Math.imul(a1, 0x85eb) + (y >>> 16) + (z >>> 16) + (m >>> 16) + Math.imul(l, 0x9e3779b1) + Math.imul(h, 0x85ebca87)) | 0;
    l = Math.imul(l, 0x85ebca87);
  }
  if (acc > 0x7f) return false;
  // avalanche
  l ^= h >>> 1;
  // h:l = h:l * P2
  a0 = l & 0xffff; a1 = l >>> 16;
  x = Math.imul(a0, 0xeb4f); y = Math.imul(a0, 0x27d4); z = Math.imul(a1, 0xeb4f);
  m = (x >>> 16) + (y & 0xffff) + (z & 0xffff);
  h = (Math.imul(a1, 0x27d4) + (y >>> 16) + (z >>> 16) + (m >>> 16) + Math.imul(l, 0xc2b2ae3d) + Math.imul(h, 0x27d4eb4f)) | 0;
  l = Math.imul(l, 0x27d4eb4f);
  l ^= (l >>> 29) | (h << 3);
  h ^= h >>> 29;
  // h:l = h:l * P3
  a0 = l & 0xffff; a1 = l >>> 16;
  x = Math.imul(a0, 0x79f9); y = Math.imul(a0, 0x9e37); z = Math.imul(a1, 0x79f9);
  m = (x >>> 16) + (y & 0xffff) + (z & 0xffff);
  h = (Math.imul(a1, 0x9e37) + (y >>> 16) + (z >>> 16) + (m >>> 16) + Math.imul(l, 0x165667b1) + Math.imul(h, 0x9e3779f9)) | 0;
  l = Math.imul(l, 0x9e3779f9);
  S[0] = h;
  S[1] = l ^ h;
  return true;
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
    const len = utf8(key); // first: it may replace `buf`
    xxh64(buf, len, seed);
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

/**
 * toOpenUnit(avalanche(aHi:aLo ^ bHi:bLo)): a uniform draw in (0, 1) that is a fixed function of
 * two 64-bit hashes, for "hash(key, id)" in rendezvous hashing without hashing a string per pair.
 * Pure (locals only), so it inlines into the caller's loop.
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
  return ((th >>> 0) * TWO_POW_20 + (l >>> 12) + 0.5) / TWO_POW_52;
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
