/**
 * The live dashboard's model: a run in progress, built from `live` messages (protocol/webview.ts),
 * each carrying only what changed. `apply` is O(endpoints + new intervals) and keeps what the run's
 * RunResult will keep (one point per interval, every event), no more; what is drawn is derived
 * from it per frame by the functions below, bounded in series and points whatever the run's length.
 */
import type { LiveMessage } from '../../protocol/webview';
import type { LiveEndpoint } from '../../result/live-progress';
import type { RunEvent, TimelinePoint } from '../../result/types';

/** How much a frame draws: lines for the busiest endpoints (as the result's timeline), and points per line. */
export const LIVE_DRAW_LIMITS = Object.freeze({ maxSeries: 24, maxPoints: 240 });

export class LiveModel {
  run = '';
  /** The latest message's figures (label, totals, cancellable). */
  latest: Omit<LiveMessage, 'live'> | undefined;
  intervalMs = 1000;
  /** In the order first seen, which is the result's order: an endpoint keeps its colour. */
  readonly endpoints: LiveEndpoint[] = [];
  /** By start time, one per interval. */
  readonly intervals: TimelinePoint[] = [];
  readonly events: RunEvent[] = [];
  private readonly indexOf = new Map<string, number>();

  /** Applies one message; a message of another run starts over. Returns whether that happened. */
  apply(m: LiveMessage): boolean {
    const fresh = m.run !== this.run;
    if (fresh) this.reset(m.run);
    const { live, ...latest } = m;
    this.latest = latest;
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
    this.indexOf.clear();
  }

  /** Worker threads' intervals come again when a late part arrives: replaced by `t`. */
  private upsert(p: TimelinePoint): void {
    const a = this.intervals;
    const last = a.at(-1);
    if (!last || p.t > last.t) {
      a.push(p);
      return;
    }
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid].t < p.t) lo = mid + 1;
      else hi = mid;
    }
    if (a[lo]?.t === p.t) a[lo] = p;
    else a.splice(lo, 0, p);
  }
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
export function liveTimeline(m: LiveModel, limits = LIVE_DRAW_LIMITS): LiveTimeline {
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
      for (let j = from; j < to; j++) {
        const p = m.intervals[j];
        const cell = s.id === '' ? p.total : p.endpoints[s.id];
        if (!cell) continue;
        requests += cell.requests;
        if (cell.requests > 0) p99 = Number.isNaN(p99) ? cell.p99 : Math.max(p99, cell.p99);
      }
      const throughput = (requests * 1000) / span;
      s.samples.push({ t: t0 + span / 2, throughput, p99 });
      throughputMax = Math.max(throughputMax, throughput);
      if (!Number.isNaN(p99)) p99Max = Math.max(p99Max, p99);
    }
  }
  const last = m.intervals.at(-1);
  const xMax = Math.max(1, m.latest?.totalMs ?? 0, m.latest?.elapsedMs ?? 0, last ? last.t + step : 0);
  return { series, xMax, throughputMax: throughputMax || 1, p99Max: p99Max || 1 };
}

/** `slowed endpoint-2 (slowed 10x)`. */
export function eventLabel(e: RunEvent): string {
  const who = e.endpoint ? ` ${e.endpoint}` : e.type === 'panic' || e.type === 'panic-ended' ? ` P${e.value ?? 0}` : '';
  return `${e.type}${who}${e.detail ? ` (${e.detail})` : ''}`;
}

/** `n` evenly spaced ticks over [0, max]: a fixed count, so redrawn axes keep their number of nodes. */
export function evenTicks(max: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (max * i) / (n - 1));
}
