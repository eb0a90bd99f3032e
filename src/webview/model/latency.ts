/**
 * Latency as the HdrHistogram percentile plot: value against percentile, the x axis 1/(1-p) on
 * a log scale, so the median, 99% and 99.99% each get room and a tail shows as a cliff.
 * Curves come from the encoded histograms in the result, decoded by src/result/histogram.ts.
 */
import { decode, percentileCurve } from '../../result/histogram';
import type { RunResult } from '../../result/types';
import { formatCount, formatMsSpaced } from '../../result/format';
import { table, type TableModel } from './table';

export interface LatencyPoint {
  /** 0..1 */
  p: number;
  /** 1 / (1 - p), the plot's x; the 100% point is placed at `xMax`. */
  x: number;
  ms: number;
}

export interface LatencyCurve {
  /** Endpoint id, or '' for the total. */
  id: string;
  label: string;
  /** -1 for the total. */
  colorIndex: number;
  count: number;
  points: LatencyPoint[];
}

export interface LatencyModel {
  total: LatencyCurve;
  /** The busiest endpoints' curves, at most `maxCurves`. */
  endpoints: LatencyCurve[];
  hiddenEndpoints: number;
  /** x domain is [1, xMax]; y domain [0, msMax]. */
  xMax: number;
  msMax: number;
  /** Histograms that would not decode, by id ('' = total), with the reason. */
  problems: string[];
  table: TableModel;
}

/** Past this, curves blur into one band; the table has every endpoint. */
export const MAX_LATENCY_CURVES = 24;

export function latencyModel(result: RunResult, maxCurves = MAX_LATENCY_CURVES): LatencyModel {
  const problems: string[] = [];
  const total = curve('', 'total', -1, result.totals.histogram, problems);
  const busiest = new Set(
    [...result.endpoints]
      .filter((ep) => ep.requests > 0)
      .sort((a, b) => b.requests - a.requests)
      .slice(0, maxCurves)
      .map((ep) => ep.id),
  );
  const endpoints = result.endpoints.flatMap((ep, i) => (busiest.has(ep.id) ? [curve(ep.id, ep.id, i, ep.histogram, problems)] : []));

  let xMax = 10;
  let msMax = 0;
  for (const c of [total, ...endpoints]) {
    for (const pt of c.points) {
      if (pt.p < 1) xMax = Math.max(xMax, pt.x);
      msMax = Math.max(msMax, pt.ms);
    }
  }
  // The 100% point (the max) has no finite 1/(1-p); it is drawn one decade past the last finite point.
  xMax = 10 ** Math.ceil(Math.log10(xMax) + 1e-9);
  for (const c of [total, ...endpoints]) for (const pt of c.points) if (pt.p >= 1) pt.x = xMax;

  const summaryRow = (id: string, s: RunResult['totals']['latency']) => [
    id,
    formatCount(s.count),
    formatMsSpaced(s.p50),
    formatMsSpaced(s.p90),
    formatMsSpaced(s.p99),
    formatMsSpaced(s.p999),
    formatMsSpaced(s.max),
  ];
  return {
    total,
    endpoints,
    hiddenEndpoints: result.endpoints.length - endpoints.length,
    xMax,
    msMax: msMax || 1,
    problems,
    table: table(
      'Latency percentiles',
      ['Endpoint', 'Samples', 'p50', 'p90', 'p99', 'p99.9', 'max'],
      // Under a client policy the total is the callers' latency across attempts, the endpoints' per attempt.
      [summaryRow(result.totals.attempts === undefined ? 'total' : 'total (callers)', result.totals.latency), ...result.endpoints.map((ep) => summaryRow(ep.id, ep.latency))],
    ),
  };
}

function curve(id: string, label: string, colorIndex: number, encoded: string, problems: string[]): LatencyCurve {
  if (!encoded) return { id, label, colorIndex, count: 0, points: [] };
  try {
    const h = decode(encoded);
    const points = percentileCurve(h).map((pt) => {
      const p = pt.percentile / 100;
      return { p, x: p < 1 ? 1 / (1 - p) : Infinity, ms: pt.ms };
    });
    return { id, label, colorIndex, count: h.count, points };
  } catch (e) {
    problems.push(`${label}: ${(e as Error).message}`);
    return { id, label, colorIndex, count: 0, points: [] };
  }
}
