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
 * all in int32 arithmetic (hashing/xxh64.ts). An ASCII key shorter than 32 chars is hashed straight
 * from its char codes; any other key is encoded into a reused buffer first (hashing/utf8.ts).
 * Nothing is allocated.
 *
 * This module is the engine's hash API; the parts live in hashing/: the hash itself (xxh64.ts)
 * and what strategies derive from a hash (hash-units.ts).
 */

export { hash64, hash64Hex, hash64Into, hashBytes64, mixedUnit } from './hashing/xxh64';
export { compare64, mod64, randomHashInto, toHex, toOpenUnit, toUnit, type Hash64 } from './hashing/hash-units';
