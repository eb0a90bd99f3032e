/**
 * A staged run's timeline figures beside the achieved ones: the target over each interval, the
 * sends by their intended time (open model: a late or dropped send counts where it was due, so
 * `sent` is the offered rate and compares with the target), and the mean callers (closed model).
 */
import type { TimelinePoint } from './types';

/** The mean target over [fromMs, toMs), ms since the run started. */
export type TargetOf = (fromMs: number, toMs: number) => number;

export class OfferedLoad {
  private readonly sent: number[] = [];
  private readonly dropped: number[] = [];
  /** [t, callers] at each change, in time order. */
  private readonly changes: [number, number][] = [];

  constructor(private readonly intervalMs: number, private readonly warmupMs: number, private readonly target: TargetOf, readonly closed: boolean) {}

  send(t: number): void {
    const i = this.slot(t);
    if (i >= 0) this.sent[i] = (this.sent[i] ?? 0) + 1;
  }

  drop(t: number): void {
    const i = this.slot(t);
    if (i >= 0) this.dropped[i] = (this.dropped[i] ?? 0) + 1;
  }

  /** The closed model now has `n` callers (from `t` on). */
  callers(t: number, n: number): void {
    this.changes.push([t, n]);
  }

  /** Adds the figures to the timeline's points (the last one ends at `tEnd`). */
  annotate(points: TimelinePoint[], tEnd: number): void {
    points.forEach((point, i) => {
      const end = Math.max(point.t, Math.min(point.t + this.intervalMs, tEnd));
      point.target = round(this.target(point.t, end > point.t ? end : point.t + this.intervalMs));
      if (this.closed) point.callers = round(this.meanCallers(point.t, end));
      else {
        point.sent = this.sent[i] ?? 0;
        point.dropped = this.dropped[i] ?? 0;
      }
    });
  }

  private meanCallers(t0: number, t1: number): number {
    if (!(t1 > t0)) return this.callersAt(t0);
    let area = 0;
    let n = this.callersAt(t0);
    let at = t0;
    for (const [t, c] of this.changes) {
      if (t <= t0) continue;
      if (t >= t1) break;
      area += n * (t - at);
      at = t;
      n = c;
    }
    area += n * (t1 - at);
    return area / (t1 - t0);
  }

  private callersAt(t: number): number {
    let n = 0;
    for (const [at, c] of this.changes) {
      if (at > t) break;
      n = c;
    }
    return n;
  }

  private slot(t: number): number {
    return t < this.warmupMs ? -1 : Math.floor((t - this.warmupMs) / this.intervalMs);
  }
}

/** Six significant digits: a mean of a ramp is not worth 17 in the JSON. */
function round(v: number): number {
  return Number(v.toPrecision(6));
}
