/**
 * What one demo endpoint does with a request, whatever the protocol: a lognormal service time,
 * a concurrency limit with a FIFO queue beyond it (so overload shows as latency), an error
 * rate, and the faults a test puts on it (slow, fail, stall). Counts what it answered.
 */
import { coldMultiplier, type ColdState } from '../faults/cold-start';
import { LatencyHistogram } from './latency-histogram';
import { OrcaWindow, type DemoOrcaReport } from './orca';
import { lognormal, mulberry32 } from './random';

/**
 * Bounds of what a demo endpoint accepts. Node's timers hold at most 2^31-1 ms (24.8 days);
 * past that a timer fires at once, with a warning, and a stall of 1e12 ms logged 27,000 of them a
 * second. These are far below that and far above any demo.
 */
export const DEMO_LIMITS = Object.freeze({ maxStallMs: 3_600_000, maxSlowFactor: 1000, maxServiceMs: 60_000 });
/** The longest timer Node arms as asked. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What is wrong with a fault's value (`slow` factor, `fail` share, `stall` ms, `cold` factor and ms), or undefined when it is fine. */
export function faultValueProblem(action: 'slow' | 'fail' | 'stall' | 'cold' | 'coldFor' | 'pushback', value: unknown): string | undefined {
  const n = typeof value === 'number' && Number.isFinite(value) ? value : NaN;
  if (action === 'pushback' && !(Number.isInteger(n) && n >= -1 && n <= DEMO_LIMITS.maxStallMs)) return `ms must be a whole number from -1 (do not retry) to ${DEMO_LIMITS.maxStallMs}, got ${String(value)}`;
  if (action === 'cold' && !(n >= 1 && n <= DEMO_LIMITS.maxSlowFactor)) return `factor must be a number from 1 to ${DEMO_LIMITS.maxSlowFactor}, got ${String(value)}`;
  if (action === 'coldFor' && !(n > 0 && n <= DEMO_LIMITS.maxStallMs)) return `ms must be a positive number up to ${DEMO_LIMITS.maxStallMs} (1 h), got ${String(value)}`;
  if (action === 'slow' && !(n > 0 && n <= DEMO_LIMITS.maxSlowFactor)) return `factor must be a positive number up to ${DEMO_LIMITS.maxSlowFactor}, got ${String(value)}`;
  if (action === 'fail' && !(n >= 0 && n <= 1)) return `share must be between 0 and 1, got ${String(value)}`;
  if (action === 'stall' && !(n > 0 && n <= DEMO_LIMITS.maxStallMs)) return `ms must be a positive number up to ${DEMO_LIMITS.maxStallMs} (1 h), got ${String(value)}`;
  return undefined;
}

export interface DemoEndpointSpec {
  id: string;
  weight?: number;
  zone?: string;
  /** Median service time, default 5 ms. */
  medianMs?: number;
  /** 99th percentile, default 4x the median; at least the median. */
  p99Ms?: number;
  /** Share of requests answered with an error, 0..1, default 0. */
  errorRate?: number;
  /** Requests served at once; the rest wait in FIFO order. Default 16. */
  concurrency?: number;
  /** Passed through to the pool file (a matching virtual server for simulations). */
  sim?: Record<string, unknown>;
  /** A bimodal server (the tail hedging is for): this share of requests takes `ms` instead of the lognormal draw. */
  tail?: { share: number; ms: number };
}

export interface EndpointStats {
  id: string;
  /** Requests answered (ok + errors) since the start or the last reset. */
  requests: number;
  ok: number;
  errors: number;
  /** Requests being served now, and waiting for a slot. */
  busy: number;
  queued: number;
  /** The longest the queue got. */
  maxQueued: number;
  /** Time from arrival to reply as the server measured it (queueing included), ms. */
  p50Ms: number;
  p99Ms: number;
}

/** What a protocol adapter hands in: `reply` answers and says whether the answer went out. */
export interface Job {
  /** performance.now() when the request arrived; set by submit. */
  arrived?: number;
  /** `load`: busy slots / slots now; `orca`: the ORCA report over the last second (orca.ts). */
  reply(ok: boolean, load: number, orca: DemoOrcaReport): boolean;
  /** False once the client went away; a queued job that is gone is dropped. */
  alive(): boolean;
}

export class EndpointBehaviour {
  readonly id: string;
  readonly slots: number;
  private readonly sample: () => number;
  private readonly random: () => number;
  private readonly tail: { share: number; ms: number; random: () => number } | undefined;
  private readonly baseErrorRate: number;
  private slowFactor = 1;
  private failShare: number;
  private stalledUntil = 0;
  /** What failed replies tell the client about retrying, in ms (-1: do not retry); undefined: nothing. */
  pushbackMs: number | undefined = undefined;
  private coldState: ColdState | undefined;
  private busy = 0;
  private readonly queue: Job[] = [];
  private head = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private counts = { requests: 0, errors: 0, maxQueued: 0 };
  private closed = false;
  private readonly served = new LatencyHistogram();
  private readonly window: OrcaWindow;

  constructor(spec: DemoEndpointSpec, seed: number) {
    const median = spec.medianMs ?? 5;
    const p99 = spec.p99Ms ?? median * 4;
    const concurrency = spec.concurrency ?? 16;
    if (!(median > 0) || !(p99 >= median)) throw new Error(`demo endpoint ${spec.id}: need 0 < medianMs <= p99Ms, got ${median} and ${p99}`);
    if (!(p99 <= DEMO_LIMITS.maxServiceMs)) throw new Error(`demo endpoint ${spec.id}: p99Ms (and medianMs) at most ${DEMO_LIMITS.maxServiceMs}, got ${p99}`);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`demo endpoint ${spec.id}: concurrency must be a whole number >= 1, got ${concurrency}`);
    const tail = spec.tail;
    if (tail && !(tail.share >= 0 && tail.share <= 1 && tail.ms > 0 && tail.ms <= DEMO_LIMITS.maxServiceMs)) {
      throw new Error(`demo endpoint ${spec.id}: tail needs a share from 0 to 1 and ms from 0 to ${DEMO_LIMITS.maxServiceMs}, got ${JSON.stringify(tail)}`);
    }
    // Its own stream: a server without a tail draws exactly as before.
    if (tail) this.tail = { ...tail, random: mulberry32(seed ^ 0x5bd1e995) };
    this.id = spec.id;
    this.slots = concurrency;
    this.random = mulberry32(seed);
    this.sample = lognormal(mulberry32(seed ^ 0x9e3779b9), median, p99);
    this.baseErrorRate = spec.errorRate ?? 0;
    this.failShare = this.baseErrorRate;
    this.window = new OrcaWindow(concurrency, performance.now());
  }

  /** The ORCA report (utilization, served and error rates over the last second), for replies sent outside `submit`. */
  orca(): DemoOrcaReport {
    return this.window.report(performance.now());
  }

  /** busy slots / slots, what replies report so `least-load` can use it. */
  load(): number {
    return this.busy / this.slots;
  }

  submit(job: Job): void {
    if (this.closed) return;
    job.arrived = performance.now();
    if (this.busy < this.slots) this.start(job);
    else {
      this.queue.push(job);
      this.counts.maxQueued = Math.max(this.counts.maxQueued, this.queue.length - this.head);
    }
  }

  slow(factor: number): void {
    this.slowFactor = factor;
  }

  /** Cold from now: a just-started server warming up over `forMs` (src/faults/cold-start.ts). */
  cold(factor: number, forMs: number): void {
    this.coldState = { since: performance.now(), forMs, factor };
  }

  fail(share: number): void {
    this.failShare = share;
  }

  /** Answers nothing for `ms`: replies due in that time go out when it ends. */
  stall(ms: number): void {
    this.stalledUntil = Math.max(this.stalledUntil, performance.now() + ms);
  }

  /** From now on failures push back `ms` (gRFC A6 server pushback; -1 says "do not retry"). */
  pushback(ms: number): void {
    this.pushbackMs = ms;
  }

  recover(): void {
    this.pushbackMs = undefined;
    this.slowFactor = 1;
    this.failShare = this.baseErrorRate;
    this.stalledUntil = 0;
    this.coldState = undefined;
  }

  stats(): EndpointStats {
    const { requests, errors, maxQueued } = this.counts;
    return {
      id: this.id, requests, ok: requests - errors, errors, busy: this.busy, queued: this.queue.length - this.head, maxQueued,
      p50Ms: round(this.served.quantile(0.5)), p99Ms: round(this.served.quantile(0.99)),
    };
  }

  resetStats(): void {
    this.counts = { requests: 0, errors: 0, maxQueued: 0 };
    this.served.reset();
  }

  /** Drops every waiting job and timer, so nothing keeps the process alive. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queue.length = 0;
    this.head = 0;
    this.busy = 0;
  }

  private later(ms: number, fn: () => void): void {
    // finish() re-arms for what is left, so a clamped timer only wakes it early, never late.
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, Math.min(ms, MAX_TIMER_MS));
    this.timers.add(t);
  }

  private start(job: Job): void {
    this.busy++;
    const now = performance.now();
    this.window.busyChanged(this.busy, now);
    const tail = this.tail;
    const ms = (tail && tail.random() < tail.share ? tail.ms : this.sample()) * this.slowFactor * coldMultiplier(this.coldState, now);
    const due = now + ms;
    this.later(ms, () => this.finish(job, due));
  }

  private finish(job: Job, due: number): void {
    // Node's timers count from the loop's cached time, so one can fire a little early: wait the
    // rest, so a request never takes less than its service time. A stall holds replies back too.
    const wait = Math.max(due, this.stalledUntil) - performance.now();
    if (wait > 0.05) {
      this.later(wait, () => this.finish(job, due));
      return;
    }
    const ok = !(this.random() < this.failShare);
    // The load a reply reports includes the request itself: it still holds its slot. So does
    // the ORCA report, which also counts this reply in the rates.
    const now = performance.now();
    this.window.replied(ok, now);
    if (job.reply(ok, this.load(), this.window.report(now))) {
      this.counts.requests++;
      if (!ok) this.counts.errors++;
      this.served.record(performance.now() - job.arrived!);
    }
    this.busy--;
    this.window.busyChanged(this.busy, performance.now());
    this.next();
  }

  private next(): void {
    while (this.head < this.queue.length && this.busy < this.slots) {
      const job = this.queue[this.head++];
      if (job.alive()) this.start(job);
    }
    // Compact now and then so a long run does not keep every finished job.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
