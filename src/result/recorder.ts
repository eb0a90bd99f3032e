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
 * - Error kinds: at most MAX_ERROR_KINDS (32) per endpoint and in the totals, `other` included; the
 *   rest count as `other`, and `errorKindsFolded` says how many distinct kinds that was (error-kinds.ts).
 * - `result()` does not reset anything: it can be called for a partial result and recording can go on.
 * - Under a client policy (`useCallerView`) the totals and the timeline's total are the callers'
 *   (caller-view.ts); endpoints and their timeline cells count attempts.
 *
 * The parts: endpoint-state.ts, interval-timeline.ts, open-model-sends.ts (late and dropped sends),
 * offered-load.ts (a staged run's target), error-kinds.ts (the cap), run-result.ts (the figures). */
import { CallerView, type CallerAnswer, type RequestAttempts } from './caller-view';
import { EndpointState, type RecorderEndpoint } from './endpoint-state';
import { add, create, indexOfMs, LatencyHistogram } from './histogram';
import { IntervalTimeline } from './interval-timeline';
import { LiveCursor, type RecorderProgress } from './live-progress';
import { OfferedLoad, type TargetOf } from './offered-load';
import { OpenModelSends } from './open-model-sends';
import { redactPool, redactResult } from './redact';
import { endpointResults, measuredRequests, runEvents, runTotals } from './run-result';
import { SCHEMA_VERSION, type RingInfo, type RunConfig, type RunEvent, type RunKind, type RunResult, type RunStatus } from './types';

const bucketOf = indexOfMs; // local: compiled to CommonJS (tsx: tests, benches) an import is a getter call per use, and this is on every request's path

export type { RecorderEndpoint } from './endpoint-state';
export type { RecorderProgress } from './live-progress';

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
  /** A staged run: its target over an interval, drawn beside what was sent (offered-load.ts). */
  target?: { of: TargetOf; closed: boolean };
}

export class Recorder {
  readonly kind: RunKind;
  readonly intervalMs: number;
  readonly warmupMs: number;
  /** Wall-clock start of the run (RunResult.startedAt). */
  startDate: Date;
  private readonly config: RunConfig;
  private readonly toolVersion: string;
  private readonly ring?: RingInfo;

  private readonly eps: EndpointState[] = [];
  private readonly byId = new Map<string, number>();
  private readonly total = create();
  private readonly timeline: IntervalTimeline;
  private inFlight = 0;
  private noEndpoints = 0;
  private warmupRequests = 0;
  private readonly sends = new OpenModelSends();
  private readonly events: RunEvent[] = [];
  private readonly offered: OfferedLoad | undefined;
  private callerView: CallerView | undefined;
  private readonly live = new LiveCursor();

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
    this.timeline = new IntervalTimeline(intervalMs, warmupMs);
    if (options.target) this.offered = new OfferedLoad(intervalMs, warmupMs, options.target.of, options.target.closed);
    for (const ep of options.endpoints) this.addEndpoint(ep);
  }

  /** The run starts now (later than the recorder was made: connections opened, `startAt` waited for). */
  startsAt(date: Date): void {
    this.startDate = date;
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
      s.priority = ep.priority;
      return known;
    }
    this.eps.push(new EndpointState(ep.id, ep.address, ep.weight, ep.zone, ep.priority));
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

  started(endpointId: string, t: number): void { this.startedAt(this.index(endpointId), t); }
  finished(endpointId: string, tStart: number, tEnd: number, latencyMs: number, ok: boolean, errorKind?: string): void { this.finishedAt(this.index(endpointId), tStart, tEnd, latencyMs, ok, errorKind); }

  /** A request was sent to endpoint `index` at `t`. */
  startedAt(index: number, t: number): void {
    if (t >= this.timeline.end) this.advance(t);
    this.eps[index].inFlight++;
    this.inFlight++;
  }

  /**
   * A request to endpoint `index` sent at `tStart` ended at `tEnd` (errorKind when not ok, default
   * `other`). Under a caller view it is an attempt: it counts for its endpoint only.
   */
  finishedAt(index: number, tStart: number, tEnd: number, latencyMs: number, ok: boolean, errorKind?: string): void {
    const tl = this.timeline;
    // Close ended intervals first: this request was still in flight at their end.
    if (tEnd >= tl.end) this.advance(tEnd);
    const ep = this.eps[index];
    ep.inFlight--;
    this.inFlight--;
    if (tStart < this.warmupMs) return void (this.callerView === undefined && this.warmupRequests++); // a caller view counts requests itself
    const bucket = bucketOf(latencyMs);
    ep.hist.recordIndex(bucket);
    ep.intervalHist.recordIndex(bucket);
    ep.requests++;
    ep.intervalRequests++;
    if (ok) ep.ok++;
    else {
      ep.errors++;
      ep.intervalErrors++;
      ep.errorKinds.add(errorKind ?? 'other');
    }
    if (this.callerView) return;
    this.total.recordIndex(bucket);
    tl.total.recordIndex(bucket);
    tl.requests++;
    if (!ok) tl.errors++;
  }

  /** From now on totals are the callers' view, told by `requestFinishedAt` (a run under a client policy); the view takes the layer's refusals at the end. */
  useCallerView(): CallerView {
    this.timeline.policy = true;
    return (this.callerView ??= new CallerView());
  }

  /** Caller view: a request first meant to be sent at `tStart` had its final answer at `tEnd`, after `a`. */
  requestFinishedAt(tStart: number, tEnd: number, latencyMs: number, ok: boolean, errorKind: string | undefined, a: RequestAttempts): void {
    this.tick(tEnd);
    if (tStart < this.warmupMs) return void this.warmupRequests++;
    const bucket = bucketOf(latencyMs);
    this.total.recordIndex(bucket);
    this.timeline.callerRequest(bucket, ok, a);
    this.callerView!.record(ok, errorKind, a);
  }

  /** `requestFinishedAt` with the times read from `r`: three doubles passed to a call not inlined are three boxes a request. */
  requestFinished(r: CallerAnswer, a: RequestAttempts): void {
    if (r.endedAt >= this.timeline.end) this.advance(r.endedAt); // tick's test inline: no double passed
    if (r.startedAt < this.warmupMs) return void this.warmupRequests++;
    const bucket = bucketOf(r.latencyMs);
    this.total.recordIndex(bucket);
    this.timeline.callerRequest(bucket, r.ok, a);
    this.callerView!.record(r.ok, r.errorKind, a);
  }

  /** The balancer had no usable endpoint for a request due at `t`. */
  noEndpoint(t: number): void {
    if (t < this.warmupMs) {
      this.warmupRequests++;
      return;
    }
    if (t >= this.timeline.end) this.advance(t);
    this.noEndpoints++;
    this.timeline.requests++;
    this.timeline.errors++;
  }

  /** Open model: call for every send with how late it left (ms, 0 when on time); `t` excludes warmup sends. */
  lateSend(lateMs: number, t?: number): void {
    if (t !== undefined && t < this.warmupMs) return;
    this.sends.lateSend(lateMs);
  }

  /** Staged open model: a send due at `t` (sent, late or dropped), counted in the interval of `t`. */
  offeredAt(t: number): void {
    this.offered?.send(t);
  }

  /** Open model: a send the `maxInFlight` cap dropped. */
  dropped(t?: number): void {
    if (t !== undefined && t < this.warmupMs) return;
    this.sends.dropped();
    if (t !== undefined) this.offered?.drop(t);
  }

  /** Staged closed model: `n` callers from `t` on. */
  callers(t: number, n: number): void {
    this.offered?.callers(t, n);
  }

  event(e: RunEvent): void {
    this.events.push(e);
  }

  /** Moves the clock to `t`, closing the intervals that ended (also done by every recording call). */
  tick(t: number): void {
    if (t >= this.timeline.end) this.advance(t);
  }

  /** The running totals, and what the live dashboard needs of what changed since the previous call (live-progress.ts). */
  progress(t: number): RecorderProgress {
    this.tick(t);
    const { eps, noEndpoints, callerView, timeline, events, inFlight } = this;
    return this.live.progress(t, { eps, noEndpoints, callerView, timeline, events, inFlight });
  }

  /** The RunResult so far, the run having ended (or being looked at) at `tEnd`. */
  result(status: RunStatus, tEnd: number, error?: string): RunResult {
    this.tick(tEnd);
    const tl = this.timeline;
    const timeline = tl.points.slice();
    if (tEnd > tl.start) timeline.push(tl.point(false, this.eps, this.inFlight));
    this.offered?.annotate(timeline, tEnd);
    const durationMs = Math.max(0, tEnd - this.warmupMs);
    const { eps, total, noEndpoints, sends, warmupMs, warmupRequests, callerView: callers } = this;
    const totals = runTotals({ eps, total, noEndpoints, sends, warmupMs, warmupRequests, durationMs, callers });
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
      // Under a policy a share is of the attempts (what the servers received together).
      endpoints: endpointResults(this.eps, callers ? measuredRequests(eps, 0) : totals.requests),
      timelineIntervalMs: this.intervalMs,
      timeline,
      events: runEvents(this.events, this.warmupMs, tEnd),
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

  private advance(t: number): void {
    this.timeline.advance(t, this.eps, this.inFlight);
  }
}
