/**
 * Turns grpc-js's per-call hooks into exactly one `Pick.done` per pick.
 *
 * A COMPLETE pick result carries `onCallStarted` and `onCallEnded(statusCode, ...)`; grpc-js calls
 * them around the call on the picked subchannel (`LoadBalancingCall.doPick` in
 * load-balancing-call.ts), and the outcome we feed the strategy is
 * `{ latencyMs: end - start (performance.now), ok: statusCode === OK }`, with the ORCA load report
 * of the `endpoint-load-metrics-bin` trailer as `report` when grpc-js passes the trailers (>= 1.14).
 *
 * grpc-js calls neither hook when it abandons a pick: the subchannel stopped being READY while
 * call credentials were generated (it picks again), or the call ended (deadline, cancel) first.
 * Our balancer counted that pick as in flight, so an abandoned pick must still be settled: picks
 * not started within START_GRACE_MS are settled with no latency sample and `ok: true` (the server
 * never saw the call, so it is not an error). One unref'd timer sweeps them, oldest first; the
 * grace is long enough for slow call-credentials plugins (an OAuth token fetch).
 */
import { decodeOrcaBin, ORCA_BIN_TRAILER } from '../../engine/orca-proto';
import type { LoadReport, Outcome, Pick } from '../../engine/types';

export const START_GRACE_MS = 10_000;

/** What settles a pick that never reached a server: nothing to learn from, no error. */
const ABANDONED: Outcome = Object.freeze({ latencyMs: Number.NaN, ok: true });

class TrackedCall {
  startedAt = Number.NaN;
  settled = false;

  constructor(
    readonly pick: Pick,
    readonly pickedAt: number,
    private readonly tracker: CallTracker,
  ) {}

  readonly onCallStarted = (): void => {
    if (this.settled || !Number.isNaN(this.startedAt)) return;
    this.startedAt = this.tracker.now();
    this.tracker.unstarted.delete(this);
  };

  // grpc-js >= 1.14 also passes (details, metadata): the trailers, where an ORCA report travels.
  readonly onCallEnded = (statusCode: number, _details?: unknown, trailers?: unknown): void => {
    if (this.settled) return;
    const latencyMs = Number.isNaN(this.startedAt) ? Number.NaN : this.tracker.now() - this.startedAt;
    const report = orcaReport(trailers);
    this.settle(report ? { latencyMs, ok: statusCode === this.tracker.okCode, report } : { latencyMs, ok: statusCode === this.tracker.okCode });
  };

  settle(outcome: Outcome): void {
    if (this.settled) return;
    this.settled = true;
    this.tracker.unstarted.delete(this);
    this.pick.done(outcome);
  }
}

export type { TrackedCall };

/** The OrcaLoadReport in grpc-js Metadata (a -bin value is a Buffer), or undefined. */
function orcaReport(trailers: unknown): LoadReport | undefined {
  const get = (trailers as { get?: unknown } | undefined)?.get;
  if (typeof get !== 'function') return undefined;
  const v = (get.call(trailers, ORCA_BIN_TRAILER) as unknown[] | undefined)?.[0];
  return v instanceof Uint8Array ? decodeOrcaBin(v) : undefined;
}

/** One per load balancer: tracks its picks until grpc-js reports them started and ended. */
export class CallTracker {
  /** Picks handed to grpc-js and not started yet, oldest first (a Set keeps insertion order). */
  readonly unstarted = new Set<TrackedCall>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly okCode: number,
    readonly now: () => number = () => performance.now(),
    private readonly graceMs: number = START_GRACE_MS,
  ) {}

  track(pick: Pick): TrackedCall {
    const call = new TrackedCall(pick, this.now(), this);
    this.unstarted.add(call);
    this.timer ??= setTimeout(this.sweep, this.graceMs).unref();
    return call;
  }

  /** Settles every pick still open (the load balancer is going away). */
  settleAll(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const call of [...this.unstarted]) call.settle(ABANDONED);
  }

  private readonly sweep = (): void => {
    this.timer = undefined;
    const cutoff = this.now() - this.graceMs;
    // Bounded by the set's size; stops at the first pick younger than the grace.
    for (const call of this.unstarted) {
      if (call.pickedAt > cutoff) break;
      call.settle(ABANDONED);
    }
    if (this.unstarted.size > 0) this.timer = setTimeout(this.sweep, this.graceMs).unref();
  };
}
