/**
 * Latency histograms: 1 us to 60 s at 3 significant digits, counted in microseconds, reported in ms.
 *
 * Why not record straight into hdr-histogram-js: its `recordValue` costs ~75 ns (log2, pow, bounds
 * checks) and its 32-bit histogram holds 70 KB of counts even when a server answers in one narrow
 * band; `packed` is small but ~500 ns a record. The recorder records four times per request and a
 * simulation records 10,000,000 requests over up to 1,000 endpoints. So `LatencyHistogram` keeps the
 * *exact* bucket layout of an HdrHistogram built with `{ lowestDiscernibleValue: 1,
 * highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 }` (index = bucket * 1024 +
 * (value >>> bucket)), in 17 rows of 1,024 counts that are allocated only when a value lands in
 * them: a record is a `clz32` and an increment (a few ns), a server whose latencies span 1-30 ms
 * costs ~20 KB. hdr-histogram-js stays the wire format: `encode` and `decode` go through its
 * compressed base64 V2 encoding, so any HdrHistogram tool reads our histograms and the webview can
 * decode them. Percentiles follow HdrHistogram's rules (count at percentile rounded up, reported as
 * the highest equivalent value; min the lowest equivalent value), which the tests check against
 * hdr-histogram-js itself.
 *
 * Browser-safe: no node builtins (the webview bundles this file).
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, JsHistogram } from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import type { LatencySummary } from './types';

/** Highest value tracked, in microseconds (60 s); larger values are clamped to it. */
export const MAX_MICROS = 60_000_000;
/** Lowest value tracked, in microseconds; smaller values (and NaN) are recorded as 1 us. */
export const MIN_MICROS = 1;

const SUB_HALF_MAGNITUDE = 10; // 3 significant digits -> 2,048 sub-buckets, half of them 1,024
const ROW = 1 << SUB_HALF_MAGNITUDE;
const ROW_MASK = ROW - 1;
/** Buckets needed so that 2048 << (buckets - 1) exceeds MAX_MICROS: 16; rows = buckets + 1. */
const ROWS = 17;

/** The hdr-histogram-js request that matches our layout exactly. */
export const HDR_REQUEST = Object.freeze({
  lowestDiscernibleValue: 1,
  highestTrackableValue: MAX_MICROS,
  numberOfSignificantValueDigits: 3 as const,
  bitBucketSize: 32 as const,
  autoResize: false,
  useWebAssembly: false,
});

export class LatencyHistogram {
  /** Counts by index, in rows of 1,024, allocated on first use. */
  readonly rows: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(ROWS).fill(undefined);
  /** Bit r set when row r may hold counts (reset and scans touch only these). */
  dirty = 0;
  count = 0;

  /** Records a latency in milliseconds. */
  record(ms: number): void {
    this.recordIndex(indexOfMs(ms));
  }

  /** Records a value already turned into an index by `indexOfMs` (record once, count in several histograms). */
  recordIndex(index: number): void {
    const r = index >>> SUB_HALF_MAGNITUDE;
    let row = this.rows[r];
    if (row === undefined) row = this.rows[r] = new Uint32Array(ROW);
    row[index & ROW_MASK]++;
    this.dirty |= 1 << r;
    this.count++;
  }

  recordIndexWithCount(index: number, n: number): void {
    if (n <= 0) return;
    const r = index >>> SUB_HALF_MAGNITUDE;
    let row = this.rows[r];
    if (row === undefined) row = this.rows[r] = new Uint32Array(ROW);
    row[index & ROW_MASK] += n;
    this.dirty |= 1 << r;
    this.count += n;
  }

  /** Bytes held by counts (rows allocated so far). */
  get footprintBytes(): number {
    let n = 0;
    for (const row of this.rows) if (row) n += row.byteLength;
    return n;
  }
}

/** The histogram index of a latency in ms (clamped to 1 us .. 60 s). */
export function indexOfMs(ms: number): number {
  let us = ms * 1000 + 0.5;
  if (!(us >= MIN_MICROS)) us = MIN_MICROS;
  else if (us > MAX_MICROS) us = MAX_MICROS;
  return indexOfMicros(us | 0);
}

/** Integer microseconds (0 .. MAX_MICROS) to index, as HdrHistogram's countsArrayIndex. */
export function indexOfMicros(us: number): number {
  const bucket = Math.max(0, 31 - Math.clz32(us) - SUB_HALF_MAGNITUDE);
  return (bucket << SUB_HALF_MAGNITUDE) + (us >>> bucket);
}

/** Lowest microsecond value that lands on `index`. */
export function lowestMicros(index: number): number {
  let bucket = (index >>> SUB_HALF_MAGNITUDE) - 1;
  let sub = (index & ROW_MASK) + ROW;
  if (bucket < 0) {
    sub -= ROW;
    bucket = 0;
  }
  return sub * 2 ** bucket;
}

function rangeMicros(index: number): number {
  return 2 ** Math.max(0, (index >>> SUB_HALF_MAGNITUDE) - 1);
}

export function highestMicros(index: number): number {
  return lowestMicros(index) + rangeMicros(index) - 1;
}

export function create(): LatencyHistogram {
  return new LatencyHistogram();
}

export function record(h: LatencyHistogram, ms: number): void {
  h.recordIndex(indexOfMs(ms));
}

export function reset(h: LatencyHistogram): void {
  for (let r = 0; r < ROWS; r++) if (h.dirty & (1 << r)) h.rows[r]!.fill(0);
  h.dirty = 0;
  h.count = 0;
}

/** Adds `source` into `target`, exactly (same layout, counts summed). */
export function add(target: LatencyHistogram, source: LatencyHistogram): LatencyHistogram {
  for (let r = 0; r < ROWS; r++) {
    if (!(source.dirty & (1 << r))) continue;
    const from = source.rows[r]!;
    let to = target.rows[r];
    if (to === undefined) to = target.rows[r] = new Uint32Array(ROW);
    for (let i = 0; i < ROW; i++) to[i] += from[i];
    target.dirty |= 1 << r;
  }
  target.count += source.count;
  return target;
}

/** Calls fn(index, count) for every non-empty index, lowest first. */
export function forEachCount(h: LatencyHistogram, fn: (index: number, count: number) => void): void {
  for (let r = 0; r < ROWS; r++) {
    if (!(h.dirty & (1 << r))) continue;
    const row = h.rows[r]!;
    const base = r << SUB_HALF_MAGNITUDE;
    for (let i = 0; i < ROW; i++) if (row[i] !== 0) fn(base + i, row[i]);
  }
}

/** HdrHistogram's count at a percentile: rounded up, at least 1, robust to 1-ulp float error. */
function countAt(percentile: number, total: number): number {
  const fp = (Math.min(percentile, 100) / 100) * total;
  return Math.max(Math.ceil(fp - fp * Number.EPSILON), 1);
}

/**
 * Values in ms at the given percentiles (ascending order required), in one pass over the counts.
 * Percentile 0 gives the lowest equivalent value, others the highest equivalent value. 0 when empty.
 */
export function valuesAtPercentiles(h: LatencyHistogram, percentiles: readonly number[], out: number[] = []): number[] {
  out.length = percentiles.length;
  out.fill(0);
  if (h.count === 0 || percentiles.length === 0) return out;
  let k = 0;
  let target = countAt(percentiles[0], h.count);
  let seen = 0;
  for (let r = 0; r < ROWS && k < percentiles.length; r++) {
    if (!(h.dirty & (1 << r))) continue;
    const row = h.rows[r]!;
    for (let i = 0; i < ROW; i++) {
      const c = row[i];
      if (c === 0) continue;
      seen += c;
      while (seen >= target) {
        const index = (r << SUB_HALF_MAGNITUDE) + i;
        out[k] = (percentiles[k] === 0 ? lowestMicros(index) : highestMicros(index)) / 1000;
        if (++k === percentiles.length) return out;
        target = countAt(percentiles[k], h.count);
      }
    }
  }
  return out;
}

export function percentile(h: LatencyHistogram, p: number): number {
  return valuesAtPercentiles(h, [p])[0];
}

const SUMMARY_PERCENTILES = [0, 50, 90, 99, 99.9, 100];

export function summarize(h: LatencyHistogram): LatencySummary {
  if (h.count === 0) return { count: 0, min: 0, mean: 0, stdev: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  const [min, p50, p90, p99, p999, max] = valuesAtPercentiles(h, SUMMARY_PERCENTILES);
  // Mean and deviation over each bucket's median value, as HdrHistogram does; two passes keep
  // the deviation exact when it is small against the mean.
  const meanUs = momentAbout(h, 0, 1) / h.count;
  const varianceUs = momentAbout(h, meanUs, 2) / h.count;
  return { count: h.count, min, mean: meanUs / 1000, stdev: Math.sqrt(varianceUs) / 1000, p50, p90, p99, p999, max };
}

/** Sum over samples of (bucket median - about)^power, power 1 or 2. */
function momentAbout(h: LatencyHistogram, about: number, power: 1 | 2): number {
  let sum = 0;
  for (let r = 0; r < ROWS; r++) {
    if (!(h.dirty & (1 << r))) continue;
    const row = h.rows[r]!;
    const bucket = Math.max(0, r - 1);
    const size = 2 ** bucket;
    const half = Math.floor(size / 2);
    for (let i = 0; i < ROW; i++) {
      const c = row[i];
      if (c === 0) continue;
      const lowest = r === 0 ? i : (i + ROW) * size;
      const d = lowest + half - about;
      sum += (power === 1 ? d : d * d) * c;
    }
  }
  return sum;
}

/** An hdr-histogram-js histogram with the same counts (for its API: log writers, plots). */
export function toHdr(h: LatencyHistogram): Histogram {
  return fill(build(HDR_REQUEST), h);
}

function fill(hdr: Histogram, h: LatencyHistogram): Histogram {
  if (hdr instanceof JsHistogram && hdr.countsArrayLength === ROWS * ROW) {
    // Same layout: copy counts by index, then let the histogram recompute its max, min and total.
    forEachCount(h, (index, c) => hdr.setCountAtIndex(index, c));
    hdr.establishInternalTackingValues();
  } else {
    forEachCount(h, (index, c) => hdr.recordValueWithCount(lowestMicros(index), c));
  }
  return hdr;
}

/** One hdr histogram reused by every `encode` (70 KB each would churn the GC at 1,000 endpoints). */
let encoder: Histogram | undefined;

/** hdr-histogram-js compressed base64 (V2 encoding) of the counts in microseconds. */
export function encode(h: LatencyHistogram): string {
  if (encoder) encoder.reset();
  else encoder = build(HDR_REQUEST);
  return encodeIntoCompressedBase64(fill(encoder, h));
}

/**
 * Decodes a compressed base64 HdrHistogram. Histograms of our layout decode exactly; others
 * (different precision or range) are re-bucketed by value, clamped to 1 us .. 60 s.
 */
export function decode(encoded: string): LatencyHistogram {
  let hdr: Histogram;
  try {
    hdr = decodeFromCompressedBase64(encoded, 32, false);
  } catch (e) {
    throw new Error(`histogram: not a compressed base64 HdrHistogram (${(e as Error).message})`);
  }
  if (!(hdr instanceof JsHistogram)) throw new Error('histogram: decoded to an unexpected histogram type');
  const h = new LatencyHistogram();
  for (let i = 0; i < hdr.countsArrayLength; i++) {
    const c = hdr.getCountAtIndex(i);
    if (c > 0) {
      const us = Math.min(Math.max(hdr.valueFromIndex(i), MIN_MICROS), MAX_MICROS);
      h.recordIndexWithCount(indexOfMicros(us), c);
    }
  }
  return h;
}

export interface PercentilePoint {
  /** 0..100 */
  percentile: number;
  ms: number;
}

/**
 * Points for an HdrHistogram percentile plot (x axis 1 / (1 - p), log scale): `ticksPerHalf`
 * points in each halving of the remaining distance to 100 %, up to the resolution the sample count
 * supports, then the max at 100.
 */
export function percentileCurve(h: LatencyHistogram, ticksPerHalf = 5): PercentilePoint[] {
  if (h.count === 0) return [];
  const ps: number[] = [];
  for (let k = 0; ; k++) {
    const tail = 2 ** (-k / ticksPerHalf); // 1 - p
    if (tail < 1 / h.count || tail < 1e-7) break;
    ps.push(100 * (1 - tail));
  }
  ps.push(100);
  const values = valuesAtPercentiles(h, ps);
  return ps.map((percentile, i) => ({ percentile, ms: values[i] }));
}
