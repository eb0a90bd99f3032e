/**
 * The timeline: throughput and p99 per endpoint over the run, with the run's events marked, so
 * "server 3 slowed at 10 s and lost its share by 12 s" is visible.
 */
import type { RunEvent, RunEventType, RunResult, TimelinePoint } from '../../result/types';
import { formatCount, formatMsSpaced, formatRate, formatSeconds } from '../../result/format';
import { slowStartRamps, type SlowStartRamp } from './slow-start';
import { stagedLoadModel, type StagedLoadModel } from './staged-load';
import { table, type TableModel } from './table';

export interface TimelineSample {
  /** Middle of the interval, ms since the run started. */
  t: number;
  /** Requests per second in the interval. */
  throughput: number;
  p99: number;
}

export interface TimelineSeries {
  /** Endpoint id, or '' for the total. */
  id: string;
  label: string;
  /** -1 for the total (drawn in the foreground colour). */
  colorIndex: number;
  samples: TimelineSample[];
}

export interface TimelineMarker {
  at: number;
  type: RunEventType;
  endpoint?: string;
  colorIndex: number;
  /** `slowed endpoint-2 (slowed 10x)`. */
  label: string;
  /** What is written above the marker: `slowed endpoint-2`, `panic P0`, `panic ended P0`. */
  short: string;
}

export interface TimelineModel {
  total: TimelineSeries;
  /** The busiest endpoints, at most `maxSeries` (all of them for a small pool). */
  endpoints: TimelineSeries[];
  /** Endpoints left out of the drawing (still in the table and the distribution). */
  hiddenEndpoints: number;
  markers: TimelineMarker[];
  /** Times a priority level spent in panic, to shade; one still in panic at the end runs to `xMax`. */
  panics: PanicSpan[];
  /** Endpoints in slow start: their weight factor from the join to the end of the window (slow-start.ts). */
  ramps: SlowStartRamp[];
  /** [0, end of the last interval], ms. */
  xMax: number;
  /** A staged run: target vs achieved (dashed vs solid). */
  load?: StagedLoadModel;
  /** Under a client policy: attempts and retries per second beside the requests (a retry storm shows as their gap). */
  policy?: { attempts: TimelineSeries; retries: TimelineSeries };
  throughputMax: number;
  p99Max: number;
  table: TableModel;
  events: TableModel;
}

export interface PanicSpan {
  priority: number;
  from: number;
  to: number;
}

/** More lines than this read as noise; the table and the distribution keep every endpoint. */
export const MAX_TIMELINE_SERIES = 24;

export function timelineModel(result: RunResult, maxSeries = MAX_TIMELINE_SERIES): TimelineModel {
  const step = result.timelineIntervalMs > 0 ? result.timelineIntervalMs : 1000;
  const colorOf = new Map(result.endpoints.map((ep, i) => [ep.id, i]));
  // The last interval is cut short by the end of the run: its rate is over the time it lasted,
  // or a run ending 100 ms into an interval would show a collapse that never happened.
  const end = (result.config.warmupMs ?? 0) + result.durationMs;
  const lengthOf = (t: number) => Math.max(Math.min(step, end - t), step / 100);
  const perSecondAt = (t: number) => 1000 / lengthOf(t);
  const mid = (t: number) => t + lengthOf(t) / 2;

  const total: TimelineSeries = {
    id: '',
    label: 'total',
    colorIndex: -1,
    samples: result.timeline.map((p) => ({ t: mid(p.t), throughput: p.total.requests * perSecondAt(p.t), p99: p.total.p99 })),
  };

  const busiest = [...result.endpoints].sort((a, b) => b.requests - a.requests).slice(0, maxSeries);
  const shown = new Set(busiest.map((ep) => ep.id));
  const endpoints: TimelineSeries[] = result.endpoints
    .filter((ep) => shown.has(ep.id))
    .map((ep) => ({
      id: ep.id,
      label: ep.id,
      colorIndex: colorOf.get(ep.id) ?? 0,
      // An interval where the endpoint is absent had no requests: throughput 0, no p99 to draw.
      samples: result.timeline.map((p) => {
        const cell = p.endpoints[ep.id];
        return { t: mid(p.t), throughput: (cell?.requests ?? 0) * perSecondAt(p.t), p99: cell && cell.requests > 0 ? cell.p99 : NaN };
      }),
    }));

  const markers = result.events.map((e) => marker(e, colorOf.get(e.endpoint ?? '') ?? -1));
  const last = result.timeline[result.timeline.length - 1];
  const lastEvent = result.events.reduce((m, e) => Math.max(m, e.at), 0);
  const xMax = Math.max(last ? last.t + lengthOf(last.t) : 0, lastEvent, end, 1);

  const policy = policySeries(result, mid, perSecondAt);
  let throughputMax = 0;
  let p99Max = 0;
  for (const s of [total, ...endpoints, ...(policy ? [policy.attempts] : [])]) {
    for (const x of s.samples) {
      throughputMax = Math.max(throughputMax, x.throughput);
      if (Number.isFinite(x.p99)) p99Max = Math.max(p99Max, x.p99);
    }
  }

  const load = stagedLoadModel(result, mid, perSecondAt);
  if (load?.unit === 'requests/s') throughputMax = Math.max(throughputMax, load.max);
  const staged = (p: TimelinePoint): string[] =>
    p.target === undefined ? [] : load?.unit === 'callers' ? [formatCount(p.target), formatCount(p.callers ?? 0)] : [formatRate(p.target), formatRate((p.sent ?? 0) * perSecondAt(p.t)), formatCount(p.dropped ?? 0)];
  const stagedColumns = !load ? [] : load.unit === 'callers' ? ['Target callers', 'Callers'] : ['Target', 'Sent', 'Dropped'];
  const policyColumns = policy ? ['Attempts', 'Retries'] : [];
  const attempted = (p: TimelinePoint): string[] => (policy ? [formatCount(p.total.attempts ?? 0), formatCount(p.total.retries ?? 0)] : []);

  return {
    total,
    endpoints,
    hiddenEndpoints: result.endpoints.length - endpoints.length,
    markers,
    panics: panicSpans(result.events, xMax),
    ramps: slowStartRamps(result, xMax, colorOf),
    xMax,
    ...(load ? { load } : {}),
    ...(policy ? { policy } : {}),
    throughputMax: throughputMax || 1,
    p99Max: p99Max || 1,
    table: table(
      'Throughput and p99 over time (all endpoints)',
      ['From', 'Requests', 'Errors', 'Throughput', 'p99', ...policyColumns, ...stagedColumns],
      result.timeline.map((p) => [
        formatSeconds(p.t),
        formatCount(p.total.requests),
        formatCount(p.total.errors),
        formatRate(p.total.requests * perSecondAt(p.t)),
        formatMsSpaced(p.total.p99),
        ...attempted(p),
        ...staged(p),
      ]),
    ),
    events: table(
      'Events',
      ['At', 'Event', 'Endpoint', 'Detail'],
      result.events.map((e) => [formatSeconds(e.at), e.type, e.endpoint ?? '', e.detail ?? '']),
      4,
    ),
  };
}

/** The policy's lines: absent without a policy (the result then has no `totals.attempts`). */
function policySeries(result: RunResult, mid: (t: number) => number, perSecondAt: (t: number) => number): TimelineModel['policy'] {
  if (result.totals.attempts === undefined) return undefined;
  const of = (id: 'attempts' | 'retries', label: string): TimelineSeries => ({
    id,
    label,
    colorIndex: -1,
    samples: result.timeline.map((p) => ({ t: mid(p.t), throughput: (p.total[id] ?? 0) * perSecondAt(p.t), p99: NaN })),
  });
  return { attempts: of('attempts', 'attempts (servers)'), retries: of('retries', 'retries') };
}

function marker(e: RunEvent, colorIndex: number): TimelineMarker {
  const detail = e.detail ? ` (${e.detail})` : '';
  const short = shortLabel(e);
  return { at: e.at, type: e.type, endpoint: e.endpoint, colorIndex, label: `${short}${detail}`, short };
}

/** From each level's `panic` to its next `panic-ended` (events are in time order). */
export function panicSpans(events: readonly RunEvent[], end: number): PanicSpan[] {
  const open = new Map<number, number>();
  const spans: PanicSpan[] = [];
  for (const e of events) {
    if (e.value === undefined) continue;
    if (e.type === 'panic' && !open.has(e.value)) open.set(e.value, e.at);
    if (e.type === 'panic-ended') {
      const from = open.get(e.value);
      if (from !== undefined) spans.push({ priority: e.value, from, to: e.at });
      open.delete(e.value);
    }
  }
  for (const [priority, from] of open) spans.push({ priority, from, to: end });
  return spans.sort((a, b) => a.from - b.from || a.priority - b.priority);
}

/**
 * A panic belongs to a priority level, not an endpoint (Envoy's panic threshold, per priority:
 * source/common/upstream/load_balancer_impl.cc, `isHostSetInPanic`): its label names the level.
 */
function shortLabel(e: RunEvent): string {
  if ((e.type === 'panic' || e.type === 'panic-ended') && e.value !== undefined) {
    return `${e.type === 'panic' ? 'panic' : 'panic ended'} P${e.value}`;
  }
  return e.endpoint ? `${e.type} ${e.endpoint}` : e.type;
}
