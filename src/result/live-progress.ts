/**
 * What a run in progress reports every tick (the runner's `progress` event): the running totals,
 * and for the live dashboard only what changed since the previous tick, so a tick costs O(endpoints)
 * and never copies a histogram: per endpoint its counts and the p99 of the last closed interval
 * (computed once when the interval closed), the intervals closed since, the events recorded since.
 * A panel that applies every tick holds what the RunResult will hold, no more.
 */
import type { CallerView } from './caller-view';
import type { EndpointState } from './endpoint-state';
import type { IntervalTimeline } from './interval-timeline';
import { measuredRequests } from './run-result';
import type { RunEvent, TimelinePoint } from './types';

/** Assignable to the runner's `RunProgress` (add `totalMs` there when known). */
export interface RecorderProgress {
  elapsedMs: number;
  requests: number;
  errors: number;
  /** Per second, over the last complete interval (the current one before the first completes). */
  throughput: number;
  /** ms, over the same interval. */
  p99: number;
  inFlight: number;
  live?: LiveProgress;
}

export interface LiveEndpoint {
  id: string;
  /** Since the run started (measured requests; attempts under a client policy). */
  requests: number;
  errors: number;
  /** Weight / the weights of every endpoint the run saw, as in the result. */
  fairShare: number;
  /** p99 of the last closed interval, ms; absent when the endpoint had no request in it. */
  p99?: number;
}

export interface LiveProgress {
  intervalMs: number;
  endpoints: LiveEndpoint[];
  /** Intervals closed (or, merged from worker threads, changed) since the previous tick; keyed by `t`. */
  intervals: TimelinePoint[];
  /** Events recorded since the previous tick. */
  events: RunEvent[];
}

/** The parts of a Recorder a tick reads. */
export interface LiveSource {
  eps: readonly EndpointState[];
  noEndpoints: number;
  callerView: CallerView | undefined;
  timeline: IntervalTimeline;
  events: readonly RunEvent[];
  inFlight: number;
}

/** Where the previous tick stopped; one per recorder (the runner's timer is its only reader). */
export class LiveCursor {
  private points = 0;
  private events = 0;

  progress(t: number, s: LiveSource): RecorderProgress {
    const c = s.callerView;
    const requests = c ? c.requests : measuredRequests(s.eps as EndpointState[], s.noEndpoints);
    let errors = c ? c.requests - c.ok : s.noEndpoints;
    if (!c) for (const ep of s.eps) errors += ep.errors;
    const { throughput, p99 } = s.timeline.lately(t);
    return { elapsedMs: t, requests, errors, throughput, p99, inFlight: s.inFlight, live: this.take(s) };
  }

  private take(s: LiveSource): LiveProgress {
    const points = s.timeline.points;
    const last = points.at(-1);
    let weights = 0;
    for (const ep of s.eps) weights += ep.weight;
    const endpoints = s.eps.map((ep): LiveEndpoint => {
      const cell = last?.endpoints[ep.id];
      const e: LiveEndpoint = { id: ep.id, requests: ep.requests, errors: ep.errors, fairShare: weights > 0 ? ep.weight / weights : 0 };
      if (cell && cell.requests > 0) e.p99 = cell.p99;
      return e;
    });
    const live = { intervalMs: s.timeline.intervalMs, endpoints, intervals: points.slice(this.points), events: s.events.slice(this.events) };
    this.points = points.length;
    this.events = s.events.length;
    return live;
  }
}
