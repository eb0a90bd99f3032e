/**
 * `load.stages`, checked with their paths: `[{ "duration": "30s", "target": 2000 }, ...]`, k6's
 * semantics (see load-schedule.ts). Targets are rates in the open model and whole callers in the
 * closed model; a 0 target is a pause. The stages' sum is the run's measured time.
 */
import { ConfigError, show } from '../engine/errors';
import { parseDuration } from '../pools/duration';
import { LIMITS } from '../pools/limits';
import type { Problems } from '../pools/problems';
import type { LoadStage } from '../result/types';

export const STAGE_EXAMPLE = '[{"duration": "10s", "target": 2000}, {"duration": "30s", "target": 2000}]';

/** The checked stages, or undefined when they had problems (recorded in `p`). */
export function checkStages(p: Problems, v: unknown, model: 'open' | 'closed'): LoadStage[] | undefined {
  if (!Array.isArray(v)) {
    p.add('load.stages', `expected a list of stages like ${STAGE_EXAMPLE}, got ${show(v)}`);
    return undefined;
  }
  if (v.length === 0) {
    p.add('load.stages', `expected at least one stage, like ${STAGE_EXAMPLE}`);
    return undefined;
  }
  if (v.length > LIMITS.stages) {
    p.add('load.stages', `at most ${LIMITS.stages} stages, got ${v.length}`);
    return undefined;
  }
  const before = p.count;
  const out: LoadStage[] = [];
  let totalMs = 0;
  v.forEach((raw, i) => {
    const path = `load.stages[${i}]`;
    const obj = p.object(raw, path);
    if (!obj) return;
    // `durationMs` (a number) is how a checked plan and a result write it back: a plan re-checks.
    p.fields(obj, path, ['duration', 'durationMs', 'target', 'ramp']);
    const field = obj.duration === undefined && obj.durationMs !== undefined ? 'durationMs' : 'duration';
    let durationMs: number | undefined;
    if (obj.duration !== undefined && obj.durationMs !== undefined) p.add(`${path}.durationMs`, 'not with duration (give one of the two)');
    else if (obj[field] === undefined) p.add(`${path}.duration`, 'required (like "30s")');
    else {
      try {
        durationMs = parseDuration(obj[field], `${path}.${field}`);
        if (durationMs === 0) {
          p.add(`${path}.${field}`, 'must be longer than 0 ms');
          durationMs = undefined;
        }
      } catch (err) {
        if (err instanceof ConfigError) p.add(`${path}.${field}`, err.problem);
        else throw err;
      }
    }
    let target: number | undefined;
    if (obj.target === undefined) p.add(`${path}.target`, `required (${model === 'open' ? 'requests per second' : 'callers'})`);
    else target = model === 'open' ? p.number(obj.target, `${path}.target`, { min: 0, max: LIMITS.rate }) : p.number(obj.target, `${path}.target`, { min: 0, max: LIMITS.concurrency, integer: true });
    const ramp = obj.ramp === undefined ? undefined : p.boolean(obj.ramp, `${path}.ramp`);
    if (durationMs === undefined || target === undefined) return;
    totalMs += durationMs;
    out.push(ramp === false ? { durationMs, target, ramp } : { durationMs, target });
  });
  if (totalMs > LIMITS.durationMs) p.add('load.stages', `the stages last ${show(totalMs)} ms in all, more than ${LIMITS.durationMs}`);
  return p.count === before ? out : undefined;
}

/** The stages' sum: the measured time of a staged run. */
export function stagesDurationMs(stages: readonly LoadStage[]): number {
  let ms = 0;
  for (const s of stages) ms += s.durationMs;
  return ms;
}
