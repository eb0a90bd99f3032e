/**
 * The hash space [0, 1) as segments, each owned by one endpoint: what the ring draws and what
 * "what moves" compares. Pure arithmetic over the engine's layout; no hashing here.
 *
 * A segment list is `starts` (ascending, starts[0] = 0) and `owners` (an index into the view's
 * endpoint list, -1 for nobody); segment i spans [starts[i], starts[i+1]) and the last one ends at 1.
 */
export interface Segments {
  starts: Float64Array;
  owners: Int32Array;
}

/**
 * A ring (consistent hashing, Karger et al. 1997): a key goes to the first point at or after its
 * position, wrapping past the end. So the point at p[i] owns (p[i-1], p[i]], and the span after
 * the last point belongs to the first point's owner.
 */
export function ringSegments(positions: Float64Array, owners: ArrayLike<number>, toIndex: (owner: number) => number): Segments {
  const n = positions.length;
  if (n === 0) return { starts: Float64Array.of(0), owners: Int32Array.of(-1) };
  const starts: number[] = [0];
  const who: number[] = [toIndex(owners[0])];
  for (let i = 1; i < n; i++) {
    const o = toIndex(owners[i]);
    if (o !== who[who.length - 1]) {
      starts.push(positions[i - 1]);
      who.push(o);
    }
  }
  const wrap = toIndex(owners[0]);
  if (wrap !== who[who.length - 1]) {
    starts.push(positions[n - 1]);
    who.push(wrap);
  }
  return compact(starts, who);
}

/** A lookup table (Maglev, Eisenbud et al. 2016 §3.4): cell i of m spans [i/m, (i+1)/m). */
export function tableSegments(owners: ArrayLike<number>, toIndex: (owner: number) => number): Segments {
  const m = owners.length;
  if (m === 0) return { starts: Float64Array.of(0), owners: Int32Array.of(-1) };
  const starts: number[] = [0];
  const who: number[] = [toIndex(owners[0])];
  for (let i = 1; i < m; i++) {
    const o = toIndex(owners[i]);
    if (o !== who[who.length - 1]) {
      starts.push(i / m);
      who.push(o);
    }
  }
  return compact(starts, who);
}

function compact(starts: number[], who: number[]): Segments {
  return { starts: Float64Array.from(starts), owners: Int32Array.from(who) };
}

export function endOf(s: Segments, i: number): number {
  return i + 1 < s.starts.length ? s.starts[i + 1] : 1;
}

/** Fraction of the hash space each owner holds. */
export function spaceByOwner(s: Segments, owners: number): Float64Array {
  const out = new Float64Array(owners);
  for (let i = 0; i < s.starts.length; i++) {
    const o = s.owners[i];
    if (o >= 0 && o < owners) out[o] += endOf(s, i) - s.starts[i];
  }
  return out;
}

/** The pieces of the circle where `before` and `after` disagree, owned by their owner in `after`. */
export function changedArcs(before: Segments, after: Segments): Arcs {
  const starts: number[] = [];
  const ends: number[] = [];
  const who: number[] = [];
  let i = 0;
  let j = 0;
  let at = 0;
  while (at < 1) {
    const end = Math.min(endOf(before, i), endOf(after, j));
    if (end > at && before.owners[i] !== after.owners[j]) {
      const last = who.length - 1;
      if (last >= 0 && who[last] === after.owners[j] && ends[last] === at) ends[last] = end;
      else {
        starts.push(at);
        ends.push(end);
        who.push(after.owners[j]);
      }
    }
    at = end;
    if (endOf(before, i) <= at && i + 1 < before.starts.length) i++;
    if (endOf(after, j) <= at && j + 1 < after.starts.length) j++;
  }
  return { starts: Float64Array.from(starts), ends: Float64Array.from(ends), owners: Int32Array.from(who) };
}

/** Total length of a list of (possibly non-contiguous) pieces. */
export function lengthOf(pieces: Arcs): number {
  let sum = 0;
  for (let i = 0; i < pieces.starts.length; i++) sum += pieces.ends[i] - pieces.starts[i];
  return sum;
}

/** Pieces of the circle: [starts[i], ends[i]) owned by owners[i]. */
export interface Arcs {
  starts: Float64Array;
  ends: Float64Array;
  owners: Int32Array;
}

/**
 * At most `max` arcs to draw. Few enough segments are drawn exactly; otherwise the circle is cut
 * into `max` equal bins, each given the owner at its middle, and neighbours with one owner are
 * merged. 160,000 ring points over 1,000 endpoints become a few thousand paths.
 */
export function downsample(s: Segments, max: number): Arcs {
  const n = s.starts.length;
  if (n <= max) {
    const ends = new Float64Array(n);
    for (let i = 0; i < n; i++) ends[i] = endOf(s, i);
    return { starts: s.starts, ends, owners: s.owners };
  }
  const starts: number[] = [];
  const ends: number[] = [];
  const who: number[] = [];
  let k = 0;
  for (let b = 0; b < max; b++) {
    const mid = (b + 0.5) / max;
    while (k + 1 < n && s.starts[k + 1] <= mid) k++;
    const o = s.owners[k];
    const lo = b / max;
    const hi = (b + 1) / max;
    if (who.length > 0 && who[who.length - 1] === o) ends[ends.length - 1] = hi;
    else {
      starts.push(lo);
      ends.push(hi);
      who.push(o);
    }
  }
  return { starts: Float64Array.from(starts), ends: Float64Array.from(ends), owners: Int32Array.from(who) };
}

/**
 * At most `max` of the (sparse) changed pieces: beyond that, each of `max` bins that a piece
 * touches is drawn whole, owned by the longest piece in it, so a scattered change stays visible.
 */
export function downsampleArcs(a: Arcs, max: number): Arcs {
  const n = a.starts.length;
  if (n <= max) return a;
  const best = new Float64Array(max);
  const owner = new Int32Array(max).fill(-2);
  for (let i = 0; i < n; i++) {
    const first = Math.min(max - 1, Math.floor(a.starts[i] * max));
    const last = Math.min(max - 1, Math.floor(a.ends[i] * max - 1e-12));
    for (let b = first; b <= last; b++) {
      const len = Math.min(a.ends[i], (b + 1) / max) - Math.max(a.starts[i], b / max);
      if (len > best[b] || owner[b] === -2) {
        best[b] = len;
        owner[b] = a.owners[i];
      }
    }
  }
  const starts: number[] = [];
  const ends: number[] = [];
  const who: number[] = [];
  for (let b = 0; b < max; b++) {
    if (owner[b] === -2) continue;
    const last = who.length - 1;
    if (last >= 0 && who[last] === owner[b] && ends[last] === b / max) ends[last] = (b + 1) / max;
    else {
      starts.push(b / max);
      ends.push((b + 1) / max);
      who.push(owner[b]);
    }
  }
  return { starts: Float64Array.from(starts), ends: Float64Array.from(ends), owners: Int32Array.from(who) };
}
