/**
 * The live dashboard's model: a run in progress, built from `live` messages (protocol/webview.ts),
 * each carrying only what changed. `apply` is O(endpoints + new intervals) and keeps what the run's
 * RunResult will keep (one point per interval, every event), no more; what is drawn is derived
 * from it per frame by the functions below, bounded in series and points whatever the run's length.
 */
import type { LiveMessage } from '../../protocol/webview';
import type { LiveEndpoint } from '../../result/live-progress';
import type { RunEvent, TimelinePoint } from '../../result/types';

/** How much a frame draws: lines for the busiest endpoints (the result's timeline draws 24), points per line. */
export const LIVE_DRAW_LIMITS = Object.freeze({ maxSeries: 8, maxPoints: 60 });

export class LiveModel {
  run = '';
  /** The latest message (its label, totals, cancellable; its `live` part is applied, not read). */
  latest: LiveMessage | undefined;
  intervalMs = 1000;
  /** In the order first seen, which is the result's order: an endpoint keeps its colour. */
  readonly endpoints: LiveEndpoint[] = [];
  /** By start time, one per interval. */
  readonly intervals: TimelinePoint[] = [];
  readonly events: RunEvent[] = [];
  /** Per interval, by endpoint index: requests and p99 (NaN: none), so a frame reads arrays, not records by id. */
  readonly rows: IntervalRow[] = [];
  /** Bumped when an interval is added or replaced: a frame redraws the timeline only then. */
  intervalsVersion = 0;
  private readonly indexOf = new Map<string, number>();

  /** Applies one message; a message of another run starts over. Returns whether that happened. */
  apply(m: LiveMessage): boolean {
    const fresh = m.run !== this.run;
    if (fresh) this.reset(m.run);
    const live = m.live;
    this.latest = m;
    this.intervalMs = live.intervalMs > 0 ? live.intervalMs : this.intervalMs;
    for (const ep of live.endpoints) {
      const i = this.indexOf.get(ep.id);
      if (i === undefined) {
        this.indexOf.set(ep.id, this.endpoints.length);
        this.endpoints.push(ep);
      } else this.endpoints[i] = ep;
    }
    for (const p of live.intervals) this.upsert(p);
    for (const e of live.events) this.events.push(e);
    return fresh;
  }

  colorOf(id: string): number {
    return this.indexOf.get(id) ?? -1;
  }

  private reset(run: string): void {
    this.run = run;
    this.latest = undefined;
    this.endpoints.length = 0;
    this.intervals.length = 0;
    this.events.length = 0;
    this.rows.length = 0;
    this.intervalsVersion++;
    this.indexOf.clear();
  }

  /** Worker threads' intervals come again when a late part arrives: replaced by `t`. */
  private upsert(p: TimelinePoint): void {
    const a = this.intervals;
    const last = a.at(-1);
    this.intervalsVersion++;
    const row = this.row(p);
    if (!last || p.t > last.t) {
      a.push(p);
      this.rows.push(row);
      return;
    }
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid].t < p.t) lo = mid + 1;
      else hi = mid;
    }
    if (a[lo]?.t === p.t) {
      a[lo] = p;
      this.rows[lo] = row;
    } else {
      a.splice(lo, 0, p);
      this.rows.splice(lo, 0, row);
    }
  }

  private row(p: TimelinePoint): IntervalRow {
    const n = this.endpoints.length;
    const requests = new Float64Array(n);
    const p99 = new Float64Array(n).fill(NaN);
    for (const id in p.endpoints) {
      const i = this.indexOf.get(id);
      const cell = p.endpoints[id];
      if (i === undefined) continue;
      requests[i] = cell.requests;
      if (cell.requests > 0) p99[i] = cell.p99;
    }
    return { requests, p99 };
  }
}

export interface IntervalRow {
  requests: Float64Array;
  p99: Float64Array;
}

export interface LiveBar {
  id: string;
  colorIndex: number;
  share: number;
  fairShare: number;
  requests: number;
  errors: number;
  /** Of the last closed interval; NaN when the endpoint had none. */
  p99: number;
}

/** Share per endpoint against its fair share; shares are of the endpoints' requests. */
export function liveBars(m: LiveModel): { bars: LiveBar[]; maxShare: number } {
  let requests = 0;
  for (const ep of m.endpoints) requests += ep.requests;
  let maxShare = 0;
  const bars = m.endpoints.map((ep, i): LiveBar => {
    const share = requests > 0 ? ep.requests / requests : 0;
    maxShare = Math.max(maxShare, share, ep.fairShare);
    return { id: ep.id, colorIndex: i, share, fairShare: ep.fairShare, requests: ep.requests, errors: ep.errors, p99: ep.p99 ?? NaN };
  });
  return { bars, maxShare: maxShare > 0 ? maxShare : 1 };
}

export interface LiveSample {
  /** Middle of the span, ms since the run started. */
  t: number;
  throughput: number;
  p99: number;
}

export interface LiveSeries {
  /** '' for the total. */
  id: string;
  colorIndex: number;
  samples: LiveSample[];
}

export interface LiveTimeline {
  series: LiveSeries[];
  xMax: number;
  throughputMax: number;
  p99Max: number;
}

/**
 * Throughput and p99 over time, total first, then the busiest endpoints. Past `maxPoints` intervals,
 * consecutive intervals are joined: throughput over the joined span, the largest p99 (a spike stays).
 */
export function liveTimeline(m: LiveModel, limits: { maxSeries: number; maxPoints: number } = LIVE_DRAW_LIMITS): LiveTimeline {
  const step = m.intervalMs;
  const n = m.intervals.length;
  const k = Math.max(1, Math.ceil(n / limits.maxPoints));
  const busiest = m.endpoints
    .map((ep, i) => ({ id: ep.id, i, requests: ep.requests }))
    .sort((a, b) => b.requests - a.requests || a.i - b.i)
    .slice(0, limits.maxSeries)
    .sort((a, b) => a.i - b.i);
  const series: LiveSeries[] = [{ id: '', colorIndex: -1, samples: [] }, ...busiest.map((b) => ({ id: b.id, colorIndex: b.i, samples: [] as LiveSample[] }))];
  let throughputMax = 0;
  let p99Max = 0;
  for (let from = 0; from < n; from += k) {
    const to = Math.min(n, from + k);
    const t0 = m.intervals[from].t;
    const span = m.intervals[to - 1].t + step - t0;
    for (const s of series) {
      let requests = 0;
      let p99 = NaN;
      const i = s.colorIndex;
      for (let j = from; j < to; j++) {
        let r: number;
        let q: number;
        if (i < 0) {
          const total = m.intervals[j].total;
          r = total.requests;
          q = r > 0 ? total.p99 : NaN;
        } else {
          const row = m.rows[j];
          r = row.requests[i] ?? 0;
          q = row.p99[i] ?? NaN;
        }
        requests += r;
        if (!Number.isNaN(q)) p99 = Number.isNaN(p99) ? q : Math.max(p99, q);
      }
      const throughput = (requests * 1000) / span;
      s.samples.push({ t: t0 + span / 2, throughput, p99 });
      throughputMax = Math.max(throughputMax, throughput);
      if (!Number.isNaN(p99)) p99Max = Math.max(p99Max, p99);
    }
  }
  const xMax = liveTimelineEnd(m);
  return { series, xMax, throughputMax: throughputMax || 1, p99Max: p99Max || 1 };
}

/** The time axis' end: the expected end of the run when known (a run half done is half drawn), else now. */
export function liveTimelineEnd(m: LiveModel): number {
  const last = m.intervals.at(-1);
  return Math.max(1, m.latest?.totalMs ?? 0, m.latest?.elapsedMs ?? 0, last ? last.t + m.intervalMs : 0);
}

/** `slowed endpoint-2 (slowed 10x)`. */
export function eventLabel(e: RunEvent): string {
  const who = e.endpoint ? ` ${e.endpoint}` : e.type === 'panic' || e.type === 'panic-ended' ? ` P${e.value ?? 0}` : '';
  return `${e.type}${who}${e.detail ? ` (${e.detail})` : ''}`;
}

/**
 * The top of an axis that is not redrawn at every new maximum: kept while what it must hold stays
 * between a quarter of it and it, else a round value 25 % above. Ticks then keep their values from
 * frame to frame (d3's axis keys ticks by value: a new value is a new node).
 */
export function stableTop(current: number, needed: number): number {
  if (needed <= current && needed > current / 4) return current;
  const want = needed * 1.25;
  const step = 10 ** Math.floor(Math.log10(want));
  const nice = [1, 2, 2.5, 5, 10].map((f) => f * step).find((v) => v >= want) ?? 10 * step;
  return nice > 0 ? nice : 1;
}

/** `n` evenly spaced ticks over [0, max]: a fixed count, so redrawn axes keep their number of nodes. */
export function evenTicks(max: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (max * i) / (n - 1));
}
