/**
 * The target of a staged run as a function of time (k6's `ramping-arrival-rate` and `ramping-vus`):
 * each stage goes linearly from the previous target (the start value for the first) to its own
 * over its duration, or holds its target for the whole stage when `ramp` is false (a step).
 * Warmup, when given, comes first at the start value (the first target for a step), so the
 * stages cover exactly the measured time.
 *
 * The open model reads the target as a rate (requests per second): send `x` is due when the
 * integrated rate reaches `x` (time rescaling of the cumulative rate, so send k of a ramp is where
 * k6 puts it), and a simulation draws a Poisson process on the same clock (unit exponential gaps
 * on the integrated rate). The closed model reads it as callers, moving by whole callers along
 * the rounded line.
 */
import type { LoadStage } from '../result/types';

/** One linear piece: from `t0` to `t1` (ms since the run started), value `v0` to `v1`. */
interface Piece {
  t0: number;
  t1: number;
  v0: number;
  v1: number;
  /** Integral (value x seconds) up to `t0`. */
  area0: number;
}

export class LoadSchedule {
  private readonly pieces: Piece[] = [];
  /** The integral of the target over the whole schedule (requests, for a rate). */
  readonly totalArea: number;
  /** ms since the run started at which the schedule ends. */
  readonly endMs: number;
  /** The highest target any stage reaches. */
  readonly peak: number;
  private cursor = 0;

  constructor(stages: readonly LoadStage[], start: number, warmupMs = 0) {
    let t = 0;
    let area = 0;
    let prev = start;
    const push = (t1: number, v0: number, v1: number): void => {
      if (t1 <= t) return;
      this.pieces.push({ t0: t, t1, v0, v1, area0: area });
      area += ((v0 + v1) / 2) * ((t1 - t) / 1000);
      t = t1;
    };
    const firstStart = stages.length > 0 && stages[0].ramp === false ? stages[0].target : start;
    push(warmupMs, firstStart, firstStart);
    let peak = firstStart;
    for (const s of stages) {
      if (s.ramp === false) push(t + s.durationMs, s.target, s.target);
      else push(t + s.durationMs, prev, s.target);
      prev = s.target;
      peak = Math.max(peak, s.target);
    }
    this.totalArea = area;
    this.endMs = t;
    this.peak = peak;
  }

  /** The target at `t` (ms since the start); 0 after the end. */
  valueAt(t: number): number {
    const p = this.pieceAt(t);
    if (!p) return 0;
    return p.v0 + ((p.v1 - p.v0) * (t - p.t0)) / (p.t1 - p.t0);
  }

  /** The integral of the target from 0 to `t` (value x seconds). */
  areaTo(t: number): number {
    if (t >= this.endMs) return this.totalArea;
    const p = this.pieceAt(t);
    if (!p) return 0;
    const v = p.v0 + ((p.v1 - p.v0) * (t - p.t0)) / (p.t1 - p.t0);
    return p.area0 + ((p.v0 + v) / 2) * ((t - p.t0) / 1000);
  }

  /** The mean target over [t0, t1) (the part after the schedule's end counts as 0). */
  meanOver(t0: number, t1: number): number {
    if (!(t1 > t0)) return this.valueAt(t0);
    return (this.areaTo(t1) - this.areaTo(t0)) / ((t1 - t0) / 1000);
  }

  /**
   * When send `x` (0, 1, 2, ...) of a rate's schedule is due: the first time after which the
   * integrated rate exceeds `x` (a pause at 0 sends nothing, and a send due at the edge of one
   * waits for it to end); Infinity for `x` at or past the schedule's total. Fastest for
   * increasing `x` (a cursor remembers the piece).
   */
  timeOfArea(x: number): number {
    if (!(x < this.totalArea) || x < 0) return Infinity;
    const ps = this.pieces;
    let i = this.cursor < ps.length && ps[this.cursor].area0 <= x ? this.cursor : 0;
    while (i + 1 < ps.length && ps[i + 1].area0 <= x) i++;
    // Pieces of no area (a pause) end where the next begins: the loop above steps past them.
    this.cursor = i;
    const p = ps[i];
    const dx = x - p.area0;
    if (dx === 0) return p.t0;
    // value(tau) = v0 + k tau (tau in seconds), area(tau) = v0 tau + k tau^2 / 2 = dx: the root
    // written so that nothing cancels when k is small or negative.
    const k = (p.v1 - p.v0) / ((p.t1 - p.t0) / 1000);
    const tau = (2 * dx) / (p.v0 + Math.sqrt(Math.max(0, p.v0 * p.v0 + 2 * k * dx)));
    return Math.min(p.t1, p.t0 + tau * 1000);
  }

  /**
   * The closed model's callers as [time, count] steps, in time order from [0, start]: within a
   * ramp the count moves by one caller at the middle of each 1/|change| of the stage (the
   * rounded line, so the mean callers over a ramp are the line's mean); a step jumps at the
   * stage's start; [endMs, 0] last.
   */
  *callerSteps(): Generator<[number, number]> {
    let last = Number.NaN;
    for (const p of this.pieces) {
      if (p.v0 !== last) yield [p.t0, (last = p.v0)];
      const steps = Math.abs(p.v1 - p.v0);
      const sign = Math.sign(p.v1 - p.v0);
      for (let j = 1; j <= steps; j++) yield [p.t0 + ((j - 0.5) / steps) * (p.t1 - p.t0), (last = p.v0 + sign * j)];
    }
    yield [this.endMs, 0];
  }

  private pieceAt(t: number): Piece | undefined {
    if (t < 0 || t >= this.endMs) return undefined;
    const ps = this.pieces;
    let i = this.cursor < ps.length && ps[this.cursor].t0 <= t ? this.cursor : 0;
    while (ps[i].t1 <= t) i++;
    return ps[i];
  }
}
