/**
 * The order requests take rows in, after Gatling's feeders (queue, random, shuffle, circular):
 * - `sequential`: each row once, in file order; the run stops sending when the rows run out
 *   (the plan bounds `requests` by the row count).
 * - `circular`: file order, wrapping round.
 * - `random`: uniform, with replacement, seeded.
 * - `shuffle`: a seeded permutation of the rows, a new one each pass.
 *
 * Worker w of n takes positions w, w + n, w + 2n, ... of the one sequence of the run, so in
 * sequential and circular order (and within a pass of shuffle, whose permutation every worker
 * draws alike from the seed) no two workers send the same row.
 */
import { createSeededRandom } from '../engine/seeded-random';
import type { REQUEST_DATA_ORDERS } from '../pools/parse-request-data';

export type RowOrder = (typeof REQUEST_DATA_ORDERS)[number];

/** The next row's index, 0 .. rows - 1. */
export type NextRow = () => number;

export function createRowOrder(order: RowOrder, rows: number, seed: number, offset = 0, stride = 1): NextRow {
  let k = 0;
  if (order === 'random') {
    // Each worker its own stream of the run's seed.
    const random = createSeededRandom(mix(seed, offset + 1));
    return () => Math.floor(random() * rows);
  }
  if (order === 'shuffle') {
    let pass = -1;
    let perm: Int32Array = new Int32Array(0);
    return () => {
      const g = offset + k++ * stride;
      const p = Math.floor(g / rows);
      if (p !== pass) {
        pass = p;
        perm = permutation(rows, mix(seed, -(p + 1)));
      }
      return perm[g - p * rows];
    };
  }
  // sequential never passes the end (the plan caps requests at the row count); circular wraps.
  // A step and a compare, not a division per request (an integer divide is ~25 cycles).
  let row = (offset % rows) - stride;
  return () => {
    row += stride;
    if (row >= rows) row %= rows;
    return row;
  };
}

/** Fisher–Yates (Knuth, TAOCP vol. 2, Algorithm P) with a seeded generator. */
export function permutation(n: number, seed: number): Int32Array {
  const random = createSeededRandom(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** A 32-bit seed for stream `stream` of `seed` (murmur3's fmix32). */
function mix(seed: number, stream: number): number {
  let h = (Math.trunc(seed) ^ Math.imul(stream, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
