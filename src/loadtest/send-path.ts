/**
 * How a live run sends one request: the plain path (one pick, one transport call, one done)
 * when the plan has no client policy, or the policy layer's (policy-path.ts) when it has one.
 * LocalRun draws the request (key, payload); a path sends it, counts it in flight and says when
 * the caller has its final answer.
 */
import type { Balancer, PickContext } from '../engine/types';
import type { Recorder } from '../result/recorder';
import type { CallRequest, Transport } from './transports';

/** What a path needs of the run (local-run.ts). */
export interface PathHost {
  readonly recorder: Recorder;
  readonly balancer: Balancer;
  readonly transport: Transport;
  /** performance.now() at the run's start. */
  readonly startAt: number;
  /** The result is taken: later answers still feed the balancer, not the figures. */
  readonly closed: boolean;
  readonly stopping: boolean;
  /** The balancer's clock (performance.now() at the last send or answer). */
  clock: number;
  /** Runs a strategy call; one that throws ends the run as failed. */
  guard<T>(call: () => T): T | undefined;
  /** Requests in flight (maxInFlight counts requests, not attempts): a path adds one as it sends ... */
  inFlight: number;
  /** ... and `ended()` takes it off at the final answer. */
  ended(): void;
}

export interface SendPath {
  /**
   * Sends a request due at `intendedAt` and leaving at `sentAt` (performance.now()); undefined
   * when no endpoint took it (counted). The promise resolves at the caller's final answer, with
   * false when nothing was sent (no endpoint, the circuit breaker), so a closed-model caller pauses.
   */
  send(ctx: PickContext | undefined, req: CallRequest, intendedAt: number, sentAt: number): Promise<boolean> | undefined;
  /** The run ends: abandons what is in flight or waiting; returns how many requests that left unanswered. */
  abandon(): number;
  /** Before the result is taken. */
  finish(): void;
}

/** No policy: today's request path, unchanged (its cost is what `npm run bench -- loadtest` measures). */
export class PlainPath implements SendPath {
  constructor(private readonly host: PathHost) {}

  send(ctx: PickContext | undefined, req: CallRequest, intendedAt: number, sentAt: number): Promise<boolean> | undefined {
    const h = this.host;
    const tIntended = intendedAt - h.startAt;
    const pick = h.guard(() => h.balancer.pick(ctx));
    if (!pick) {
      if (!h.stopping) h.recorder.noEndpoint(tIntended);
      return undefined;
    }
    const index = h.recorder.indexOf(pick.endpoint.id);
    h.recorder.startedAt(index, tIntended);
    h.inFlight++;
    return h.transport.call(pick.endpoint, req).then((res) => {
      const end = (h.clock = performance.now());
      // The balancer learns the server's own latency; callers' latency (below) counts from when the request was due.
      h.guard(() => pick.done({ latencyMs: end - sentAt, ok: res.ok, load: res.load, report: res.report }));
      if (!h.closed) h.recorder.finishedAt(index, tIntended, end - h.startAt, end - intendedAt, res.ok, res.errorKind);
      h.ended();
      return true;
    });
  }

  abandon(): number {
    return 0;
  }

  finish(): void {}
}
