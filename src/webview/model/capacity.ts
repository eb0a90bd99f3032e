/**
 * A capacity result as a view: the latency vs offered-load curve of every variant (the "hockey
 * stick": flat while servers keep up, then a wall as the rate nears what they can serve), the
 * SLO's limits as lines, each variant's capacity as a mark. Scales are chosen here so the region
 * that decides the answer (up to a few times the SLO's latency) keeps the chart's height: a
 * saturated step can be a thousand times over, and drawn to scale it would flatten the rest.
 */
import type { CapacityPoint, CapacityResult } from '../../result/capacity';
import { formatCount, formatMsSpaced, formatPercent, formatRate } from '../../result/format';
import { table, type TableModel } from './table';

export type LatencyMetric = 'p50' | 'p90' | 'p99' | 'p999' | 'max' | 'mean';

/** One latency clause of the SLO (`p99<100ms`), drawn as a horizontal line. */
export interface SloLatency {
  metric: LatencyMetric;
  ms: number;
  text: string;
}

export interface SloLimits {
  latency: SloLatency[];
  /** The errors clause as a share 0..1 (`errors<1%` is 0.01), when there is one. */
  errors?: number;
}

export interface CapacitySeries {
  name: string;
  strategy: string;
  colorIndex: number;
  capacity: number;
  relative: number;
  best: boolean;
  status: 'ok' | 'failed' | 'cancelled';
  message?: string;
  points: CapacityPoint[];
}

export interface CapacityModel {
  title: string;
  summary: string;
  series: CapacitySeries[];
  slo: SloLimits;
  /** x domain [0, rateMax]; latency y domain [0, msMax] (higher values are drawn clipped at the top). */
  rateMax: number;
  msMax: number;
  /** errors y domain [0, errorsMax], a share. */
  errorsMax: number;
  /** Values that did not fit the SLO language we draw, said once under the chart. */
  notes: string[];
  ranking: TableModel;
  steps: TableModel;
}

const LATENCY_CLAUSE = /^(p50|p90|p99|p999|p99\.9|max|mean)\s*(<=|<)\s*([0-9]*\.?[0-9]+)\s*(ms|s)$/;
const ERRORS_CLAUSE = /^errors\s*(<=|<)\s*([0-9]*\.?[0-9]+)\s*%$/;

/** The limits an SLO text states; clauses it cannot draw are returned as notes. */
export function sloLimits(slo: string): { limits: SloLimits; notes: string[] } {
  const limits: SloLimits = { latency: [] };
  const notes: string[] = [];
  for (const raw of slo.split(',')) {
    const clause = raw.trim();
    if (!clause) continue;
    const l = LATENCY_CLAUSE.exec(clause);
    const e = ERRORS_CLAUSE.exec(clause);
    if (l) limits.latency.push({ metric: (l[1] === 'p99.9' ? 'p999' : l[1]) as LatencyMetric, ms: Number(l[3]) * (l[4] === 's' ? 1000 : 1), text: clause });
    else if (e) limits.errors = Number(e[2]) / 100;
    else notes.push(`SLO clause "${clause}" is not drawn`);
  }
  return { limits, notes };
}

export function capacityModel(result: CapacityResult): CapacityModel {
  const { limits, notes } = sloLimits(result.slo);
  const bestCapacity = Math.max(0, ...result.variants.map((v) => v.capacity));
  const series: CapacitySeries[] = result.variants.map((v, i) => ({
    name: v.name,
    strategy: v.strategy,
    colorIndex: i,
    capacity: v.capacity,
    relative: v.relative,
    best: bestCapacity > 0 && v.capacity === bestCapacity,
    status: v.status,
    ...(v.message !== undefined ? { message: v.message } : {}),
    points: [...v.curve].sort((a, b) => a.rate - b.rate),
  }));
  const all = series.flatMap((s) => s.points);
  const rateMax = Math.max(1, ...all.map((p) => p.rate), ...series.map((s) => s.capacity)) * 1.05;
  const sloMs = Math.max(0, ...limits.latency.map((l) => l.ms));
  const holdingMs = Math.max(0, ...all.filter((p) => p.holds).map((p) => p.p99));
  const measuredMs = Math.max(0, ...all.map((p) => p.p99));
  // Up to 2.5x the SLO (the wall is visible, its top is not) or all of it when it is lower.
  const msMax = Math.max(1, sloMs > 0 ? Math.min(measuredMs, sloMs * 2.5) : measuredMs, holdingMs * 1.2, sloMs * 1.2);
  const errorsMax = Math.max(0.01, ...all.map((p) => p.errors), (limits.errors ?? 0) * 2);

  const mode = result.mode === 'simulation' ? 'simulated' : 'live';
  const summary =
    `${result.variants.length} variant${result.variants.length === 1 ? '' : 's'} on ${result.pool || 'the pool'}, ${mode}, SLO ${result.slo}, precision ${formatPercent(result.precision)}` +
    (result.status === 'ok' ? '' : `, ${result.status}`) +
    (result.method ? `. ${result.method}` : '');
  const ranked = [...series].sort((a, b) => b.capacity - a.capacity);
  const ranking = table(
    'Capacity at the SLO',
    ['Variant', 'Strategy', 'Capacity', 'Relative to best', 'Steps', 'Status'],
    ranked.map((s) => [s.name, s.strategy, formatRate(s.capacity, ' req/s'), formatPercent(s.relative), formatCount(s.points.length), s.message ? `${s.status}: ${s.message}` : s.status]),
    2,
  );
  ranking.numeric[5] = false;
  const steps = table(
    'Every step of the search',
    ['Variant', 'Offered rate', 'p50', 'p99', 'Errors', 'Requests', 'SLO'],
    series.flatMap((s) =>
      s.points.map((p) => [s.name, formatRate(p.rate, ' req/s'), formatMsSpaced(p.p50), formatMsSpaced(p.p99), formatPercent(p.errors, 2), formatCount(p.requests), p.holds ? 'holds' : 'broken']),
    ),
  );
  steps.numeric[6] = false;
  return { title: `Capacity at ${result.slo} (${mode})`, summary, series, slo: limits, rateMax, msMax, errorsMax, notes, ranking, steps };
}

/** What a point's tooltip and accessible label say. */
export function pointLines(s: CapacitySeries, p: CapacityPoint): string[] {
  return [
    `${s.name} at ${formatRate(p.rate, ' req/s')}`,
    `p50 ${formatMsSpaced(p.p50)}, p99 ${formatMsSpaced(p.p99)}`,
    `errors ${formatPercent(p.errors, 2)} of ${formatCount(p.requests)} requests`,
    p.holds ? 'holds the SLO' : 'breaks the SLO',
  ];
}
