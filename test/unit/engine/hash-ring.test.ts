import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Ring } from '../../../src/engine/hashing/ring';

/** A ring from [position as bigint, owner] pairs. */
function ring(points: [bigint, number][], endpoints: number): Ring {
  const hi = Uint32Array.from(points, ([p]) => Number(p >> 32n));
  const lo = Uint32Array.from(points, ([p]) => Number(p & 0xffffffffn));
  return new Ring(hi, lo, Uint32Array.from(points, ([, o]) => o), endpoints);
}

const split = (x: bigint): [number, number] => [Number(x >> 32n), Number(x & 0xffffffffn)];

describe('engine/ring', () => {
  const r = ring(
    [
      [0x8000000000000000n, 2],
      [0x1000n, 0],
      [0xffff000000000000n, 1],
      [0x8000000000000001n, 0],
      [0x7fffffffffffffffn, 1],
    ],
    3,
  );

  it('sorts the points and answers the owner of the first point at or after the hash', () => {
    assert.equal(r.chooseHost(...split(0n)), 0);
    assert.equal(r.chooseHost(...split(0x1000n)), 0);
    assert.equal(r.chooseHost(...split(0x1001n)), 1);
    assert.equal(r.chooseHost(...split(0x8000000000000000n)), 2);
    assert.equal(r.chooseHost(...split(0x8000000000000001n)), 0);
    assert.equal(r.chooseHost(...split(0x8000000000000002n)), 1);
  });

  it('wraps past the last point to the first', () => {
    assert.equal(r.chooseHost(...split(0xffff000000000001n)), 0);
    assert.equal(r.chooseHost(...split(0xffffffffffffffffn)), 0);
  });

  it('walks distinct owners clockwise, each once', () => {
    const seen: number[] = [];
    const got = r.walk(...split(0x7000000000000000n), (o) => {
      seen.push(o);
      return false;
    });
    assert.equal(got, -1);
    assert.deepEqual(seen, [1, 2, 0]);
    assert.equal(r.walk(...split(0x7000000000000000n), (o) => o === 0), 0);
  });

  it('lays out positions in [0, 1) ascending with their owners', () => {
    const l = r.layout(['x', 'y', 'z']);
    assert.equal(l.kind, 'ring');
    if (l.kind !== 'ring') return;
    assert.deepEqual([...l.owners], [0, 1, 2, 0, 1]);
    assert.deepEqual([...l.positions], [2 ** -52, 0.5 - 2 ** -53, 0.5, 0.5, 0xffff / 0x10000]);
  });

  it('answers -1 when empty', () => {
    const empty = ring([], 0);
    assert.equal(empty.chooseHost(1, 2), -1);
    assert.equal(empty.walk(1, 2, () => true), -1);
  });

  it('agrees with a linear scan over sorted BigInts (fast-check, 200 rings)', () => {
    const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    fc.assert(
      fc.property(fc.array(u64, { minLength: 1, maxLength: 60 }), fc.array(u64, { maxLength: 20 }), (positions, probes) => {
        const pts = positions.map((p, i): [bigint, number] => [p, i % 4]);
        const rr = ring(pts, 4);
        const sorted = [...pts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        for (const q of [...probes, ...positions]) {
          const hit = sorted.find(([p]) => p >= q) ?? sorted[0];
          // Equal positions: the stable sort keeps input order, so the first listed wins.
          assert.equal(rr.chooseHost(...split(q)), hit[1]);
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
