/**
 * The Recorder's timeline: fixed intervals from the end of warmup, each closed into a point (per
 * endpoint and total: requests, errors, p50, p99, in flight at its end) once the clock passes it.
 */
import type { RequestAttempts } from './caller-view';
import type { EndpointState } from './endpoint-state';
import { create, LatencyHistogram, reset, valuesAtPercentiles } from './histogram';
import type { TimelineCell, TimelinePoint } from './types';

const P50_P99 = [50, 99];

export class IntervalTimeline {
  /** Closed intervals, oldest first. */
  readonly points: TimelinePoint[] = [];
  /** The current interval's latencies over every endpoint. */
  readonly total = create();
  requests = 0;
  errors = 0;
  /** Under a client policy (`policy` set): attempts and retries of the requests finished in the interval. */
  policy = false;
  attempts = 0;
  retries = 0;
  start: number;
  end: number;
  private readonly scratch: number[] = [0, 0];

  constructor(readonly intervalMs: number, warmupMs: number) {
    this.start = warmupMs;
    this.end = warmupMs + intervalMs;
  }

  /** Closes every interval that ended at or before `t`. */
  advance(t: number, eps: EndpointState[], inFlight: number): void {
    while (t >= this.end) {
      this.points.push(this.point(true, eps, inFlight));
      this.start = this.end;
      this.end += this.intervalMs;
    }
  }

  /** The current interval as a point; `close` resets the interval's figures. */
  point(close: boolean, eps: EndpointState[], inFlight: number): TimelinePoint {
    const endpoints: Record<string, TimelineCell> = {};
    for (const ep of eps) {
      if (ep.intervalRequests === 0 && ep.inFlight === 0) continue;
      endpoints[ep.id] = this.cell(ep.intervalHist, ep.intervalRequests, ep.intervalErrors, ep.inFlight);
      if (close && ep.intervalRequests > 0) {
        reset(ep.intervalHist);
        ep.intervalRequests = 0;
        ep.intervalErrors = 0;
      }
    }
    const total = this.cell(this.total, this.requests, this.errors, inFlight);
    if (this.policy) {
      total.attempts = this.attempts;
      total.retries = this.retries;
    }
    if (close) {
      reset(this.total);
      this.requests = this.errors = this.attempts = this.retries = 0;
    }
    return { t: this.start, total, endpoints };
  }

  /** Under a policy: a caller's request (its latency's bucket, its attempts) finished in the interval. */
  callerRequest(bucket: number, ok: boolean, a: RequestAttempts): void {
    this.total.recordIndex(bucket);
    this.requests++;
    this.attempts += a.attempts;
    this.retries += a.retries;
    if (!ok) this.errors++;
  }

  /** p99 of the current interval so far (progress before the first interval closes). */
  currentP99(): number {
    return valuesAtPercentiles(this.total, P50_P99, this.scratch)[1];
  }

  /** Throughput (per second) and p99 over the last complete interval, the current one before the first completes. */
  lately(t: number): { throughput: number; p99: number } {
    const last = this.points.at(-1);
    if (last) return { throughput: last.total.requests / (this.intervalMs / 1000), p99: last.total.p99 };
    if (t > this.start) return { throughput: this.requests / ((t - this.start) / 1000), p99: this.currentP99() };
    return { throughput: 0, p99: 0 };
  }

  private cell(h: LatencyHistogram, requests: number, errors: number, inFlight: number): TimelineCell {
    const [p50, p99] = h.count > 0 ? valuesAtPercentiles(h, P50_P99, this.scratch) : [0, 0];
    return { requests, errors, p50, p99, inFlight };
  }
}
