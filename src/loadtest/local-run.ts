/**
 * One thread's load test: the request path of docs/ARCHITECTURE.md (send-path.ts, policy-path.ts) driven
 * by the closed model (callers that send again when answered) or the open model (a Pacer on a fixed
 * schedule, latency from the intended send time). Used directly when `workers` is 1, and by each worker.
 */
import { createBalancer } from '../engine/registry';
import { createSeededRandom } from '../engine/seeded-random';
import type { Balancer, Endpoint, PickContext } from '../engine/types';
import type { ScenarioStep } from '../pools/types';
import type { Recorder } from '../result/recorder';
import type { RingInfo, RunEvent, RunResult, RunStatus } from '../result/types';
import { recorderFor, ringInfoOf, sampleKey, scheduleOf } from '../run/describe';
import { balancingOptions } from '../pools/parse-balancing';
import { balancerEvent } from '../run/events';
import { MemberSet } from '../run/members';
import { RequestSource } from '../run/request-source';
import { MemberTransport, openPool, type Membership } from './membership';
import { Pacer } from './pacer';
import type { Plan } from './plan';
import { RunnerEvents } from './runner-events';
import { ScenarioPlayer } from './scenario';
import { shareLoad, splitInteger, WHOLE, type Share } from './share';
import { wholeShare } from './start-at';
import { StagedCallers, stagedDueAt } from './staged-load';
import { withProtocols, type Transport } from './transports';
import { sendPathFor } from './policy-path';
import type { PathHost, SendPath } from './send-path';

export const PROGRESS_EVERY_MS = 250;
/** After a cancel, requests in flight get this long to answer before the result is taken. */
const CANCEL_GRACE_MS = 250;
/** Closed-model callers started per event-loop turn (each sends at once). */
const CALLERS_PER_TURN = 256;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface LocalRunOptions {
  share?: Share;
  /** Play the scenario here (false in workers: the main thread plays it once for all). */
  playScenario?: boolean;
  /** Start the pool's discovery source here (false in workers: the main thread runs it and posts changes). */
  discover?: boolean;
}

export class LocalRun implements PathHost {
  readonly events = new RunnerEvents();
  private readonly plan: Plan;
  private readonly share: Share;
  /** This thread's place among every shard's workers (start-at.ts). */
  private readonly whole: Share;
  private readonly members: MemberSet;
  readonly balancer: Balancer;
  readonly transport: Transport;
  readonly recorder: Recorder;
  private readonly source: RequestSource;
  private readonly ring: RingInfo | undefined;
  private readonly ctx: PickContext = {};
  private readonly playScenario: boolean;
  /** This thread's: the balancer draws from it, the request source from +1, the policy's backoff jitter from +2. */
  private readonly seed: number;
  startAt = 0;
  /** Requests (not attempts) sent and not answered: the open model's maxInFlight counts these. */
  inFlight = 0;
  /** Made at the start: the policy layer's events count from it. */
  private path: SendPath | undefined;
  private issued = 0;
  private readonly maxRequests: number;
  stopping = false;
  /** performance.now() at the last send or answer; the balancer's clock (see the constructor). */
  clock = performance.now();
  /** Set once the result is taken: later completions still feed the balancer, not the figures. */
  closed = false;
  private ending: { status: RunStatus; error?: string } | undefined;
  private wake: (() => void) | undefined;
  /** Called when the last request in flight ends (set while the run waits for that). */
  private drained: (() => void) | undefined;
  private pacer: Pacer | undefined;
  private staged: StagedCallers | undefined;
  private scenario: ScenarioPlayer | undefined;
  private discovery: Membership | undefined;

  /** Rejects with a ConfigError when the run cannot start (bad strategy options, missing proto...). */
  static async create(plan: Plan, options: LocalRunOptions = {}): Promise<LocalRun> {
    const share = options.share ?? WHOLE;
    const load = shareLoad(plan.load, share);
    // A hedged request may hold maxAttempts connections at once.
    const connections = (load.model === 'closed' ? load.concurrency : Math.min(load.maxInFlight ?? 256, 256)) * (plan.policy?.hedging?.maxAttempts ?? 1);
    const opened = await openPool(plan, options.discover ?? true, { connections: Math.max(1, connections), timeoutMs: plan.timeoutMs, baseDir: plan.baseDir, maxReplyBytes: plan.maxReplyBytes });
    try {
      const run = new LocalRun(opened.plan, opened.transport, options);
      run.discovery = opened.membership;
      opened.membership?.attach({ apply: (eps) => run.setMembers(eps), event: (e) => run.record(e), elapsed: () => (run.startAt ? run.elapsed() : 0) });
      return run;
    } catch (err) {
      await opened.transport.close();
      await opened.membership?.stop();
      throw err;
    }
  }

  private constructor(plan: Plan, transport: Transport, options: LocalRunOptions) {
    this.plan = plan;
    this.share = options.share ?? WHOLE;
    this.playScenario = options.playScenario ?? true;
    // Each worker (and shard) draws its own stream from the run's seed, so runs repeat and workers differ.
    this.whole = wholeShare(plan.shard, this.share);
    const seed = (this.seed = plan.seed + this.whole.index * 0x9e3779b1);
    this.balancer = createBalancer(plan.strategy, plan.pool.endpoints, {
      ...plan.strategyOptions,
      ...balancingOptions(plan.balancing, plan.pool),
      // The runner's own send and answer timestamps: the balancer reads the time right after each,
      // and a clock call per pick and per done is ~40 ns each on a ~7 us request.
      now: () => this.clock,
      random: createSeededRandom(seed),
      outlierDetection: plan.outlierDetection,
      onEvent: (e) => this.record(balancerEvent(e, this.startAt)),
    });
    this.transport = transport;
    this.ring = ringInfoOf(plan, this.balancer);
    this.recorder = recorderFor(plan, this.ring, { workers: plan.workers, fraction: 1 / this.whole.count });
    this.members = new MemberSet(this.balancer, this.recorder, plan.pool.endpoints, transport instanceof MemberTransport ? (eps) => transport.sync(eps) : undefined);
    const rows = plan.requestData && { data: plan.requestData, seed: plan.seed };
    this.source = new RequestSource(plan.pool, plan.key, createSeededRandom(seed + 1), this.whole.index, this.whole.count, true, rows, plan.shard);
    this.maxRequests = plan.requests === undefined ? Infinity : splitInteger(plan.requests, this.share);
  }

  /** ms since the run started. */
  elapsed(): number {
    return performance.now() - this.startAt;
  }

  async run(signal?: AbortSignal): Promise<RunResult> {
    this.startAt = performance.now();
    this.recorder.startsAt(new Date());
    this.path = sendPathFor(this, this.plan.policy, this.seed + 2, (e) => this.record(e));
    const timers: NodeJS.Timeout[] = [];
    const totalMs = this.plan.durationMs === undefined ? undefined : this.plan.warmupMs + this.plan.durationMs;
    const onAbort = (): void => this.stop('cancelled');
    if (signal?.aborted) this.stop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    timers.push(setInterval(() => this.events.emit('progress', { ...this.recorder.progress(this.elapsed()), ...(totalMs ? { totalMs } : {}) }), PROGRESS_EVERY_MS));
    // The open model's pacer ends its own schedule exactly at totalMs (a late timer would add sends).
    if (totalMs !== undefined && this.plan.load.model === 'closed') timers.push(setTimeout(() => this.stop('completed'), totalMs));
    if (this.playScenario && this.plan.scenario.length > 0) {
      this.scenario = new ScenarioPlayer(this.plan.scenario, this.plan.pool.control, {
        membership: (step) => this.membership(step),
        event: (e) => this.record(e),
        failed: (err) => this.stop('failed', err.message),
        elapsed: () => this.elapsed(),
      });
      this.scenario.start();
    }
    try {
      if (this.maxRequests === 0) this.stop('completed');
      else if (!this.stopping) this.startLoad();
      await new Promise<void>((resolve) => (this.stopping ? resolve() : (this.wake = resolve)));
      this.pacer?.stop();
      this.scenario?.stop();
      // Cancelled or failed: what is in flight is abandoned (cancelled on the wire), the partial result kept.
      if (this.ending!.status !== 'completed') this.ended(this.path!.abandon());
      await this.drain(this.ending!.status === 'completed' ? this.plan.timeoutMs + 1000 : CANCEL_GRACE_MS);
      const { status, error } = this.ending!;
      this.path?.finish();
      const result = withProtocols(this.recorder.result(status, this.elapsed(), error), this.transport);
      this.closed = true;
      this.events.emit('done', result);
      return result;
    } finally {
      for (const t of timers) clearTimeout(t);
      signal?.removeEventListener('abort', onAbort);
      this.closed = true;
      this.path?.abandon();
      await this.discovery?.stop();
      await this.transport.close();
    }
  }

  /** Ends the run (the first reason wins); requests in flight are waited for, then the result taken. */
  stop(status: RunStatus, error?: string): void {
    if (this.stopping) return;
    this.stopping = true;
    this.ending = error === undefined ? { status } : { status, error };
    this.pacer?.stop();
    this.staged?.stop();
    this.wake?.();
  }

  /** remove/add: the balancer's endpoints change; what it learned of the others stays. */
  membership(step: ScenarioStep): void {
    if (step.action === 'remove') this.members.remove(step.endpoint);
    else if (step.action === 'add' || step.action === 'coldJoin') this.members.add(step.endpoint);
  }

  /** Discovery: the pool's members are now `endpoints` (workers get them from the main thread). */
  setMembers(endpoints: Endpoint[]): void {
    this.members.replace(endpoints);
  }

  /** Records an event (and tells subscribers). */
  record(e: RunEvent): void {
    if (this.closed) return;
    this.recorder.event(e);
    this.events.emit('event', e);
  }

  private startLoad(): void {
    const load = shareLoad(this.plan.load, this.share);
    const schedule = scheduleOf(this.plan);
    if (load.model === 'closed') {
      const think = load.thinkTimeMs ?? 0;
      if (!schedule) return void this.startCallers(load.concurrency, think);
      this.staged = new StagedCallers(schedule, this.whole, { add: (n) => void this.startCallers(n, think), record: (t, n) => this.recorder.callers(t, n), elapsed: () => this.elapsed() });
      return this.staged.start();
    }
    const cap = load.maxInFlight ?? Infinity;
    this.pacer = new Pacer({
      ...(schedule ? { dueAt: stagedDueAt(schedule, this.startAt, this.whole) } : {}),
      rate: load.rate,
      startAt: this.startAt,
      phase: this.whole.index / this.whole.count,
      limit: Number.isFinite(this.maxRequests) ? this.maxRequests : undefined,
      endAt: this.plan.durationMs === undefined ? undefined : this.startAt + this.plan.warmupMs + this.plan.durationMs,
      send: (intendedAt, lateMs) => {
        // (startAt + d) - startAt is not d in floating point: snapped, a send due on a boundary keeps to one side.
        const t = Math.round((intendedAt - this.startAt) * 1e6) / 1e6;
        this.recorder.lateSend(lateMs, t);
        if (schedule) this.recorder.offeredAt(t);
        if (this.inFlight >= cap) this.recorder.dropped(t);
        else void this.send(intendedAt, intendedAt + lateMs);
      },
      onLimit: () => this.stopWhenDrained(),
    });
    this.pacer.start();
  }

  /** Starts callers in batches, letting the event loop (and a signal) through between them. */
  private async startCallers(count: number, thinkMs: number): Promise<void> {
    for (let i = 0; i < count && !this.stopping; i++) {
      void this.caller(thinkMs);
      if (i % CALLERS_PER_TURN === CALLERS_PER_TURN - 1) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** A closed-model caller: sends, waits for the answer (and the think time), sends again. */
  private async caller(thinkMs: number): Promise<void> {
    while (!this.stopping && this.issued < this.maxRequests && !this.staged?.leave()) {
      const now = performance.now();
      const sent = this.send(now, now);
      // No usable endpoint (or the circuit breaker sent nothing): wait a little rather than spin on the balancer.
      if (!(sent && (await sent))) await sleep(1);
      if (thinkMs > 0 && !this.stopping) await sleep(thinkMs);
    }
    if (this.issued >= this.maxRequests) this.stopWhenDrained();
  }

  /** Draws the request (key, payload) and hands it to the path; undefined when the balancer had no endpoint. */
  private send(intendedAt: number, sentAt: number): Promise<boolean> | undefined {
    this.issued++;
    this.clock = sentAt;
    const req = this.source.take();
    let ctx: PickContext | undefined;
    if (req.key !== undefined) {
      this.ctx.key = req.key;
      ctx = this.ctx;
      sampleKey(this.ring, req.key);
    }
    return this.path!.send(ctx, { seq: req.seq, payload: req.payload, path: req.path }, intendedAt, sentAt);
  }

  /**
   * Runs a strategy call; one that throws ends the run as failed (with what was gathered so far),
   * never as an uncaught exception.
   */
  guard<T>(call: () => T): T | undefined {
    try {
      return call();
    } catch (err) {
      this.stop('failed', `${this.plan.strategy}: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** `n` requests in flight have their final answer, or were abandoned with the run. */
  ended(n = 1): void {
    this.inFlight -= n;
    if (this.inFlight === 0 && this.drained) this.drained();
  }

  private stopWhenDrained(): void {
    if (this.inFlight === 0) this.stop('completed');
    else this.drained = () => this.stop('completed');
  }

  private drain(graceMs: number): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      this.drained = () => void (clearTimeout(timer), resolve());
    });
  }
}
