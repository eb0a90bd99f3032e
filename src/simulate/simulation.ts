/**
 * The discrete-event loop (next-event time advance; Law, Simulation Modeling and Analysis, ch. 1):
 * the clock jumps to the earliest of the next scenario step, the next open-model arrival and the
 * head of the event heap. The real balancer picks (its `now` is this clock, its `random` a seeded
 * stream); virtual servers serve; answers go back through `pick.done` and into the Recorder.
 *
 * Per request: one pick, one `done`, one heap event (the service end), one delay-line event (the
 * answer, a round trip later) and the recorder's increments. Open-model arrivals and scenario steps
 * live beside the heap, not in it; service times and arrival gaps are drawn in blocks. Request rows
 * are reused (request-table.ts), so memory does not grow with the number of requests.
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
 * - The run ends when sending has stopped and every request has its answer; work servers still
 *   have for abandoned requests is not simulated further.
 * - Closed model: a caller whose pick found no endpoint tries again after max(thinkTimeMs, 1) ms.
 */
import type { Balancer, Endpoint, Outcome, PickContext } from '../engine/types';
import type { ScenarioStep } from '../pools/types';
import type { Recorder } from '../result/recorder';
import { stepEvent } from '../run/events';
import { MemberSet } from '../run/members';
import { DelayLine } from './delay-line';
import type { Rng } from './rng';
import { exponential } from './ziggurat';
import { EventHeap } from './event-heap';
import { Answer, RequestTable } from './request-table';
import type { VirtualServer } from './virtual-server';

const DONE = 0;
const ANSWER = 1;
const THINK = 2;
const TIMEOUT = 3;
const KIND_BITS = 2;
const KIND_MASK = 3;
/** Closed-model retry delay after a pick found no endpoint, so time moves on. */
const NO_ENDPOINT_RETRY_MS = 1;
/** Answers without service still take this long (1 us, the recorder's resolution) so time moves on. */
const MIN_TRIP_MS = 0.001;
/** At most this many delay lines (distinct round trips); servers beyond use the heap. */
const MAX_LINES = 4;
const GAP_BLOCK = 1024;
/** `load` of an answer no server gave (refused, reset, timeout): `done` gets no load, not a made-up 0. */
const NO_REPORT = Number.NaN;

export interface SimulationParts {
  balancer: Balancer;
  servers: VirtualServer[];
  /** The pool's endpoints in server order (as given to the balancer). */
  endpoints: readonly Endpoint[];
  recorder: Recorder;
  /** Error kind of a server failure (transport-flavoured, e.g. `http_500`). */
  serverErrorKind: string;
  open: { rate: number; maxInFlight: number; random: Rng } | undefined;
  closed: { concurrency: number; thinkTimeMs: number } | undefined;
  requests: number;
  durationMs: number;
  warmupMs: number;
  timeoutMs: number;
  nextKey: (() => string) | undefined;
  scenario: readonly ScenarioStep[];
}

export class Simulation {
  now = 0;
  /**
   * Time-integral over [warmupMs, now] of the number of measured requests (sent at or after
   * warmupMs, as the Recorder counts them) in the system, in request-ms. Counting the same
   * requests as the Recorder makes Little's law hold over the finite window, not only in the limit.
   */
  area = 0;
  events = 0;
  sent = 0;
  dropped = 0;
  lastAnswer = 0;

  private readonly heap = new EventHeap();
  /** Delay lines by distinct delay; `lineOf[server]` is the line of its answers, -1 for the heap. */
  private readonly lines: DelayLine[] = [];
  private readonly lineOf: Int32Array;
  private readonly thinkLine: DelayLine | undefined;
  private readonly timeoutLine: DelayLine;
  /** Exp(1) arrival gaps drawn ahead. */
  private readonly gaps = new Float64Array(GAP_BLOCK);
  private gapNext = GAP_BLOCK;
  private readonly reqs = new RequestTable();
  /** Requests sent and not yet answered; of them, those sent at or after warmupMs. */
  private inSystem = 0;
  private measuredInSystem = 0;
  private lastT = 0;
  private sending = true;
  private nextArrival = Infinity;
  private stepIndex = 0;
  private readonly ctx: PickContext = {};
  private readonly outcome: Outcome = { latencyMs: 0, ok: true, load: 0 };
  private readonly byEndpoint = new Map<Endpoint, number>();
  private readonly byId: Map<string, number>;
  private readonly errorKinds: string[];
  private readonly members: MemberSet;

  constructor(private readonly p: SimulationParts) {
    this.byId = new Map(p.endpoints.map((e, i) => [e.id, i]));
    this.errorKinds = ['', p.serverErrorKind, 'queue_full', 'refused', 'reset', 'timeout'];
    this.lineOf = new Int32Array(p.servers.length);
    p.servers.forEach((server, i) => (this.lineOf[i] = this.lineFor(Math.max(server.rttMs, MIN_TRIP_MS))));
    const think = p.closed?.thinkTimeMs ?? 0;
    const thinkLine = think > 0 ? this.lineFor(think) : -1;
    this.thinkLine = thinkLine >= 0 ? this.lines[thinkLine] : undefined;
    // Never shared with the others: its events carry tags, and it must never fall back to the heap.
    this.timeoutLine = new DelayLine(p.timeoutMs);
    this.members = new MemberSet(p.balancer, p.recorder, p.endpoints, () => this.byEndpoint.clear());
  }

  private lineFor(delay: number): number {
    const i = this.lines.findIndex((l) => l.delay === delay);
    if (i >= 0 || this.lines.length === MAX_LINES) return i;
    this.lines.push(new DelayLine(delay));
    return this.lines.length - 1;
  }

  /** Runs to the end: every send made, every answer in. Returns the end time (ms). */
  run(): number {
    const { p, heap } = this;
    if (p.closed) for (let c = 0; c < p.closed.concurrency && this.sending; c++) this.send();
    else this.scheduleArrival();
    const steps = p.scenario;
    const lines = this.lines;
    for (;;) {
      let tQueue = heap.peekTime();
      let line: DelayLine | undefined;
      // The timeout line's head is a request still waiting (answer() drops answered ones).
      const tTimeout = this.timeoutLine.peekTime();
      if (tTimeout < tQueue) {
        tQueue = tTimeout;
        line = this.timeoutLine;
      }
      for (let i = 0; i < lines.length; i++) {
        const t = lines[i].peekTime();
        if (t < tQueue) {
          tQueue = t;
          line = lines[i];
        }
      }
      const tStep = this.stepIndex < steps.length ? steps[this.stepIndex].at : Infinity;
      const tArrival = this.nextArrival;
      if (tStep <= tArrival && tStep <= tQueue) {
        if (tStep === Infinity || (!this.sending && this.inSystem === 0)) break;
        this.now = tStep;
        this.applyStep(steps[this.stepIndex++]);
      } else if (tArrival <= tQueue) {
        this.now = tArrival;
        this.send();
        this.scheduleArrival();
      } else {
        if (!this.sending && this.inSystem === 0) break; // only work nobody waits for is left
        this.now = tQueue;
        let payload: number;
        if (line) payload = line.shift();
        else {
          payload = heap.peekPayload();
          heap.pop();
        }
        this.events++;
        const kind = payload & KIND_MASK;
        if (kind === DONE) this.serviceEnded(payload >>> KIND_BITS, payload);
        else if (kind === ANSWER) this.answerEvent(payload >>> KIND_BITS);
        else if (kind === TIMEOUT) this.timedOut(payload >>> KIND_BITS, line!.lastTag);
        else if (this.sending) this.send();
      }
    }
    const end = Math.max(this.lastAnswer, Number.isFinite(p.durationMs) ? p.durationMs : 0, this.now);
    this.now = end;
    this.integrate();
    return end;
  }

  private scheduleArrival(): void {
    const open = this.p.open!;
    if (!this.sending) return;
    if (this.gapNext === GAP_BLOCK) this.drawGaps(open.random);
    const t = this.now + this.gaps[this.gapNext++] * (1000 / open.rate);
    if (t >= this.p.durationMs) this.stopSending();
    else this.nextArrival = t;
  }

  private drawGaps(rng: Rng): void {
    const gaps = this.gaps;
    for (let i = 0; i < GAP_BLOCK; i++) gaps[i] = exponential(rng);
    this.gapNext = 0;
  }

  private stopSending(): void {
    this.sending = false;
    this.nextArrival = Infinity;
  }

  private send(): void {
    const { p, reqs } = this;
    const t = this.now;
    if (t >= p.durationMs) return this.stopSending();
    if (p.open && this.inSystem >= p.open.maxInFlight) {
      this.dropped++;
      p.recorder.dropped(t);
      return;
    }
    if (++this.sent >= p.requests) this.stopSending();
    if (p.nextKey) this.ctx.key = p.nextKey();
    const pick = p.balancer.pick(this.ctx);
    if (pick === undefined) {
      p.recorder.noEndpoint(t);
      if (p.closed && this.sending) this.heap.push(t + Math.max(p.closed.thinkTimeMs, NO_ENDPOINT_RETRY_MS), THINK);
      return;
    }
    const ep = this.indexOf(pick.endpoint);
    const server = p.servers[ep];
    const id = reqs.allocate();
    reqs.sentAt[id] = t;
    reqs.endpoint[id] = ep;
    reqs.picks[id] = pick;
    this.integrate();
    this.inSystem++;
    if (t >= p.warmupMs) this.measuredInSystem++;
    p.recorder.startedAt(ep, t);
    this.timeoutLine.push(t, (id << KIND_BITS) | TIMEOUT, reqs.gen[id]);
    if (server.gone) return this.answerAfterTrip(id, Answer.Refused, NO_REPORT);
    if (server.errorProb > 0 && server.errorRandom.next() < server.errorProb) {
      return this.answerAfterTrip(id, Answer.ServerError, server.busy / server.slots);
    }
    if (server.busy < server.slots) this.startService(ep, server, id, t);
    else if (server.queued < server.queueBound) {
      reqs.slot[id] = -1;
      reqs.refs[id]++;
      server.enqueue(id);
    } else this.answerAfterTrip(id, Answer.QueueFull, 1);
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

  /** Schedules `payload` at now + delay, on delay line `line` (which has that delay) or the heap. */
  private schedule(line: number, delay: number, payload: number): void {
    if (line >= 0) this.lines[line].push(this.now, payload);
    else this.heap.push(this.now + delay, payload);
  }

  private startService(ep: number, server: VirtualServer, id: number, t: number): void {
    this.reqs.slot[id] = server.occupy(id);
    this.reqs.refs[id]++;
    const start = t > server.stalledUntil ? t : server.stalledUntil;
    const end = start + server.nextService() * server.slowFactor;
    this.heap.push(end, (id << KIND_BITS) | DONE);
  }

  private serviceEnded(id: number, payload: number): void {
    const { reqs, p } = this;
    if (reqs.evicted[id]) return this.unref(id); // its server left; the client had a reset
    const ep = reqs.endpoint[id];
    const server = p.servers[ep];
    if (this.now < server.stalledUntil) return this.heap.push(server.stalledUntil, payload);
    server.release(reqs.slot[id]);
    reqs.slot[id] = -1;
    if (server.queued > 0) {
      const next = server.dequeue();
      reqs.refs[next]--;
      this.startService(ep, server, next, this.now);
    }
    if (reqs.answered[id]) return this.unref(id); // timed out: nobody waits for this answer
    reqs.error[id] = Answer.Ok;
    reqs.load[id] = server.busy / server.slots;
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
    reqs.load[id] = NO_REPORT;
    this.answer(id);
    if (reqs.refs[id] === 0) reqs.release(id);
  }

  /** Gives the client its answer now (the row stays until its holders let go). */
  private answer(id: number): void {
    const { reqs, p, outcome } = this;
    reqs.answered[id] = 1;
    // Most timeouts are for requests answered long ago: drop those at the head now, not as events.
    const tl = this.timeoutLine;
    while (tl.size > 0) {
      const head = tl.peekPayload() >>> KIND_BITS;
      if (reqs.gen[head] === tl.peekTag() && !reqs.answered[head]) break;
      tl.shift();
    }
    const t0 = reqs.sentAt[id];
    const latency = reqs.error[id] === Answer.Timeout ? p.timeoutMs : this.now - t0;
    const error = reqs.error[id];
    const ok = error === Answer.Ok;
    this.integrate();
    this.inSystem--;
    if (t0 >= p.warmupMs) this.measuredInSystem--;
    this.lastAnswer = this.now;
    outcome.latencyMs = latency;
    outcome.ok = ok;
    const load = reqs.load[id];
    outcome.load = load === load ? load : undefined; // NaN: no server report
    reqs.picks[id]!.done(outcome);
    p.recorder.finishedAt(reqs.endpoint[id], t0, this.now, latency, ok, ok ? undefined : this.errorKinds[error]);
    if (p.closed && this.sending) {
      if (this.thinkLine) this.thinkLine.push(this.now, THINK);
      else if (p.closed.thinkTimeMs > 0) this.heap.push(this.now + p.closed.thinkTimeMs, THINK);
      else this.send();
    }
  }

  /** Adds inSystem x (now - lastT) to the area, counting only time after warmup. */
  private integrate(): void {
    const t = this.now;
    const w = this.p.warmupMs;
    if (t > w) this.area += this.measuredInSystem * (t - (this.lastT > w ? this.lastT : w));
    this.lastT = t;
  }

  private indexOf(e: Endpoint): number {
    const i = this.byEndpoint.get(e);
    if (i !== undefined) return i;
    const j = this.byId.get(e.id);
    if (j === undefined) throw new Error(`simulation: the balancer picked an unknown endpoint ${e.id}`);
    this.byEndpoint.set(e, j);
    return j;
  }

  private applyStep(step: ScenarioStep): void {
    const server = this.p.servers[this.byId.get(step.endpoint)!];
    switch (step.action) {
      case 'slow':
        server.setFaults(step.value ?? 1, server.failShare);
        break;
      case 'fail':
        server.setFaults(server.slowFactor, step.value ?? 1);
        break;
      case 'stall':
        server.stalledUntil = Math.max(server.stalledUntil, this.now + (step.value ?? 0));
        break;
      case 'recover':
        server.setFaults(1, 0);
        server.stalledUntil = -Infinity;
        break;
      case 'leave':
        this.leave(server);
        break;
      case 'join':
        server.gone = false;
        server.setFaults(1, 0);
        server.stalledUntil = -Infinity;
        break;
      case 'remove':
        this.members.remove(step.endpoint);
        break;
      case 'add':
        this.members.add(step.endpoint);
        break;
    }
    this.p.recorder.event(stepEvent(step, this.now));
  }

  private leave(server: VirtualServer): void {
    server.gone = true;
    const reqs = this.reqs;
    for (const id of server.evict()) {
      reqs.evicted[id] = 1;
      // Queued: the queue lets go of it now. In service: its service end is still on the heap.
      if (reqs.slot[id] < 0) reqs.refs[id]--;
      if (reqs.answered[id]) {
        if (reqs.refs[id] === 0) reqs.release(id);
        continue;
      }
      reqs.error[id] = Answer.Reset;
      reqs.load[id] = NO_REPORT;
      reqs.refs[id]++;
      this.heap.push(this.now + Math.max(server.rttMs / 2, MIN_TRIP_MS), (id << KIND_BITS) | ANSWER);
    }
  }
}
