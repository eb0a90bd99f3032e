/**
 * The simulator's side of the client policy layer (src/policy, issue 12): a PolicyClock over the
 * event queue (virtual time: a timer is a heap event, so runs stay deterministic) and an
 * AttemptSender over the virtual servers (an attempt is a request row, as a request is without a
 * policy). Each arrival becomes a request of the layer, which picks, sends, retries and hedges;
 * its final answer is the caller's view, each attempt's the server's.
 *
 * Cancel (a losing hedge, a per-try timeout, the deadline): an attempt still queued leaves its
 * server's queue unserved; one in service or on its way back runs to its end unseen (the server
 * still works). Either way its endpoint counts it at once, kind `cancelled`: what it received.
 */
import type { Balancer, Endpoint, PickContext } from '../engine/types';
import { PolicyLayer, type AttemptAnswer, type AttemptSender, type PolicyClock, type RequestResult } from '../policy';
import type { ClientPolicy } from '../pools/policy-types';
import type { CallerView, RequestAttempts } from '../result/caller-view';
import type { Recorder } from '../result/recorder';
import type { InSystem } from './in-system';
import type { RequestTable } from './request-table';
import type { VirtualServer } from './virtual-server';

/** What the driver needs of the simulation loop (simulation.ts). */
export interface PolicyHost {
  readonly now: number;
  lastAnswer: number;
  readonly inSystem: InSystem;
  readonly reqs: RequestTable;
  readonly p: { readonly servers: readonly VirtualServer[]; readonly warmupMs: number };
  /** Schedules timer `id` (>= 1) at `at`. */
  pushTimer(at: number, id: number): void;
  /** Sends an attempt to `endpoint` now; returns its row. */
  place(endpoint: Endpoint): number;
  /** A caller has its final answer: the closed model's caller goes on (after a pause when nothing was sent: no endpoint, the circuit breaker). */
  next(sentNone: boolean): void;
}

export class PolicyDriver implements PolicyClock, AttemptSender {
  readonly layer: PolicyLayer;
  /**
   * The layer's timers as a slot table: slot i holds its timer's callback from setTimer until its
   * heap event comes off (run or cancelled: the event stays in the heap either way), so the event
   * names its slot (as timer id i + 1) and no Map or per-timer closure is needed. A slot is free
   * again only after its callback returns, so a cancel the callback itself calls (the deadline's
   * finish cancels its own timer) cannot reach a timer set meanwhile.
   */
  private readonly timerFns: ((() => void) | undefined)[] = [];
  /** Per slot, its cancel, made once: valid while its timer waits, as PolicyClock asks. */
  private readonly timerCancels: (() => void)[] = [];
  private readonly freeSlots: number[] = [];
  /** Per request row: the layer's callback for its answer while it waits for one. */
  private readonly waiting: (((a: AttemptAnswer) => void) | undefined)[] = [];
  private readonly counts: RequestAttempts = { attempts: 0, retries: 0, hedges: 0 };
  /**
   * Per request row, its cancel, made once per row rather than once per attempt: the layer calls
   * an attempt's cancel only while it waits for its answer (never after it, nor twice), so the row
   * is still that attempt's.
   */
  private readonly cancels: ((() => void) | undefined)[] = [];
  private readonly onFinal = (r: RequestResult): void => this.final(r);

  private readonly view: CallerView;

  constructor(private readonly host: PolicyHost, private readonly recorder: Recorder, policy: ClientPolicy, balancer: Balancer, random: () => number) {
    this.view = recorder.useCallerView();
    this.layer = new PolicyLayer({ policy, balancer, clock: this, sender: this, random, onEvent: (e) => recorder.event(e), t0: 0, attemptRecords: false });
  }

  now(): number {
    return this.host.now;
  }

  setTimer(at: number, fn: () => void): () => void {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.timerFns.length;
      const s = slot;
      this.timerCancels.push(() => void (this.timerFns[s] = undefined));
    }
    this.timerFns[slot] = fn;
    const now = this.host.now;
    this.host.pushTimer(at > now ? at : now, slot + 1);
    return this.timerCancels[slot];
  }

  /** Timer `id` (slot id - 1) is due; it may have been cancelled. */
  fire(id: number): void {
    const slot = id - 1;
    const fn = this.timerFns[slot];
    this.timerFns[slot] = undefined;
    if (fn !== undefined) fn();
    this.freeSlots.push(slot);
  }

  /** An arrival now: a new request of the layer (its key, if any, is `key`); the time is read here, not passed (a double passed is boxed). */
  request(key: string | undefined): void {
    const ctx: PickContext | undefined = key === undefined ? undefined : { key };
    this.host.inSystem.arrive();
    this.layer.request(ctx, this.onFinal); // intended at `t`, which is now: the layer's default, and no double boxed for the call
  }

  send(endpoint: Endpoint, _info: unknown, onAnswer: (answer: AttemptAnswer) => void): () => void {
    const id = this.host.place(endpoint);
    this.waiting[id] = onAnswer;
    return (this.cancels[id] ??= () => this.cancel(id));
  }

  /** Row `id`'s answer reached the client (called by the loop instead of `pick.done`): `a` is the loop's own, read at once and kept by no one. */
  answered(id: number, a: AttemptAnswer): void {
    const cb = this.waiting[id];
    if (cb === undefined) return;
    this.waiting[id] = undefined;
    cb(a);
  }

  /** The end of the run: the layer's refusals go into the result. */
  finish(): void {
    this.view.refusals(this.layer.counters);
  }

  private cancel(id: number): void {
    const { reqs } = this.host;
    const servers = this.host.p.servers;
    if (this.waiting[id] === undefined || reqs.answered[id]) return;
    reqs.answered[id] = 1;
    this.waiting[id] = undefined;
    const ep = reqs.endpoint[id];
    const s = reqs.slot[id];
    // Queued: skipped when reached (nextQueued), and from now on not counted against the queue's bound.
    if (s === -1) servers[ep].cancelledQueued++;
    // Not in service (queued, or on its way back): the server forgets it; one in service ends unseen.
    if (!(s >= 0 && servers[ep].slotReq[s] === id)) reqs.evicted[id] = 1;
    const now = this.host.now;
    this.recorder.finishedAt(ep, reqs.sentAt[id], now, now - reqs.sentAt[id], false, 'cancelled');
    if (reqs.refs[id] === 0) reqs.release(id);
  }

  private final(r: RequestResult): void {
    const c = this.counts;
    c.attempts = r.sent;
    c.retries = r.retries;
    c.hedges = r.hedges;
    this.recorder.requestFinished(r, c);
    const host = this.host;
    host.inSystem.depart(r.startedAt >= host.p.warmupMs); // no doubles passed: a call not inlined boxes them
    host.lastAnswer = host.now;
    host.next(c.attempts === 0);
  }
}
