/**
 * A live run's side of the client policy layer (src/policy, issue 12), the counterpart of
 * simulate/policy-driver.ts: a PolicyClock over real timers and an AttemptSender over the
 * transport. Each request of the run becomes a request of the layer, which picks, sends, retries
 * and hedges; its final answer is the caller's view (recorder.requestFinishedAt), each attempt the
 * server's (startedAt/finishedAt on its endpoint).
 *
 * Cancel (a losing hedge, a per-try timeout, the deadline) ends the exchange on the wire
 * (CallControl) and counts for its endpoint at once, kind `cancelled`: what it received. Ending the
 * run clears every timer (no retry or hedge leaves after it) and cancels the attempts in flight,
 * which, like the plain path's requests in flight at the end, stay out of the figures.
 * One layer per LocalRun, so each worker thread holds its own budget, throttle and breaker.
 */
import type { Endpoint, PickContext } from '../engine/types';
import { PolicyLayer, type AttemptAnswer, type AttemptInfo, type AttemptSender, type PolicyClock, type RequestResult } from '../policy';
import type { ClientPolicy } from '../pools/policy-types';
import type { CallerView, RequestAttempts } from '../result/caller-view';
import type { RunEvent } from '../result/types';
import { createSeededRandom } from '../engine/seeded-random';
import { PlainPath, type PathHost, type SendPath } from './send-path';
import type { CallControl, CallRequest, CallResult } from './transports';

/** The plan's path: the policy layer's when it has a policy (backoff jitter seeded by `seed`), else the plain one. */
export function sendPathFor(host: PathHost, policy: ClientPolicy | undefined, seed: number, onEvent: (e: RunEvent) => void): SendPath {
  return policy ? new PolicyPath(host, policy, createSeededRandom(seed), onEvent) : new PlainPath(host);
}

interface LiveTimer {
  at: number;
  fn: () => void;
  t: NodeJS.Timeout | undefined;
}

/** Real timers the run can clear at its end; each sets the balancer's clock before it runs. */
class LiveClock implements PolicyClock {
  private readonly timers = new Set<LiveTimer>();

  constructor(private readonly host: PathHost) {}

  now(): number {
    return performance.now();
  }

  setTimer(at: number, fn: () => void): () => void {
    const timer: LiveTimer = { at, fn, t: undefined };
    this.timers.add(timer);
    this.arm(timer);
    return () => {
      clearTimeout(timer.t);
      this.timers.delete(timer);
    };
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer.t);
    this.timers.clear();
  }

  private arm(timer: LiveTimer): void {
    timer.t = setTimeout(() => {
      // Node's timers count from the loop's cached ms, so one can fire a little early: a pushback
      // or backoff is a lower bound, so wait out the rest.
      const now = performance.now();
      if (now < timer.at) return this.arm(timer);
      this.timers.delete(timer);
      this.host.clock = now;
      this.host.guard(timer.fn);
    }, Math.max(0, timer.at - performance.now()));
  }
}

/** One attempt on the wire. */
class LiveAttempt {
  readonly control: CallControl = {};
  done = false;
  constructor(
    readonly index: number,
    /** performance.now() when sent, and ms since the run's start. */
    readonly sentAt: number,
    readonly t: number,
    readonly onAnswer: (a: AttemptAnswer) => void,
  ) {}
}

export class PolicyPath implements SendPath {
  private readonly clock: LiveClock;
  private readonly layer: PolicyLayer;
  private readonly view: CallerView;
  /** The request (payload, seq) of each of the layer's requests still open, by the layer's number. */
  private readonly requests = new Map<number, CallRequest>();
  private readonly resolves = new Map<number, (sent: boolean) => void>();
  private readonly live = new Set<LiveAttempt>();
  private readonly counts: RequestAttempts = { attempts: 0, retries: 0, hedges: 0 };
  private readonly onFinal = (r: RequestResult): void => this.final(r);
  private readonly sender: AttemptSender = { send: (endpoint, info, onAnswer) => this.sendAttempt(endpoint, info, onAnswer) };

  constructor(private readonly host: PathHost, policy: ClientPolicy, random: () => number, onEvent: (e: RunEvent) => void) {
    this.view = host.recorder.useCallerView();
    this.clock = new LiveClock(host);
    this.layer = new PolicyLayer({ policy, balancer: host.balancer, clock: this.clock, sender: this.sender, random, onEvent, t0: host.startAt, attemptRecords: false });
  }

  send(ctx: PickContext | undefined, req: CallRequest, intendedAt: number): Promise<boolean> {
    const h = this.host;
    const id = this.layer.counters.requests;
    // The layer keeps the context for the request's retries and hedges: one of its own, not the run's reused one.
    const own = ctx === undefined ? undefined : { ...ctx };
    this.requests.set(id, req);
    h.inFlight++;
    const answered = new Promise<boolean>((resolve) => this.resolves.set(id, resolve));
    h.guard(() => this.layer.request(own, this.onFinal, intendedAt));
    return answered;
  }

  /** One attempt of request `info.request` to `endpoint`, over the transport. */
  private sendAttempt(endpoint: Endpoint, info: AttemptInfo, onAnswer: (answer: AttemptAnswer) => void): () => void {
    const h = this.host;
    const now = (h.clock = performance.now());
    const index = h.recorder.indexOf(endpoint.id);
    const a = new LiveAttempt(index, now, now - h.startAt, onAnswer);
    h.recorder.startedAt(index, a.t);
    this.live.add(a);
    void h.transport.call(endpoint, this.requests.get(info.request)!, a.control).then((res) => this.answered(a, res));
    return () => this.cancel(a);
  }

  abandon(): number {
    this.clock.clear();
    // Out of the figures, as the plain path's requests in flight at the end are: their requests never had a final answer.
    for (const a of this.live) {
      a.done = true;
      a.control.cancel?.();
    }
    this.live.clear();
    const open = this.resolves.size;
    this.resolves.clear();
    this.requests.clear();
    return open;
  }

  finish(): void {
    this.view.refusals(this.layer.counters);
  }

  private answered(a: LiveAttempt, res: CallResult): void {
    if (a.done) return;
    a.done = true;
    this.live.delete(a);
    const h = this.host;
    const end = (h.clock = performance.now());
    const latencyMs = end - a.sentAt;
    if (!h.closed) h.recorder.finishedAt(a.index, a.t, end - h.startAt, latencyMs, res.ok, res.errorKind);
    const answer: AttemptAnswer = { ok: res.ok, latencyMs };
    if (res.errorKind !== undefined) answer.errorKind = res.errorKind;
    if (res.load !== undefined) answer.load = res.load;
    if (res.report !== undefined) answer.report = res.report;
    if (res.pushback !== undefined) answer.pushback = res.pushback;
    h.guard(() => a.onAnswer(answer));
  }

  private cancel(a: LiveAttempt): void {
    if (a.done) return;
    a.done = true;
    this.live.delete(a);
    a.control.cancel?.();
    const h = this.host;
    const now = performance.now();
    if (!h.closed) h.recorder.finishedAt(a.index, a.t, now - h.startAt, now - a.sentAt, false, 'cancelled');
  }

  private final(r: RequestResult): void {
    const resolve = this.resolves.get(r.request);
    this.requests.delete(r.request);
    // Abandoned with the run: already out of the figures and of the in-flight count.
    if (resolve === undefined) return;
    this.resolves.delete(r.request);
    const c = this.counts;
    c.attempts = r.sent;
    c.retries = r.retries;
    c.hedges = r.hedges;
    const h = this.host;
    if (!h.closed) h.recorder.requestFinishedAt(r.startedAt - h.startAt, r.endedAt - h.startAt, r.latencyMs, r.ok, r.errorKind, c);
    h.ended();
    resolve(c.attempts > 0);
  }
}
