/**
 * A staged run's target beside what was achieved, per interval: in the open model the target
 * rate against the sends by their intended time (late and dropped ones included: the offered
 * rate), in the closed model the target callers against the callers running.
 */
import type { RunResult } from '../../result/types';

export interface LoadPoint {
  /** Middle of the interval, ms since the run started. */
  t: number;
  v: number;
}

export interface StagedLoadModel {
  /** `requests/s` shares the throughput panel; `callers` gets its own. */
  unit: 'requests/s' | 'callers';
  target: LoadPoint[];
  achieved: LoadPoint[];
  /** Open model: sends dropped by maxInFlight, per second. */
  dropped: LoadPoint[];
  max: number;
}

/** Undefined for a run without stages (no `target` on its timeline). */
export function stagedLoadModel(result: RunResult, mid: (t: number) => number, perSecondAt: (t: number) => number): StagedLoadModel | undefined {
  // The answers of the last sends can close a short interval past the stages: no target there.
  const stagesEnd = (result.config.warmupMs ?? 0) + (result.config.load.stages ?? []).reduce((sum, s) => sum + s.durationMs, 0);
  const points = result.timeline.filter((p) => p.target !== undefined && p.t < stagesEnd);
  if (points.length === 0) return undefined;
  const closed = result.config.load.model === 'closed';
  const target = points.map((p) => ({ t: mid(p.t), v: p.target! }));
  const achieved = points.map((p) => ({ t: mid(p.t), v: closed ? (p.callers ?? 0) : (p.sent ?? 0) * perSecondAt(p.t) }));
  const dropped = closed ? [] : points.map((p) => ({ t: mid(p.t), v: (p.dropped ?? 0) * perSecondAt(p.t) }));
  let max = 0;
  for (const s of [target, achieved]) for (const p of s) max = Math.max(max, p.v);
  return { unit: closed ? 'callers' : 'requests/s', target, achieved, dropped, max: max || 1 };
}
