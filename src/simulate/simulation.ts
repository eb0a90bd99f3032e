/**
 * The discrete-event loop (next-event time advance; Law, Simulation Modeling and Analysis, ch. 1):
 * the clock jumps to the earliest of the next scenario step, the next open-model arrival and the
 * head of the event heap. The real balancer picks (its `now` is this clock, its `random` a seeded
 * stream); virtual servers serve; answers go back through `pick.done` and into the Recorder.
 *
 * Per request: a pick, a `done`, a heap event (service end), a delay-line event (the answer) and
 * the recorder's increments; rows are reused, so memory stays flat.
 * What a request meets on its way is written beside the config (types.ts); a policy's part, in policy-driver.ts.
 */
import type { Endpoint, LoadReport, Outcome, Pick, PickContext } from '../engine/types';
import type { AttemptAnswer } from '../policy';
import { MemberSet } from '../run/members';
import type { DelayLine } from './delay-line';
import { EndpointIndex } from './endpoint-index';
import { EventQueue } from './event-queue';
import { InSystem } from './in-system';
import { PolicyDriver, type PolicyHost } from './policy-driver';
import { Answer, RequestTable } from './request-table';
import { applyServerStep, evictRequests } from './server-leave';
import type { SimStep, SimulationParts } from './simulation-parts';
import type { VirtualServer } from './virtual-server';

// Payload = row id << KIND_BITS | kind; retry, 1 us trip, no report. Local: imports are getters (~30 %), Answer's codes too.
const { Ok, ServerError, QueueFull, Refused, Timeout } = Answer;
const NOT_AT_SERVER = -2, DONE = 0, ANSWER = 1, THINK = 2, TIMEOUT = 3, KIND_BITS = 2, KIND_MASK = 3, NO_ENDPOINT_RETRY_MS = 1, MIN_TRIP_MS = 0.001, NO_REPORT = Number.NaN;

export class Simulation implements PolicyHost {
  now = 0;
  /** Requests in the system, and the time-integral Little's law checks (in-system.ts). */
  readonly inSystem: InSystem;
  events = 0;
  sent = 0;
  dropped = 0;
  lastAnswer = 0;

  private readonly queue: EventQueue;
  /** `lineOf[server]` is the queue's line of its answers, -1 for the heap. */
  private readonly lineOf: Int32Array;
  private readonly thinkLine: DelayLine | undefined;
  readonly reqs = new RequestTable();
  /** Under a client policy: arrivals become the layer's requests (policy-driver.ts); each attempt is a row. */
  readonly driver: PolicyDriver | undefined;
  private sending = true;
  /** The load has started; advance() found the run over. */
  private started = false;
  private over = false;
  private nextArrival = Infinity;
  private stepIndex = 0;
  /** Closed model: callers now, and how many the stages want (callers over it leave when answered). */
  private callers = 0;
  private desired = 0;
  private readonly ctx: PickContext = {};
  /** Two shapes, with a server load and without (an undefined `load` would box it per answer); also a policy attempt's AttemptAnswer, uncopied. */
  private readonly outcome: Outcome & AttemptAnswer = { latencyMs: 0, ok: true, load: 0, errorKind: undefined };
  private readonly outcomeNoLoad: Outcome & AttemptAnswer = { ok: true, latencyMs: 0, errorKind: undefined };
  private readonly report: LoadReport = {};
  private readonly index: EndpointIndex;
  private readonly errorKinds: string[];
  private readonly members: MemberSet;

  constructor(readonly p: SimulationParts) {
    this.index = new EndpointIndex(p.endpoints);
    this.errorKinds = ['', p.serverErrorKind, 'queue_full', 'refused', 'reset', 'timeout'];
    const queue = (this.queue = new EventQueue(p.timeoutMs, this));
    this.lineOf = new Int32Array(p.servers.length);
    p.servers.forEach((server, i) => (this.lineOf[i] = queue.lineFor(Math.max(server.rttMs, MIN_TRIP_MS))));
    this.thinkLine = p.closed && p.closed.thinkTimeMs > 0 ? queue.line(queue.lineFor(p.closed.thinkTimeMs)) : undefined;
    this.inSystem = new InSystem(p.warmupMs, this);
    this.members = new MemberSet(p.balancer, p.recorder, p.endpoints, () => this.index.forget());
    if (p.policy) this.driver = new PolicyDriver(this, p.recorder, p.policy.policy, p.balancer, p.policy.random);
  }

  /**
   * Takes at most `budget` events off the event list (so a caller can stop between events, or let
   * a signal through); true when the run is over. The first call starts the load.
   */
  advance(budget: number): boolean {
    const { p, queue } = this;
    if (!this.started) {
      this.started = true;
      if (p.closed) this.setCallers(p.closed.concurrency);
      else this.scheduleArrival();
    }
    const steps = p.scenario;
    for (let taken = 0; taken < budget; taken++) {
      const tQueue = queue.peekTime();
      const tStep = this.stepIndex < steps.length ? steps[this.stepIndex].at : Infinity;
      const tArrival = this.nextArrival;
      if (tStep <= tArrival && tStep <= tQueue) {
        if (tStep === Infinity || (!this.sending && this.inSystem.count === 0)) return (this.over = true);
        this.now = tStep;
        this.applyStep(steps[this.stepIndex++]);
      } else if (tArrival <= tQueue) {
        this.now = tArrival;
        this.send();
        this.scheduleArrival();
      } else {
        if (!this.sending && this.inSystem.count === 0) return (this.over = true); // only work nobody waits for is left
        this.now = tQueue;
        const payload = queue.take();
        this.events++;
        const kind = payload & KIND_MASK;
        if (kind === DONE) this.serviceEnded(payload >>> KIND_BITS, payload);
        else if (kind === ANSWER) this.answerEvent(payload >>> KIND_BITS);
        else if (kind === TIMEOUT) this.timedOut(payload >>> KIND_BITS, queue.lastTag);
        else if (payload !== THINK) this.driver!.fire(payload >>> KIND_BITS); // a policy timer
        else if (this.sending) this.send();
      }
    }
    return false;
  }

  /** Ends the run where it is (also when cut short: then at the last event taken); returns the end time (ms). */
  finish(): number {
    const d = this.p.durationMs;
    const end = Math.max(this.lastAnswer, this.over && Number.isFinite(d) ? d : 0, this.now);
    this.inSystem.integrate((this.now = end));
    return end;
  }

  private scheduleArrival(): void {
    if (!this.sending) return;
    const t = this.p.open!.arrivals.after(this.now);
    if (t >= this.p.durationMs) this.stopSending();
    else this.nextArrival = t;
  }

  private stopSending(): void { this.sending = false; this.nextArrival = Infinity; }

  private send(): void {
    const p = this.p;
    const t = this.now;
    if (t >= p.durationMs) return this.stopSending();
    if (p.countOffered) p.recorder.offeredAt(t);
    if (p.open && this.inSystem.count >= p.open.maxInFlight) {
      this.dropped++;
      p.recorder.dropped(t);
      return;
    }
    if (++this.sent >= p.requests) this.stopSending();
    if (p.nextKey) this.ctx.key = p.nextKey();
    if (this.driver) return this.driver.request(p.nextKey ? this.ctx.key : undefined);
    const pick = p.balancer.pick(this.ctx);
    if (pick === undefined) {
      p.recorder.noEndpoint(t);
      if (p.closed && this.sending) this.queue.heap.push(t + Math.max(p.closed.thinkTimeMs, NO_ENDPOINT_RETRY_MS), THINK);
      return;
    }
    this.inSystem.arrive();
    this.place(pick.endpoint, pick);
  }

  /** Sends a request (an attempt, under a policy) to `endpoint` now; returns its row. */
  place(endpoint: Endpoint, pick?: Pick): number {
    const { p, reqs } = this;
    const t = this.now;
    const ep = this.index.of(endpoint);
    const server = p.servers[ep];
    const id = reqs.allocate();
    reqs.sentAt[id] = t;
    reqs.endpoint[id] = ep;
    reqs.picks[id] = pick;
    p.recorder.startedAt(ep, t);
    this.queue.timeouts.push((id << KIND_BITS) | TIMEOUT, reqs.gen[id]);
    if (server.gone) this.answerAfterTrip(id, Refused, NO_REPORT);
    else if (server.errorProb > 0 && server.errorRandom.next() < server.errorProb) {
      this.answerAfterTrip(id, ServerError, server.replied(reqs, id, false, t));
    } else if (server.busy < server.slots) this.startService(server, id);
    else if (server.queued - server.cancelledQueued < server.queueBound) {
      reqs.slot[id] = -1;
      reqs.refs[id]++;
      server.enqueue(id);
    } else this.answerAfterTrip(id, QueueFull, server.replied(reqs, id, false, t)); // busy = slots: load 1
    return id;
  }

  pushTimer(at: number, id: number): void { this.queue.heap.push(at, (id << KIND_BITS) | THINK); }

  /** An answer that takes no service: after one round trip (at least 1 us, so time moves on). */
  private answerAfterTrip(id: number, error: number, load: number): void {
    const reqs = this.reqs;
    reqs.slot[id] = NOT_AT_SERVER;
    reqs.error[id] = error;
    reqs.load[id] = load;
    const ep = reqs.endpoint[id];
    reqs.refs[id]++;
    this.answerAfter(ep, Math.max(this.p.servers[ep].rttMs, MIN_TRIP_MS), id);
  }

  /** Row `id`'s answer reaches the client `delay` (server `ep`'s round trip) from now; its line takes no double. */
  private answerAfter(ep: number, delay: number, id: number): void {
    const line = this.lineOf[ep];
    if (line >= 0) this.queue.scheduleOnLine(line, (id << KIND_BITS) | ANSWER);
    else this.queue.schedule(line, delay, (id << KIND_BITS) | ANSWER);
  }

  /** Starts serving row `id` now (times are read from fields here and below: a double passed to a call not inlined is boxed). */
  private startService(server: VirtualServer, id: number): void {
    const t = this.now;
    this.reqs.slot[id] = server.occupy(id, t);
    this.reqs.refs[id]++;
    const start = t > server.stalledUntil ? t : server.stalledUntil;
    const end = start + server.nextService() * server.serviceFactor(start);
    this.queue.heap.push(end, (id << KIND_BITS) | DONE);
  }

  private serviceEnded(id: number, payload: number): void {
    const { reqs, p } = this;
    if (reqs.evicted[id]) return this.unref(id); // its server left; the client had a reset
    const ep = reqs.endpoint[id];
    const server = p.servers[ep];
    if (this.now < server.stalledUntil) return this.queue.heap.push(server.stalledUntil, payload);
    server.release(reqs.slot[id], this.now);
    reqs.slot[id] = NOT_AT_SERVER;
    const next = server.queued > 0 ? server.nextQueued(reqs) : -1;
    if (next >= 0) this.startService(server, next);
    const load = server.replied(reqs, id, true, this.now); // served, even if nobody waits for it
    if (reqs.answered[id]) return this.unref(id); // timed out: nobody waits for this answer
    reqs.error[id] = Ok;
    reqs.load[id] = load;
    if (server.rttMs === 0) {
      reqs.refs[id]--;
      this.answer(id);
      if (reqs.refs[id] === 0) reqs.release(id);
    } else this.answerAfter(ep, server.rttMs, id);
  }

  /** Drops one holder of the row; frees it when it was the last and the client has its answer. */
  private unref(id: number): void { if (--this.reqs.refs[id] === 0 && this.reqs.answered[id]) this.reqs.release(id); }

  private answerEvent(id: number): void {
    const reqs = this.reqs;
    if (!reqs.answered[id]) this.answer(id);
    this.unref(id);
  }

  private timedOut(id: number, gen: number): void {
    const reqs = this.reqs;
    if (reqs.gen[id] !== gen || reqs.answered[id]) return; // answered in time (the row may serve another request by now)
    reqs.error[id] = Timeout;
    reqs.load[id] = reqs.orcaUtil[id] = NO_REPORT;
    this.answer(id);
    if (reqs.refs[id] === 0) reqs.release(id);
  }

  /** Gives the client its answer now (the row stays until its holders let go). */
  private answer(id: number): void {
    const { reqs, p } = this;
    reqs.answered[id] = 1;
    reqs.dropStaleTimeouts(this.queue.timeouts, KIND_BITS);
    const t0 = reqs.sentAt[id];
    const latency = reqs.error[id] === Timeout ? p.timeoutMs : this.now - t0;
    const error = reqs.error[id];
    const ok = error === Ok;
    this.lastAnswer = this.now;
    const load = reqs.load[id];
    const report = reqs.reportOf(id, this.report);
    const kind = ok ? undefined : this.errorKinds[error];
    const outcome = load === load ? this.outcome : this.outcomeNoLoad; // NaN: no server report
    outcome.latencyMs = latency;
    outcome.ok = ok;
    if (outcome === this.outcome) outcome.load = load;
    outcome.report = report;
    if (this.driver) {
      outcome.errorKind = kind;
      this.driver.answered(id, outcome);
      return p.recorder.finishedAt(reqs.endpoint[id], t0, this.now, latency, ok, kind); // the row is held until answer() returns
    }
    this.inSystem.depart(t0 >= p.warmupMs);
    reqs.picks[id]!.done(outcome);
    p.recorder.finishedAt(reqs.endpoint[id], t0, this.now, latency, ok, kind);
    this.next();
  }

  /** A closed-model caller whose request was answered (under a policy: its final answer; `sentNone`: refused at once) leaves, thinks or sends again. */
  next(sentNone = false): void {
    if (!this.p.closed || !this.sending) return;
    if (this.callers > this.desired) this.p.recorder.callers(this.now, --this.callers);
    else if (sentNone) this.queue.heap.push(this.now + Math.max(this.p.closed.thinkTimeMs, NO_ENDPOINT_RETRY_MS), THINK); // as after no endpoint: time moves on
    else if (this.thinkLine) this.thinkLine.push(THINK);
    else if (this.p.closed.thinkTimeMs > 0) this.queue.heap.push(this.now + this.p.closed.thinkTimeMs, THINK);
    else this.send();
  }

  private setCallers(n: number): void {
    this.desired = n;
    if (n <= this.callers) return;
    const add = n - this.callers;
    this.p.recorder.callers(this.now, (this.callers = n));
    for (let c = 0; c < add && this.sending; c++) this.send();
  }

  private applyStep(step: SimStep): void {
    if (step.action === 'callers') return this.setCallers(step.value);
    const server = this.p.servers[this.index.ofId(step.endpoint)];
    const evict = (): void => evictRequests(server, this.reqs, this.now, (t, id) => this.queue.heap.push(t, (id << KIND_BITS) | ANSWER));
    applyServerStep(step, server, this.members, this.now, evict, this.p.recorder);
  }
}
