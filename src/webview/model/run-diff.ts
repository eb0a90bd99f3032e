/**
 * Two runs side by side, for "did my change make it better": each headline figure of run A and
 * run B, the change from A to B, and which is better. Share per endpoint is better when closer to
 * the endpoint's fair share (the balancer's job), not when larger.
 */
import type { RunResult } from '../../result/types';
import { formatCount, formatMsSpaced, formatPercent, formatRate } from '../../result/format';

export type Better = 'a' | 'b' | 'same';

/**
 * Differences smaller than these are "same": two seeded runs of one config agree exactly, and two
 * live runs differ by noise a few percent wide, which no reader should take for a verdict.
 */
export const RUN_DIFF_DEFAULTS = Object.freeze({
  /** Relative change of a figure (throughput, latency) below which neither run is marked better. */
  relativeTolerance: 0.01,
  /** Change in error rate (a fraction) below which neither is better: 0.01 percentage points. */
  errorRateTolerance: 0.0001,
  /** Change in distance from fair share (a fraction) below which neither is better. */
  shareTolerance: 0.001,
});

export interface DiffRow {
  metric: string;
  a: string;
  b: string;
  /** B minus A, formatted with its sign; `relative` beside it for figures where a ratio reads well. */
  delta: string;
  relative?: string;
  better: Better;
}

export interface ShareRow {
  endpoint: string;
  fairShare: string;
  a: string;
  b: string;
  delta: string;
  better: Better;
}

export interface RunSide {
  label: string;
  kind: RunResult['kind'];
  status: RunResult['status'];
  strategy: string;
  pool: string;
  startedAt: string;
}

export interface RunDiffModel {
  a: RunSide;
  b: RunSide;
  rows: DiffRow[];
  shares: ShareRow[];
  /** The run better on more headline rows (p99 decides a tie); `same` when neither is better on any. */
  overall: Better;
  /** One sentence saying so. */
  verdict: string;
}

function sideOf(r: RunResult, label: string): RunSide {
  return { label, kind: r.kind, status: r.status, strategy: r.config.strategy, pool: typeof r.config.pool.name === 'string' ? r.config.pool.name : '(unnamed pool)', startedAt: r.startedAt };
}

function signed(text: string, negative: boolean, zero: boolean): string {
  if (zero) return '±0';
  return negative ? `−${text}` : `+${text}`;
}

/** Which is better when `higherIsBetter` (throughput) or not (latency), within a relative tolerance. */
function compareFigures(a: number, b: number, higherIsBetter: boolean, tolerance: number): Better {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  if (scale === 0 || Math.abs(b - a) <= tolerance * scale) return 'same';
  return (b > a) === higherIsBetter ? 'b' : 'a';
}

function relativeOf(a: number, b: number): string | undefined {
  if (a === 0) return undefined;
  const r = (b - a) / a;
  return signed(formatPercent(Math.abs(r)), r < 0, r === 0);
}

function figureRow(metric: string, a: number, b: number, format: (x: number) => string, higherIsBetter: boolean): DiffRow {
  const d = b - a;
  const rel = relativeOf(a, b);
  return {
    metric,
    a: format(a),
    b: format(b),
    delta: signed(format(Math.abs(d)), d < 0, d === 0),
    ...(rel !== undefined ? { relative: rel } : {}),
    better: compareFigures(a, b, higherIsBetter, RUN_DIFF_DEFAULTS.relativeTolerance),
  };
}

function errorRate(r: RunResult): number {
  return r.totals.requests > 0 ? r.totals.errors / r.totals.requests : 0;
}

function errorsRow(a: RunResult, b: RunResult): DiffRow {
  const ra = errorRate(a);
  const rb = errorRate(b);
  const d = rb - ra;
  const better: Better = Math.abs(d) <= RUN_DIFF_DEFAULTS.errorRateTolerance ? 'same' : d < 0 ? 'b' : 'a';
  return {
    metric: 'Errors',
    a: `${formatCount(a.totals.errors)} (${formatPercent(ra, 2)})`,
    b: `${formatCount(b.totals.errors)} (${formatPercent(rb, 2)})`,
    delta: `${signed(formatPercent(Math.abs(d), 2), d < 0, d === 0)} of requests`,
    better,
  };
}

/** Endpoints of both runs, A's order first, then those only B has. */
function shareRows(a: RunResult, b: RunResult): ShareRow[] {
  const ids = [...a.endpoints.map((e) => e.id), ...b.endpoints.map((e) => e.id).filter((id) => !a.endpoints.some((e) => e.id === id))];
  return ids.map((id) => {
    const ea = a.endpoints.find((e) => e.id === id);
    const eb = b.endpoints.find((e) => e.id === id);
    const fair = eb?.fairShare ?? ea?.fairShare ?? 0;
    const sa = ea?.share ?? 0;
    const sb = eb?.share ?? 0;
    const off = (share: number, e: typeof ea) => Math.abs(share - (e?.fairShare ?? fair));
    const gap = off(sb, eb) - off(sa, ea);
    const better: Better = !ea || !eb || Math.abs(gap) <= RUN_DIFF_DEFAULTS.shareTolerance ? 'same' : gap < 0 ? 'b' : 'a';
    const d = sb - sa;
    return {
      endpoint: id,
      fairShare: formatPercent(fair),
      a: ea ? formatPercent(sa) : 'absent',
      b: eb ? formatPercent(sb) : 'absent',
      delta: signed(formatPercent(Math.abs(d)), d < 0, d === 0),
      better,
    };
  });
}

function overallOf(rows: readonly DiffRow[]): Better {
  const wins = (s: Better) => rows.filter((r) => r.better === s).length;
  const [wa, wb] = [wins('a'), wins('b')];
  if (wa !== wb) return wa > wb ? 'a' : 'b';
  if (wa === 0) return 'same';
  return rows.find((r) => r.metric === 'p99')?.better ?? 'same';
}

/** `a` is the earlier (or reference) run, `b` the one to judge; the labels name them in the panel. */
export function runDiffModel(a: RunResult, b: RunResult, labels: { a: string; b: string } = { a: 'A', b: 'B' }): RunDiffModel {
  const la = a.totals.latency;
  const lb = b.totals.latency;
  const rows: DiffRow[] = [
    figureRow('Throughput', a.totals.throughput, b.totals.throughput, (x) => formatRate(x), true),
    figureRow('p50', la.p50, lb.p50, formatMsSpaced, false),
    figureRow('p99', la.p99, lb.p99, formatMsSpaced, false),
    figureRow('p99.9', la.p999, lb.p999, formatMsSpaced, false),
    errorsRow(a, b),
  ];
  const overall = overallOf(rows);
  const count = (s: Better) => rows.filter((r) => r.better === s).length;
  const verdict =
    overall === 'same'
      ? 'Neither run is better on throughput, latency or errors.'
      : `${overall === 'a' ? labels.a : labels.b} is better: on ${count(overall)} of ${rows.length} figures (worse on ${count(overall === 'a' ? 'b' : 'a')}).`;
  return { a: sideOf(a, labels.a), b: sideOf(b, labels.b), rows, shares: shareRows(a, b), overall, verdict };
}
