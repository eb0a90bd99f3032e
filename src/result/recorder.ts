/**
 * The Recorder: what live runs and simulations tell as requests start and finish, turned into a
 * RunResult. Times are ms since the run started, on a real or a virtual clock; the recorder never
 * reads a clock itself.
 *
 * Cost: `finishedAt` is an index computation, four histogram increments and a few counters: no
 * allocation, no string lookups (use `indexOf(id)` once, then the index methods; `started` and
 * `finished` by id are conveniences with one Map lookup). Memory is flat in the number of requests:
 * per endpoint a cumulative and an interval histogram (rows of counts allocated on first use, see
 * histogram.ts), and the timeline grows by one point per interval.
 *
 * Rules, so that every figure means one thing:
 * - Warmup: a request that *started* before `warmupMs` counts only in `totals.warmupRequests`;
 *   in-flight counts always. The timeline covers the measured time only: its intervals start at
 *   `warmupMs` (so the first one is not half warmup) and `durationMs` = end - warmupMs.
 * - A request belongs to the interval in which it finished. Latency is recorded for every finished
 *   request, ok or not (a timeout shows as its timeout: what callers saw).
 * - `noEndpoint(t)` counts a request (kind `no_endpoint`) in the totals and the timeline's total,
 *   with no latency and no endpoint; shares are of `totals.requests`, so they then sum below 1.
 * - `fairShare` = weight / sum of the weights of every endpoint the run saw, removed ones included.
 * - The last, partial interval appears in the timeline when the run ended after its start.
 * - `result()` does not reset anything: it can be called for a partial result and recording can go on.
 */
import { add, create, indexOfMs, LatencyHistogram, reset, summarize, valuesAtPercentiles, encode } from './histogram';
import { redactPool, redactResult } from './redact';
import type {
  EndpointResult,
  ErrorCounts,
  LateSends,
  RingInfo,
  RunConfig,
  RunEvent,
  RunKind,
  RunResult,
  RunStatus,
  RunTotals,
  TimelineCell,
  TimelinePoint,
} from './types';
import { SCHEMA_VERSION } from './types';

export interface RecorderEndpoint {
  id: string;
  address: string;
  weight: number;
  zone?: string;
}

export interface RecorderOptions {
  kind: RunKind;
  config: RunConfig;
  endpoints: RecorderEndpoint[];
  /** Timeline interval, default 1000 ms. */
  intervalMs?: number;
  /** Default config.warmupMs, else 0. */
  warmupMs?: number;
  /** Default: when the recorder was made. */
  startedAt?: Date;
  toolVersion: string;
  ring?: RingInfo;
}

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
}

class EndpointState {
  readonly hist = create();
  readonly intervalHist = create();
  requests = 0;
  ok = 0;
  errors = 0;
  readonly errorsByKind: ErrorCounts = Object.create(null) as ErrorCounts;
  inFlight = 0;
  intervalRequests = 0;
  intervalErrors = 0;
  removed = false;
  constructor(public id: string, public address: string, public weight: number, public zone: string | undefined) {}
}

const P50_P99 = [50, 99];

export class Recorder {
  readonly kind: RunKind;
  readonly intervalMs: number;
  readonly warmupMs: number;
  /** Wall-clock start of the run (RunResult.startedAt). */
  readonly startDate: Date;
  private readonly config: RunConfig;
  private readonly toolVersion: string;
  private readonly ring?: RingInfo;

  private readonly eps: EndpointState[] = [];
  private readonly byId = new Map<string, number>();
  private readonly total = create();
  private readonly intervalTotal = create();
  private intervalRequests = 0;
  private intervalErrors = 0;
  private inFlight = 0;
  private noEndpoints = 0;
  private warmupRequests = 0;
  private readonly late = create();
  private lateCount = 0;
  private lateSeen = false;
  private droppedCount = 0;
  private droppedSeen = false;
  private readonly events: RunEvent[] = [];
  private readonly timeline: TimelinePoint[] = [];
  private intervalStart: number;
  private intervalEnd: number;
  private readonly scratch: number[] = [0, 0];

  constructor(options: RecorderOptions) {
    const intervalMs = options.intervalMs ?? 1000;
    if (!(intervalMs > 0) || !Number.isFinite(intervalMs)) throw new RangeError(`recorder: intervalMs must be a positive number, got ${intervalMs}`);
    const warmupMs = options.warmupMs ?? options.config.warmupMs ?? 0;
    if (!(warmupMs >= 0) || !Number.isFinite(warmupMs)) throw new RangeError(`recorder: warmupMs must be >= 0, got ${warmupMs}`);
    this.kind = options.kind;
    this.intervalMs = intervalMs;
    this.warmupMs = warmupMs;
    this.startDate = options.startedAt ?? new Date();
    this.config = options.config;
    this.toolVersion = options.toolVersion;
    this.ring = options.ring;
    this.intervalStart = warmupMs;
    this.intervalEnd = warmupMs + intervalMs;
    for (const ep of options.endpoints) this.addEndpoint(ep);
  }

  /** Index of an endpoint for the index methods; -1 when unknown. Indexes never change. */
  indexOf(id: string): number {
    return this.byId.get(id) ?? -1;
  }

  /** Adds an endpoint (or brings back a removed one with its figures); returns its index. */
  addEndpoint(ep: RecorderEndpoint): number {
    const known = this.byId.get(ep.id);
    if (known !== undefined) {
      const s = this.eps[known];
      s.removed = false;
      s.address = ep.address;
      s.weight = ep.weight;
      s.zone = ep.zone;
      return known;
    }
    this.eps.push(new EndpointState(ep.id, ep.address, ep.weight, ep.zone));
    this.byId.set(ep.id, this.eps.length - 1);
    return this.eps.length - 1;
  }

  /** Marks an endpoint removed; it keeps its figures (and may finish requests in flight). */
  removeEndpoint(id: string): boolean {
    const i = this.byId.get(id);
    if (i === undefined) return false;
    this.eps[i].removed = true;
    return true;
  }

  started(endpointId: string, t: number): void {
    this.startedAt(this.index(endpointId), t);
  }

  finished(endpointId: string, tStart: number, tEnd: number, latencyMs: number, ok: boolean, errorKind?: string): void {
    this.finishedAt(this.index(endpointId), tStart, tEnd, latencyMs, ok, errorKind);
  }

  /** A request was sent to endpoint `index` at `t`. */
  startedAt(index: number, t: number): void {
    if (t >= this.intervalEnd) this.advance(t);
    this.eps[index].inFlight++;
    this.inFlight++;
  }

  /** A request to endpoint `index` sent at `tStart` ended at `tEnd` (errorKind when not ok, default `other`). */
  finishedAt(index: number, tStart: number, tEnd: number, latencyMs: number, ok: boolean, errorKind?: string): void {
    // Close ended intervals first: this request was still in flight at their end.
    if (tEnd >= this.intervalEnd) this.advance(tEnd);
    const ep = this.eps[index];
    ep.inFlight--;
    this.inFlight--;
    if (tStart < this.warmupMs) {
      this.warmupRequests++;
      return;
    }
    const bucket = indexOfMs(latencyMs);
    ep.hist.recordIndex(bucket);
    ep.intervalHist.recordIndex(bucket);
    this.total.recordIndex(bucket);
    this.intervalTotal.recordIndex(bucket);
    ep.requests++;
    ep.intervalRequests++;
    this.intervalRequests++;
    if (ok) {
      ep.ok++;
    } else {
      ep.errors++;
      ep.intervalErrors++;
      this.intervalErrors++;
      const kind = errorKind ?? 'other';
      ep.errorsByKind[kind] = (ep.errorsByKind[kind] ?? 0) + 1;
    }
  }

  /** The balancer had no usable endpoint for a request due at `t`. */
  noEndpoint(t: number): void {
    if (t < this.warmupMs) {
      this.warmupRequests++;
      return;
    }
    if (t >= this.intervalEnd) this.advance(t);
    this.noEndpoints++;
    this.intervalRequests++;
    this.intervalErrors++;
  }

  /** Open model: call for every send with how late it left (ms, 0 when on time); `t` excludes warmup sends. */
  lateSend(lateMs: number, t?: number): void {
    if (t !== undefined && t < this.warmupMs) return;
    this.lateSeen = true;
    this.late.record(lateMs);
    if (lateMs > 1) this.lateCount++;
  }

  /** Open model: a send the `maxInFlight` cap dropped. */
  dropped(t?: number): void {
    if (t !== undefined && t < this.warmupMs) return;
    this.droppedSeen = true;
    this.droppedCount++;
  }

  event(e: RunEvent): void {
    this.events.push(e);
  }

  /** Moves the clock to `t`, closing the intervals that ended (also done by every recording call). */
  tick(t: number): void {
    if (t >= this.intervalEnd) this.advance(t);
  }

  progress(t: number): RecorderProgress {
    this.tick(t);
    let requests = this.noEndpoints;
    let errors = this.noEndpoints;
    for (const ep of this.eps) {
      requests += ep.requests;
      errors += ep.errors;
    }
    const last = this.timeline.at(-1);
    let throughput = 0;
    let p99 = 0;
    if (last) {
      throughput = last.total.requests / (this.intervalMs / 1000);
      p99 = last.total.p99;
    } else if (t > this.intervalStart) {
      throughput = this.intervalRequests / ((t - this.intervalStart) / 1000);
      p99 = valuesAtPercentiles(this.intervalTotal, P50_P99, this.scratch)[1];
    }
    return { elapsedMs: t, requests, errors, throughput, p99, inFlight: this.inFlight };
  }

  /** The RunResult so far, the run having ended (or being looked at) at `tEnd`. */
  result(status: RunStatus, tEnd: number, error?: string): RunResult {
    this.tick(tEnd);
    const timeline = this.timeline.slice();
    if (tEnd > this.intervalStart) timeline.push(this.point(false));

    let requests = this.noEndpoints;
    let ok = 0;
    let weights = 0;
    const errorsByKind: ErrorCounts = {};
    for (const ep of this.eps) {
      requests += ep.requests;
      ok += ep.ok;
      weights += ep.weight;
      for (const [k, n] of Object.entries(ep.errorsByKind)) errorsByKind[k] = (errorsByKind[k] ?? 0) + n;
    }
    if (this.noEndpoints > 0) errorsByKind.no_endpoint = (errorsByKind.no_endpoint ?? 0) + this.noEndpoints;
    const durationMs = Math.max(0, tEnd - this.warmupMs);

    const endpoints: EndpointResult[] = this.eps.map((ep) => ({
      id: ep.id,
      address: ep.address,
      weight: ep.weight,
      ...(ep.zone !== undefined ? { zone: ep.zone } : {}),
      requests: ep.requests,
      ok: ep.ok,
      errors: ep.errors,
      errorsByKind: { ...ep.errorsByKind },
      share: requests > 0 ? ep.requests / requests : 0,
      fairShare: weights > 0 ? ep.weight / weights : 0,
      latency: summarize(ep.hist),
      histogram: encode(ep.hist),
    }));

    const totals: RunTotals = {
      requests,
      ok,
      errors: requests - ok,
      errorsByKind,
      throughput: durationMs > 0 ? requests / (durationMs / 1000) : 0,
      latency: summarize(this.total),
      histogram: encode(this.total),
    };
    if (this.lateSeen) totals.late = this.lateSummary();
    if (this.droppedSeen) totals.dropped = this.droppedCount;
    if (this.warmupMs > 0 || this.warmupRequests > 0) totals.warmupRequests = this.warmupRequests;

    const events = this.events.slice();
    if (this.warmupMs > 0 && tEnd >= this.warmupMs && !events.some((e) => e.type === 'warmup-ended')) {
      events.push({ at: this.warmupMs, type: 'warmup-ended' });
    }
    events.sort((a, b) => a.at - b.at); // stable: same-time events keep their order

    const result: RunResult = {
      schemaVersion: SCHEMA_VERSION,
      tool: { name: 'rpc-balancer', version: this.toolVersion },
      kind: this.kind,
      status,
      ...(error !== undefined ? { error } : {}),
      startedAt: this.startDate.toISOString(),
      durationMs,
      config: { ...this.config, pool: redactPool(this.config.pool) },
      totals,
      endpoints,
      timelineIntervalMs: this.intervalMs,
      timeline,
      events,
    };
    if (this.ring) result.ring = { ...this.ring, sampleKeys: this.ring.sampleKeys.slice(0, 1000) };
    return redactResult(result);
  }

  /** Total and per-endpoint histograms so far (copies), e.g. for workers that ship histograms. */
  histograms(): { total: LatencyHistogram; endpoints: Record<string, LatencyHistogram> } {
    const endpoints: Record<string, LatencyHistogram> = {};
    for (const ep of this.eps) endpoints[ep.id] = add(create(), ep.hist);
    return { total: add(create(), this.total), endpoints };
  }

  private index(id: string): number {
    const i = this.byId.get(id);
    if (i === undefined) throw new Error(`recorder: unknown endpoint "${id}"`);
    return i;
  }

  private lateSummary(): LateSends {
    const [p50, p99, max] = valuesAtPercentiles(this.late, [50, 99, 100]);
    return { count: this.lateCount, p50Ms: p50, p99Ms: p99, maxMs: max };
  }

  /** Closes every interval that ended at or before `t`. */
  private advance(t: number): void {
    while (t >= this.intervalEnd) {
      this.timeline.push(this.point(true));
      this.intervalStart = this.intervalEnd;
      this.intervalEnd += this.intervalMs;
    }
  }

  /** The current interval as a point; `close` resets the interval's figures. */
  private point(close: boolean): TimelinePoint {
    const endpoints: Record<string, TimelineCell> = {};
    for (const ep of this.eps) {
      if (ep.intervalRequests === 0 && ep.inFlight === 0) continue;
      endpoints[ep.id] = this.cell(ep.intervalHist, ep.intervalRequests, ep.intervalErrors, ep.inFlight);
      if (close && ep.intervalRequests > 0) {
        reset(ep.intervalHist);
        ep.intervalRequests = 0;
        ep.intervalErrors = 0;
      }
    }
    const total = this.cell(this.intervalTotal, this.intervalRequests, this.intervalErrors, this.inFlight);
    if (close) {
      reset(this.intervalTotal);
      this.intervalRequests = 0;
      this.intervalErrors = 0;
    }
    return { t: this.intervalStart, total, endpoints };
  }

  private cell(h: LatencyHistogram, requests: number, errors: number, inFlight: number): TimelineCell {
    const [p50, p99] = h.count > 0 ? valuesAtPercentiles(h, P50_P99, this.scratch) : [0, 0];
    return { requests, errors, p50, p99, inFlight };
  }
}
