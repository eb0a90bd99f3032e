/**
 * The discrete-event loop (next-event time advance; Law, Simulation Modeling and Analysis, ch. 1):
 * the clock jumps to the earliest of the next scenario step, the next open-model arrival and the
 * head of the event heap. The real balancer picks (its `now` is this clock, its `random` a seeded
 * stream); virtual servers serve; answers go back through `pick.done` and into the Recorder.
 *
 * Per request: one pick, one `done`, one heap event (the service end), one delay-line event (the
 * answer) and the recorder's increments; request rows are reused, so memory stays flat.
 *
 * Semantics, beyond what the types say:
 * - A request enters its server when sent (see virtual-server.ts on the half round trip).
 * - Failures (error rate, `fail`) and refusals are answered at once, after one round trip, without
 *   taking a slot: fast failures, which is what makes latency-seeking strategies walk into them.
 * - `stall`: no service starts or ends until the stall is over; work due during it ends when it ends.
 * - `leave`: requests queued or in service are reset (answered half a round trip later); new ones
 *   are refused until `join`, which brings the server back empty and without faults.
 * - Timeout (`timeoutMs`, as in live runs): a request unanswered that long is answered `timeout`
 *   with its timeout as latency; the server still works on it (it cannot know), so a slow server
 *   stays busy with work nobody waits for, as real ones do.
 * - The run ends when sending has stopped and every request has its answer (abandoned work is dropped).
 * - Closed model: a caller whose pick found no endpoint tries again after max(thinkTimeMs, 1) ms.
 *   Staged: a caller step adds callers at once; callers over the count leave at their next answer.
 */
import type { LoadReport, Outcome, PickContext } from '../engine/types';
import { stepEvent } from '../run/events';
import { MemberSet } from '../run/members';
import type { DelayLine } from './delay-line';
import { EndpointIndex } from './endpoint-index';
import { EventQueue } from './event-queue';
import { InSystem } from './in-system';
import { Answer, RequestTable } from './request-table';
import { evictRequests } from './server-leave';
import type { SimStep, SimulationParts } from './simulation-parts';
import type { VirtualServer } from './virtual-server';

// Payload = row id << KIND_BITS | kind; retry, 1 us trip, no report. Local: imports are getters (~30 %).
const DONE = 0, ANSWER = 1, THINK = 2, TIMEOUT = 3, KIND_BITS = 2, KIND_MASK = 3, NO_ENDPOINT_RETRY_MS = 1, MIN_TRIP_MS = 0.001, NO_REPORT = Number.NaN;

export class Simulation {
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
  private readonly reqs = new RequestTable();
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
  private readonly outcome: Outcome = { latencyMs: 0, ok: true, load: 0 };
  private readonly report: LoadReport = {};
  private readonly index: EndpointIndex;
  private readonly errorKinds: string[];
  private readonly members: MemberSet;

  constructor(private readonly p: SimulationParts) {
    this.index = new EndpointIndex(p.endpoints);
    this.errorKinds = ['', p.serverErrorKind, 'queue_full', 'refused', 'reset', 'timeout'];
    const queue = (this.queue = new EventQueue(p.timeoutMs));
    this.lineOf = new Int32Array(p.servers.length);
    p.servers.forEach((server, i) => (this.lineOf[i] = queue.lineFor(Math.max(server.rttMs, MIN_TRIP_MS))));
    const think = p.closed?.thinkTimeMs ?? 0;
    this.thinkLine = think > 0 ? queue.line(queue.lineFor(think)) : undefined;
    this.inSystem = new InSystem(p.warmupMs);
    this.members = new MemberSet(p.balancer, p.recorder, p.endpoints, () => this.index.forget());
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
        else if (this.sending) this.send();
      }
    }
    return false;
  }

  /** Ends the run where it is (also when cut short: then at the last event taken); returns the end time (ms). */
  finish(): number {
    const d = this.p.durationMs;
    const end = Math.max(this.lastAnswer, this.over && Number.isFinite(d) ? d : 0, this.now);
    this.now = end;
    this.inSystem.integrate(end);
    return end;
  }

  private scheduleArrival(): void {
    if (!this.sending) return;
    const t = this.p.open!.arrivals.after(this.now);
    if (t >= this.p.durationMs) this.stopSending();
    else this.nextArrival = t;
  }

  private stopSending(): void {
    this.sending = false;
    this.nextArrival = Infinity;
  }

  private send(): void {
    const { p, reqs } = this;
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
    const pick = p.balancer.pick(this.ctx);
    if (pick === undefined) {
      p.recorder.noEndpoint(t);
      if (p.closed && this.sending) this.queue.heap.push(t + Math.max(p.closed.thinkTimeMs, NO_ENDPOINT_RETRY_MS), THINK);
      return;
    }
    const ep = this.index.of(pick.endpoint);
    const server = p.servers[ep];
    const id = reqs.allocate();
    reqs.sentAt[id] = t;
    reqs.endpoint[id] = ep;
    reqs.picks[id] = pick;
    this.inSystem.enter(t, t);
    p.recorder.startedAt(ep, t);
    this.queue.timeouts.push(t, (id << KIND_BITS) | TIMEOUT, reqs.gen[id]);
    if (server.gone) return this.answerAfterTrip(id, Answer.Refused, NO_REPORT);
    if (server.errorProb > 0 && server.errorRandom.next() < server.errorProb) {
      return this.answerAfterTrip(id, Answer.ServerError, server.replied(reqs, id, false, t));
    }
    if (server.busy < server.slots) this.startService(ep, server, id, t);
    else if (server.queued < server.queueBound) {
      reqs.slot[id] = -1;
      reqs.refs[id]++;
      server.enqueue(id);
    } else this.answerAfterTrip(id, Answer.QueueFull, server.replied(reqs, id, false, t)); // busy = slots: load 1
  }

  /** An answer that takes no service: after one round trip (at least 1 us, so time moves on). */
  private answerAfterTrip(id: number, error: number, load: number): void {
    const reqs = this.reqs;
    reqs.error[id] = error;
    reqs.load[id] = load;
    const ep = reqs.endpoint[id];
    reqs.refs[id]++;
    this.schedule(this.lineOf[ep], Math.max(this.p.servers[ep].rttMs, MIN_TRIP_MS), (id << KIND_BITS) | ANSWER);
  }

  private schedule(line: number, delay: number, payload: number): void {
    this.queue.schedule(line, this.now, delay, payload);
  }

  private startService(ep: number, server: VirtualServer, id: number, t: number): void {
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
    reqs.slot[id] = -1;
    if (server.queued > 0) {
      const next = server.dequeue();
      reqs.refs[next]--;
      this.startService(ep, server, next, this.now);
    }
    const load = server.replied(reqs, id, true, this.now); // served, even if nobody waits for it
    if (reqs.answered[id]) return this.unref(id); // timed out: nobody waits for this answer
    reqs.error[id] = Answer.Ok;
    reqs.load[id] = load;
    if (server.rttMs === 0) {
      reqs.refs[id]--;
      this.answer(id);
      if (reqs.refs[id] === 0) reqs.release(id);
    } else this.schedule(this.lineOf[ep], server.rttMs, (id << KIND_BITS) | ANSWER);
  }

  /** Drops one holder of the row; frees it when it was the last and the client has its answer. */
  private unref(id: number): void {
    const reqs = this.reqs;
    if (--reqs.refs[id] === 0 && reqs.answered[id]) reqs.release(id);
  }

  private answerEvent(id: number): void {
    const reqs = this.reqs;
    if (!reqs.answered[id]) this.answer(id);
    this.unref(id);
  }

  private timedOut(id: number, gen: number): void {
    const reqs = this.reqs;
    if (reqs.gen[id] !== gen || reqs.answered[id]) return; // answered in time (the row may serve another request by now)
    reqs.error[id] = Answer.Timeout;
    reqs.load[id] = reqs.orcaUtil[id] = NO_REPORT;
    this.answer(id);
    if (reqs.refs[id] === 0) reqs.release(id);
  }

  /** Gives the client its answer now (the row stays until its holders let go). */
  private answer(id: number): void {
    const { reqs, p, outcome } = this;
    reqs.answered[id] = 1;
    // Most timeouts are for requests answered long ago: drop those at the head now, not as events.
    const tl = this.queue.timeouts;
    while (tl.size > 0) {
      const head = tl.peekPayload() >>> KIND_BITS;
      if (reqs.gen[head] === tl.peekTag() && !reqs.answered[head]) break;
      tl.shift();
    }
    const t0 = reqs.sentAt[id];
    const latency = reqs.error[id] === Answer.Timeout ? p.timeoutMs : this.now - t0;
    const error = reqs.error[id];
    const ok = error === Answer.Ok;
    this.inSystem.leave(this.now, t0);
    this.lastAnswer = this.now;
    outcome.latencyMs = latency;
    outcome.ok = ok;
    const load = reqs.load[id];
    outcome.load = load === load ? load : undefined; // NaN: no server report
    outcome.report = reqs.reportOf(id, this.report);
    reqs.picks[id]!.done(outcome);
    p.recorder.finishedAt(reqs.endpoint[id], t0, this.now, latency, ok, ok ? undefined : this.errorKinds[error]);
    if (p.closed && this.sending) {
      if (this.callers > this.desired) p.recorder.callers(this.now, --this.callers);
      else if (this.thinkLine) this.thinkLine.push(this.now, THINK);
      else if (p.closed.thinkTimeMs > 0) this.queue.heap.push(this.now + p.closed.thinkTimeMs, THINK);
      else this.send();
    }
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
    if (step.action === 'leave') evictRequests(server, this.reqs, this.now, (t, id) => this.queue.heap.push(t, (id << KIND_BITS) | ANSWER));
    else if (step.action === 'remove') this.members.remove(step.endpoint);
    else if (step.action === 'add') this.members.add(step.endpoint);
    else server.applyFault(step.action, step.value, this.now, step.forMs);
    if (step.action === 'coldJoin') this.members.add(step.endpoint);
    this.p.recorder.event(stepEvent(step, this.now));
  }
}
