import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  compare64,
  hash64,
  hash64Hex,
  hashBytes64,
  mixedUnit,
  mod64,
  randomHashInto,
  toHex,
  toOpenUnit,
  toUnit,
} from '../../../src/engine/hash';
import { avalancheRef, xxh64Ref } from './hash-reference';

// Any UTF-16 string: ASCII, BMP (lone surrogates included) and astral code points mixed.
// (fast-check's own `unit: 'binary'` strings take seconds to generate.)
const anyString = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xffff }), fc.integer({ min: 0x10000, max: 0x10ffff })), { maxLength: 40 })
  .map((cps) => cps.map((c) => (c > 0xffff ? String.fromCodePoint(c) : String.fromCharCode(c))).join(''));

const big = (h: { hi: number; lo: number }): bigint => (BigInt(h.hi) << 32n) | BigInt(h.lo);

describe('engine/hash: xxHash64', () => {
  // Published XXH64 vectors (seed 0): the xxHash reference implementation, also in Zig's std and python-xxhash docs.
  const vectors: [string, string][] = [
    ['', 'ef46db3751d8e999'],
    ['a', 'd24ec4f1a98c6e5b'],
    ['abc', '44bc2cf5ad770999'],
    ['message digest', '066ed728fceeb3be'],
    ['abcdefghijklmnopqrstuvwxyz', 'cfe1f278fa89835c'],
    ['Nobody inspects the spammish repetition', 'fbcea83c8a378bf1'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'aaa46907d3047814'],
    ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', 'e04a477f19ee145d'],
  ];
  for (const [input, hex] of vectors) {
    it(`XXH64(${JSON.stringify(input.length > 20 ? input.slice(0, 17) + '...' : input)}) = ${hex}`, () => {
      assert.equal(hash64Hex(input), hex);
    });
  }

  it('matches published seeded vectors', () => {
    assert.equal(hash64Hex('abc', 12345), '01700e64f6f23509');
    assert.equal(hash64Hex('Nobody inspects the spammish repetition', 1234), '55e30cd248a5419f');
  });

  it('hashes the UTF-8 bytes of the key (multi-byte, astral, lone surrogates as U+FFFD)', () => {
    for (const s of ['é', '€uro', 'ключ', '🔑-key', 'a\ud800b', '\udc00', 'x'.repeat(1000) + '✓']) {
      assert.equal(big(hash64(s)), xxh64Ref(Buffer.from(s, 'utf8')), s.slice(0, 10));
    }
  });

  it('agrees with a BigInt transcription of the spec on any bytes and seed (fast-check, 500 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.nat({ max: 0xffffffff }), (bytes, seed) => {
        assert.equal(big(hashBytes64(bytes, seed)), xxh64Ref(bytes, BigInt(seed)));
      }),
      { numRuns: 500, seed: 102 },
    );
  });

  it('agrees with Buffer UTF-8 encoding on any string (fast-check, 500 runs)', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        assert.equal(big(hash64(s)), xxh64Ref(Buffer.from(s, 'utf8')));
      }),
      { numRuns: 500, seed: 103 },
    );
  });

  it('agrees with the reference on ASCII keys of every length 0..40, and with one non-ASCII char at each position', () => {
    // Short ASCII keys take a path that reads char codes directly; a non-ASCII char falls back to the buffer.
    const ascii = 'user:0123456789/ABCDEFGHIJKLMNOPQRSTUVWXYZ~\x7f';
    for (let n = 0; n <= 40; n++) {
      const s = ascii.slice(0, n);
      assert.equal(big(hash64(s)), xxh64Ref(Buffer.from(s, 'utf8')), `length ${n}`);
      for (let i = 0; i < n; i++) {
        for (const c of ['\x80', '\u00ff', '\u20ac', '\ud83d']) {
          const t = s.slice(0, i) + c + s.slice(i + 1);
          assert.equal(big(hash64(t)), xxh64Ref(Buffer.from(t, 'utf8')), `length ${n}, ${JSON.stringify(c)} at ${i}`);
        }
      }
    }
  });

  it('agrees with the reference on ASCII strings (fast-check, 500 runs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 40 }), (s) => {
        assert.equal(big(hash64(s)), xxh64Ref(Buffer.from(s, 'utf8')));
      }),
      { numRuns: 500, seed: 104 },
    );
  });

  it('rejects a seed that is not a uint32', () => {
    assert.throws(() => hash64('a', -1), /seed must be an integer in \[0, 2\^32\), got -1/);
    assert.throws(() => hash64('a', 1.5), /got 1.5/);
    assert.throws(() => hash64('a', 2 ** 32), /got 4294967296/);
  });
});

describe('engine/hash: helpers', () => {
  it('toUnit maps 64-bit values into [0, 1), monotonically, never reaching 1', () => {
    assert.equal(toUnit(0, 0), 0);
    assert.equal(toUnit(0x80000000, 0), 0.5);
    assert.ok(toUnit(0xffffffff, 0xffffffff) < 1);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (a, b) => {
        const ua = toUnit(Number(a >> 32n), Number(a & 0xffffffffn));
        const ub = toUnit(Number(b >> 32n), Number(b & 0xffffffffn));
        assert.ok(ua >= 0 && ua < 1);
        if (a <= b) assert.ok(ua <= ub);
      }),
      { numRuns: 300, seed: 105 },
    );
  });

  it('toOpenUnit stays strictly inside (0, 1)', () => {
    assert.ok(toOpenUnit(0, 0) > 0);
    assert.ok(toOpenUnit(0xffffffff, 0xffffffff) < 1);
    assert.ok(Number.isFinite(Math.log(toOpenUnit(0, 0))));
  });

  it('compare64 orders unsigned 64-bit values like BigInt', () => {
    assert.equal(compare64(1, 0, 0, 0xffffffff), 1);
    assert.equal(compare64(0x80000000, 0, 0x7fffffff, 0xffffffff), 1);
    assert.equal(compare64(5, 6, 5, 6), 0);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (a, b) => {
        const c = compare64(Number(a >> 32n), Number(a & 0xffffffffn), Number(b >> 32n), Number(b & 0xffffffffn));
        assert.equal(c, a < b ? -1 : a > b ? 1 : 0);
      }),
      { seed: 106 },
    );
  });

  it('mod64 equals the BigInt remainder for moduli below 2^26', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 2 ** 26 - 1 }), (x, m) => {
        assert.equal(mod64(Number(x >> 32n), Number(x & 0xffffffffn), m), Number(x % BigInt(m)));
      }),
      { numRuns: 500, seed: 107 },
    );
  });

  it('mixedUnit is the top 52 bits of avalanche(a ^ b), centred in (0, 1)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (a, b) => {
        const got = mixedUnit(Number(a >> 32n), Number(a & 0xffffffffn), Number(b >> 32n), Number(b & 0xffffffffn));
        assert.equal(got, (Number(avalancheRef(a ^ b) >> 12n) + 0.5) / 2 ** 52);
      }),
      { numRuns: 300, seed: 108 },
    );
  });

  it('randomHashInto draws both halves from the injected random', () => {
    const draws = [0.5, 0.25];
    const h = randomHashInto({ hi: 0, lo: 0 }, () => draws.shift()!);
    assert.equal(toHex(h.hi, h.lo), '8000000040000000');
  });

  it('spreads sequential keys evenly over 64 buckets (100,000 keys, chi-square below the 0.999 quantile)', () => {
    const counts = new Array(64).fill(0);
    for (let i = 0; i < 100_000; i++) counts[hash64(`key-${i}`).hi >>> 26]++;
    const expected = 100_000 / 64;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    assert.ok(chi2 < 103.4, `chi2 ${chi2.toFixed(1)}`); // 63 degrees of freedom, p = 0.001
  });
});
