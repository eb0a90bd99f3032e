/**
 * One virtual server: `slots` parallel workers, a FIFO queue (bounded or not) in a growable ring
 * of request ids, a service-time sampler, and the faults a scenario puts on it (slow factor,
 * failure share, stall, gone). It only holds state; the simulation loop moves requests through it.
 *
 * The server's clock runs half a round trip behind the client's: a request sent at t enters the
 * server at t (server time) and its answer reaches the client rtt after service ends. With a
 * constant rtt per server this is exact for everything the client observes (latency = rtt + wait
 * + service); only faults, applied at client time, reach the server rtt/2 early.
 */
import { coldMultiplier, type ColdState } from '../faults/cold-start';
import type { Filler } from './distributions';
import { OrcaWindow } from '../orca/window';
import type { ServerSpec } from './plan';
import type { RequestTable } from './request-table';
import type { Rng } from './rng';

const SERVICE_BLOCK = 256;

export class VirtualServer {
  readonly slots: number;
  readonly queueBound: number;
  readonly rttMs: number;
  readonly baseErrorRate: number;
  /** Draws for failures (a stream of their own, so service times do not depend on them). */
  readonly errorRandom: Rng;
  private readonly fill: Filler;
  private readonly serviceRandom: Rng;
  /** Service times drawn ahead in blocks: the sampler runs in a tight loop the compiler can inline. */
  private readonly drawn = new Float64Array(SERVICE_BLOCK);
  private drawnNext = SERVICE_BLOCK;

  busy = 0;
  /** Request id in each slot, -1 when free. */
  readonly slotReq: Int32Array;
  /** Stack of free slot indexes (its first `slots - busy` entries). */
  private readonly freeSlots: Int32Array;
  /** Ring buffer of queued request ids. */
  private ring = new Int32Array(16);
  private head = 0;
  queued = 0;
  /** Of the queued, those cancelled (policy-driver.ts): still in the ring, skipped when reached, not counted against the bound. */
  cancelledQueued = 0;

  /** Service times are multiplied by this (scenario `slow`). */
  slowFactor = 1;
  /** A coldJoin's warm-up (server time), and when it ends; service times started before are multiplied by its curve. */
  private cold: ColdState | undefined;
  private coldUntil = -Infinity;
  /** Share of requests failed by a scenario `fail`, combined with the base error rate. */
  failShare = 0;
  /** Probability that a request fails at once: 1 - (1 - errorRate)(1 - failShare). */
  errorProb: number;
  /** No service starts or ends before this time (scenario `stall`). */
  stalledUntil = -Infinity;
  /** The server left the pool: connections are refused. */
  gone = false;
  /**
   * What its ORCA reports say (src/orca/window.ts), told of every change of `busy` and every reply;
   * absent when the strategy reads no reports, so other runs do not pay for them.
   */
  private readonly orca: OrcaWindow | undefined;

  constructor(spec: ServerSpec, fill: Filler, serviceRandom: Rng, errorRandom: Rng, reports = true) {
    this.slots = spec.slots;
    this.queueBound = spec.queue;
    this.rttMs = spec.rttMs;
    this.fill = fill;
    this.serviceRandom = serviceRandom;
    this.errorRandom = errorRandom;
    this.baseErrorRate = spec.errorRate;
    this.errorProb = spec.errorRate;
    this.orca = reports ? new OrcaWindow(spec.slots, 0) : undefined;
    this.slotReq = new Int32Array(spec.slots).fill(-1);
    this.freeSlots = new Int32Array(spec.slots);
    this.resetSlots();
  }

  /** The next service time, before the slow factor. */
  nextService(): number {
    if (this.drawnNext === SERVICE_BLOCK) this.drawBlock();
    return this.drawn[this.drawnNext++];
  }

  private drawBlock(): void {
    this.fill(this.serviceRandom, this.drawn);
    this.drawnNext = 0;
  }

  /** Occupies a free slot with `id`; returns the slot index (call only when busy < slots). */
  occupy(id: number, now: number): number {
    const slot = this.freeSlots[this.slots - 1 - this.busy];
    this.slotReq[slot] = id;
    this.busy++;
    this.orca?.busyChanged(this.busy, now);
    return slot;
  }

  release(slot: number, now: number): void {
    this.slotReq[slot] = -1;
    this.busy--;
    this.freeSlots[this.slots - 1 - this.busy] = slot;
    this.orca?.busyChanged(this.busy, now);
  }

  /**
   * A reply leaves the server at `now` (a success or an error it answers itself): counted in its
   * ORCA window, whose report goes into row `id`. Returns busy slots / slots (`Outcome.load`).
   */
  replied(reqs: RequestTable, id: number, ok: boolean, now: number): number {
    if (this.orca) {
      this.orca.replied(ok, now);
      reqs.setReport(id, this.orca.report(now, reqs.scratch));
    }
    return this.busy / this.slots;
  }

  private resetSlots(): void {
    this.slotReq.fill(-1);
    for (let s = 0; s < this.slots; s++) this.freeSlots[s] = this.slots - 1 - s;
    this.busy = 0;
  }

  enqueue(id: number): void {
    if (this.queued === this.ring.length) this.growRing();
    this.ring[(this.head + this.queued) & (this.ring.length - 1)] = id;
    this.queued++;
  }

  /** The next queued request to serve, -1 when none; requests cancelled while queued (evicted, policy-driver.ts) are let go of unserved. */
  nextQueued(reqs: RequestTable): number {
    while (this.queued > 0) {
      const id = this.dequeue();
      reqs.refs[id]--;
      if (!reqs.evicted[id]) return id;
      this.cancelledQueued--;
      if (reqs.refs[id] === 0) reqs.release(id);
    }
    return -1;
  }

  dequeue(): number {
    const id = this.ring[this.head];
    this.head = (this.head + 1) & (this.ring.length - 1);
    this.queued--;
    return id;
  }

  /** What a service starting at `t` is multiplied by: the slow factor, and the cold curve while warming. */
  serviceFactor(t: number): number {
    return t < this.coldUntil ? this.slowFactor * coldMultiplier(this.cold, t) : this.slowFactor;
  }

  /**
   * A scenario fault on this server at `now` (leave is the simulation's: it resets requests;
   * coldJoin's membership half is too).
   */
  applyFault(action: 'slow' | 'fail' | 'stall' | 'recover' | 'join' | 'coldJoin', value: number | undefined, now: number, forMs = 0): void {
    if (action === 'coldJoin') {
      this.cold = { since: now, forMs, factor: value ?? 1 };
      this.coldUntil = now + forMs;
    } else if (action === 'slow') this.setFaults(value ?? 1, this.failShare);
    else if (action === 'fail') this.setFaults(this.slowFactor, value ?? 1);
    else if (action === 'stall') this.stalledUntil = Math.max(this.stalledUntil, now + (value ?? 0));
    else {
      // recover clears the faults; join also brings back a server that left.
      if (action === 'join') this.gone = false;
      this.setFaults(1, 0);
      this.stalledUntil = -Infinity;
      this.cold = undefined;
      this.coldUntil = -Infinity;
    }
  }

  setFaults(slowFactor: number, failShare: number): void {
    this.slowFactor = slowFactor;
    this.failShare = failShare;
    this.errorProb = 1 - (1 - this.baseErrorRate) * (1 - failShare);
  }

  /** Every request in a slot or in the queue, in that order; empties both (the server left). */
  evict(now: number): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.slots; s++) if (this.slotReq[s] !== -1) out.push(this.slotReq[s]);
    while (this.queued > 0) out.push(this.dequeue());
    this.cancelledQueued = 0;
    this.resetSlots();
    this.orca?.busyChanged(0, now);
    return out;
  }

  private growRing(): void {
    const bigger = new Int32Array(this.ring.length * 2);
    for (let i = 0; i < this.queued; i++) bigger[i] = this.ring[(this.head + i) & (this.ring.length - 1)];
    this.ring = bigger;
    this.head = 0;
  }
}
