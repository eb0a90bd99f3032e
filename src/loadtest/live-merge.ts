/**
 * The live dashboard's figures of a run on worker threads, merged in this thread from each
 * worker's ticks (live-progress.ts): endpoint counts added, an interval's cells added as its parts
 * arrive (a worker's interval may come a tick after another's, so a changed interval is sent again
 * and the panel replaces it by `t`). p50 and p99 of merged cells are the largest of the parts: the
 * histograms stay in the workers until the end, where the result merges them exactly.
 * An interval is forgotten once every worker has sent it, so this holds a tick or two of intervals.
 */
import type { LiveEndpoint, LiveProgress } from '../result/live-progress';
import type { RunEvent, TimelineCell, TimelinePoint } from '../result/types';

interface Pending {
  parts: (TimelinePoint | undefined)[];
  have: number;
}

export class LiveMerge {
  private readonly endpoints: (LiveEndpoint[] | undefined)[];
  private readonly pending = new Map<number, Pending>();
  private readonly changed = new Set<number>();
  private events: RunEvent[] = [];
  private intervalMs = 0;

  constructor(private readonly workers: number) {
    this.endpoints = new Array<LiveEndpoint[] | undefined>(workers).fill(undefined);
  }

  /** A worker's tick. Its events are not taken here: they reach `event` with the main thread's own. */
  add(worker: number, live: LiveProgress): void {
    this.intervalMs = live.intervalMs;
    this.endpoints[worker] = live.endpoints;
    for (const p of live.intervals) {
      let e = this.pending.get(p.t);
      if (!e) this.pending.set(p.t, (e = { parts: new Array<TimelinePoint | undefined>(this.workers).fill(undefined), have: 0 }));
      if (!e.parts[worker]) e.have++;
      e.parts[worker] = p;
      this.changed.add(p.t);
    }
  }

  event(e: RunEvent): void {
    this.events.push(e);
  }

  /** What changed since the previous take, merged. */
  take(): LiveProgress {
    const intervals: TimelinePoint[] = [];
    for (const t of [...this.changed].sort((a, b) => a - b)) {
      const e = this.pending.get(t);
      if (!e) continue;
      intervals.push(mergePoints(t, e.parts));
      if (e.have === this.workers) this.pending.delete(t);
    }
    this.changed.clear();
    const events = this.events;
    this.events = [];
    return { intervalMs: this.intervalMs, endpoints: mergeEndpoints(this.endpoints), intervals, events };
  }
}

function mergeEndpoints(parts: (LiveEndpoint[] | undefined)[]): LiveEndpoint[] {
  const byId = new Map<string, LiveEndpoint>();
  for (const part of parts) {
    for (const ep of part ?? []) {
      const m = byId.get(ep.id);
      if (!m) byId.set(ep.id, { ...ep });
      else {
        m.requests += ep.requests;
        m.errors += ep.errors;
        if (ep.p99 !== undefined) m.p99 = Math.max(m.p99 ?? 0, ep.p99);
      }
    }
  }
  return [...byId.values()];
}

function mergePoints(t: number, parts: (TimelinePoint | undefined)[]): TimelinePoint {
  const total: TimelineCell = { requests: 0, errors: 0, p50: 0, p99: 0, inFlight: 0 };
  const endpoints: Record<string, TimelineCell> = {};
  for (const p of parts) {
    if (!p) continue;
    addCell(total, p.total);
    for (const [id, c] of Object.entries(p.endpoints)) addCell((endpoints[id] ??= { requests: 0, errors: 0, p50: 0, p99: 0, inFlight: 0 }), c);
  }
  return { t, total, endpoints };
}

function addCell(into: TimelineCell, c: TimelineCell): void {
  into.requests += c.requests;
  into.errors += c.errors;
  into.inFlight += c.inFlight;
  into.p50 = Math.max(into.p50, c.p50);
  into.p99 = Math.max(into.p99, c.p99);
  if (c.attempts !== undefined) into.attempts = (into.attempts ?? 0) + c.attempts;
  if (c.retries !== undefined) into.retries = (into.retries ?? 0) + c.retries;
}
