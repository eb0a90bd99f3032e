import { strict as assert } from 'node:assert';
import { changedArcs, downsample, downsampleArcs, lengthOf, ringSegments, spaceByOwner, tableSegments } from '../../../src/webview/model/ring-segments';

const id = (o: number) => o;

describe('webview ring segments', () => {
  it('gives each ring point the span up to it from the previous point, the wrap to the first point', () => {
    // Points at 0.1 (A), 0.4 (B), 0.7 (A): A owns (0.7, 1) + [0, 0.1] and (0.4, 0.7]; B owns (0.1, 0.4].
    const s = ringSegments(Float64Array.of(0.1, 0.4, 0.7), Uint32Array.of(0, 1, 0), id);
    assert.deepEqual([...s.starts], [0, 0.1, 0.4]);
    assert.deepEqual([...s.owners], [0, 1, 0]);
    const space = spaceByOwner(s, 2);
    assert.ok(Math.abs(space[0] - 0.7) < 1e-12);
    assert.ok(Math.abs(space[1] - 0.3) < 1e-12);
  });

  it('merges neighbouring points of one owner and maps owners through the index', () => {
    const s = ringSegments(Float64Array.of(0.2, 0.3, 0.5, 0.9), Uint32Array.of(1, 1, 0, 0), (o) => (o === 0 ? 7 : 3));
    assert.deepEqual([...s.starts], [0, 0.3, 0.9]);
    assert.deepEqual([...s.owners], [3, 7, 3]);
  });

  it('lays a table out as equal cells', () => {
    const s = tableSegments(Uint32Array.of(0, 0, 1, 2, 2, 0, 1, 1), id);
    assert.deepEqual([...s.starts], [0, 2 / 8, 3 / 8, 5 / 8, 6 / 8]);
    assert.deepEqual([...s.owners], [0, 1, 2, 0, 1]);
    assert.deepEqual([...spaceByOwner(s, 3)], [3 / 8, 3 / 8, 2 / 8]);
  });

  it('finds exactly the pieces that change owner', () => {
    const before = tableSegments(Uint32Array.of(0, 1, 2, 0, 1, 2, 0, 1), id);
    const after = tableSegments(Uint32Array.of(0, 1, 0, 0, 1, 1, 0, 1), id);
    const changed = changedArcs(before, after);
    assert.deepEqual([...changed.starts], [2 / 8, 5 / 8]);
    assert.deepEqual([...changed.ends], [3 / 8, 6 / 8]);
    assert.deepEqual([...changed.owners], [0, 1]);
    assert.equal(lengthOf(changed), 2 / 8);
    assert.equal(changedArcs(before, before).starts.length, 0);
  });

  it('draws few segments exactly and many in at most `max` arcs', () => {
    const few = tableSegments(Uint32Array.of(0, 1, 0, 1), id);
    const exact = downsample(few, 10);
    assert.deepEqual([...exact.starts], [0, 0.25, 0.5, 0.75]);
    assert.deepEqual([...exact.ends], [0.25, 0.5, 0.75, 1]);

    const owners = Uint32Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 13);
    const many = tableSegments(owners, id);
    const drawn = downsample(many, 512);
    assert.ok(drawn.starts.length <= 512, `${drawn.starts.length} arcs`);
    assert.equal(drawn.starts[0], 0);
    assert.equal(drawn.ends[drawn.ends.length - 1], 1);
    for (let i = 1; i < drawn.starts.length; i++) assert.equal(drawn.starts[i], drawn.ends[i - 1], 'arcs tile the circle');
  });

  it('keeps a scattered change visible when downsampling it', () => {
    const starts = Float64Array.from({ length: 5000 }, (_, i) => i / 5000);
    const arcs = { starts, ends: starts.map((s) => s + 1e-5), owners: new Int32Array(5000).fill(4) };
    const drawn = downsampleArcs(arcs, 100);
    assert.ok(drawn.starts.length <= 100);
    // Every change lands in some drawn arc.
    for (let i = 0; i < 5000; i += 97) {
      const s = arcs.starts[i];
      assert.ok([...drawn.starts].some((a, k) => a <= s && s < drawn.ends[k]), `change at ${s} is drawn`);
    }
  });
});
