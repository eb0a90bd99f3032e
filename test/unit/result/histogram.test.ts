import { strict as assert } from 'node:assert';
import { build } from 'hdr-histogram-js';
import {
  add,
  create,
  decode,
  encode,
  HDR_REQUEST,
  indexOfMicros,
  LatencyHistogram,
  percentileCurve,
  record,
  reset,
  summarize,
  valuesAtPercentiles,
} from '../../../src/result/histogram';
import { createSeededRandom } from '../../../src/engine/seeded-random';

/** Lognormal-ish latencies in ms spanning 50 us .. several seconds. */
function samples(n: number, seed: number): number[] {
  const r = createSeededRandom(seed);
  return Array.from({ length: n }, () => Math.exp(Math.log(3) + 2.2 * (r() + r() + r() - 1.5)));
}

describe('result/histogram', () => {
  it('summarizes known samples 1..1000 ms exactly to 3 significant digits', () => {
    const h = create();
    for (let ms = 1; ms <= 1000; ms++) record(h, ms);
    const s = summarize(h);
    assert.equal(s.count, 1000);
    assert.equal(s.min, 1);
    assert.ok(Math.abs(s.p50 - 500) / 500 < 0.001, `p50 ${s.p50}`);
    assert.ok(Math.abs(s.p90 - 900) / 900 < 0.001, `p90 ${s.p90}`);
    assert.ok(Math.abs(s.p99 - 990) / 990 < 0.001, `p99 ${s.p99}`);
    assert.ok(Math.abs(s.p999 - 999) / 999 < 0.001, `p999 ${s.p999}`);
    assert.ok(Math.abs(s.max - 1000) / 1000 < 0.001, `max ${s.max}`);
    assert.ok(Math.abs(s.mean - 500.5) / 500.5 < 0.001, `mean ${s.mean}`);
    // stdev of 1..1000 is sqrt((n^2 - 1) / 12) = 288.67
    assert.ok(Math.abs(s.stdev - 288.67) / 288.67 < 0.002, `stdev ${s.stdev}`);
  });

  it('gives all zeros when empty', () => {
    assert.deepEqual(summarize(create()), { count: 0, min: 0, mean: 0, stdev: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
    assert.deepEqual(percentileCurve(create()), []);
  });

  it('matches hdr-histogram-js percentiles, mean and deviation on the same samples', () => {
    const xs = samples(50_000, 7);
    const ours = create();
    const theirs = build(HDR_REQUEST);
    for (const ms of xs) {
      record(ours, ms);
      theirs.recordValue(Math.min(Math.max(Math.round(ms * 1000), 1), 60_000_000));
    }
    const s = summarize(ours);
    for (const [p, got] of [[50, s.p50], [90, s.p90], [99, s.p99], [99.9, s.p999]] as const) {
      assert.equal(got, theirs.getValueAtPercentile(p) / 1000, `p${p}`);
    }
    assert.equal(s.min, theirs.getValueAtPercentile(0) / 1000);
    assert.equal(s.max, theirs.getValueAtPercentile(100) / 1000);
    assert.ok(Math.abs(s.mean - theirs.mean / 1000) < 1e-9);
    assert.ok(Math.abs(s.stdev - theirs.stdDeviation / 1000) < 1e-9);
  });

  it('uses HdrHistogram indexes (bucket boundaries)', () => {
    assert.equal(indexOfMicros(0), 0);
    assert.equal(indexOfMicros(2047), 2047);
    assert.equal(indexOfMicros(2048), 2048);
    assert.equal(indexOfMicros(2049), 2048);
    assert.equal(indexOfMicros(60_000_000), 15 * 1024 + (60_000_000 >>> 15));
  });

  it('clamps to 1 us .. 60 s', () => {
    const h = create();
    record(h, 0);
    record(h, -5);
    record(h, Number.NaN);
    record(h, 3_600_000);
    const s = summarize(h);
    assert.equal(s.count, 4);
    assert.equal(s.min, 0.001);
    assert.ok(s.max >= 60_000 && s.max < 60_000 * 1.001, `max ${s.max}`);
  });

  it('round-trips through compressed base64 with identical summaries', () => {
    const h = create();
    for (const ms of samples(20_000, 3)) record(h, ms);
    const text = encode(h);
    assert.match(text, /^[A-Za-z0-9+/]+=*$/);
    const back = decode(text);
    assert.deepEqual(summarize(back), summarize(h));
    assert.deepEqual(percentileCurve(back), percentileCurve(h));
    assert.deepEqual(summarize(decode(encode(create()))), summarize(create()));
  });

  it('decodes what hdr-histogram-js itself encoded', async () => {
    const { encodeIntoCompressedBase64 } = await import('hdr-histogram-js');
    const theirs = build(HDR_REQUEST);
    for (let us = 100; us < 500_000; us += 37) theirs.recordValue(us);
    const ours = decode(encodeIntoCompressedBase64(theirs));
    assert.equal(ours.count, theirs.totalCount);
    assert.equal(summarize(ours).p99, theirs.getValueAtPercentile(99) / 1000);
  });

  it('rejects text that is not a histogram', () => {
    assert.throws(() => decode('not a histogram'), /histogram: not a compressed base64 HdrHistogram/);
  });

  it('adds exactly: the sum of parts summarizes like one histogram of all samples', () => {
    const xs = samples(30_000, 11);
    const all = create();
    const a = create();
    const b = create();
    xs.forEach((ms, i) => {
      record(all, ms);
      record(i % 3 === 0 ? a : b, ms);
    });
    const merged = add(add(create(), a), decode(encode(b)));
    assert.deepEqual(summarize(merged), summarize(all));
  });

  it('resets to empty and records again', () => {
    const h = create();
    record(h, 5);
    record(h, 5000);
    reset(h);
    assert.equal(h.count, 0);
    assert.deepEqual(valuesAtPercentiles(h, [50, 99]), [0, 0]);
    record(h, 2);
    assert.equal(summarize(h).max, 2);
  });

  it('draws a percentile curve up to the max, log-spaced in 1/(1-p)', () => {
    const h = create();
    for (const ms of samples(10_000, 5)) record(h, ms);
    const curve = percentileCurve(h);
    assert.equal(curve[0].percentile, 0);
    assert.equal(curve.at(-1)!.percentile, 100);
    assert.equal(curve.at(-1)!.ms, summarize(h).max);
    for (let i = 1; i < curve.length; i++) {
      assert.ok(curve[i].percentile > curve[i - 1].percentile);
      assert.ok(curve[i].ms >= curve[i - 1].ms);
    }
    // 5 points per halving, down to 1/count: about 5 * log2(10,000) = 66 points.
    assert.ok(curve.length > 60 && curve.length < 75, `points ${curve.length}`);
  });

  it('allocates counts only where values land', () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms < 30; ms += 0.01) record(h, ms);
    assert.ok(h.footprintBytes <= 7 * 4096, `bytes ${h.footprintBytes}`);
  });
});

describe('result/histogram properties', () => {
  it('merging any split of any samples equals one histogram of them all', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 70_000, noNaN: true }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 300 }),
        (pairs) => {
          const all = create();
          const parts = [create(), create(), create(), create()];
          for (const [ms, part] of pairs) {
            record(all, ms);
            record(parts[part], ms);
          }
          const merged = parts.reduce((acc, p) => add(acc, decode(encode(p))), create());
          assert.deepEqual(summarize(merged), summarize(all));
        },
      ),
      { numRuns: 60, seed: 1 },
    );
  });
});
