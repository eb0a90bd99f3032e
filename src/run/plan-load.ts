/** The load model and the bounds of a run, checked the same for load tests and simulations. */
import { show } from '../engine/errors';
import { LIMITS } from '../pools/limits';
import { type Obj, type Problems } from '../pools/problems';
import type { LoadModel, RunKind } from '../result/types';
import { RUN_DEFAULTS } from './defaults';
import { checkStages, STAGE_EXAMPLE } from './plan-stages';

const LOAD_EXAMPLE = '{"model": "closed", "concurrency": 16} or {"model": "open", "rate": 500}';

export function checkLoad(p: Problems, v: unknown): LoadModel {
  const fallback: LoadModel = { model: 'closed', concurrency: 1 };
  const obj = p.object(v, 'load');
  if (!obj) return fallback;
  const model = p.oneOf(obj.model, 'load.model', ['open', 'closed'] as const);
  if (model === 'open') {
    p.fields(obj, 'load', ['model', 'rate', 'maxInFlight', 'stages', 'startRate']);
    const staged = stagedLoad(p, obj, 'open');
    if (!staged && obj.rate === undefined) p.add('load.rate', `required for the open model (${LOAD_EXAMPLE}, or "stages")`);
    const rate = staged || obj.rate === undefined ? 1 : p.number(obj.rate, 'load.rate', { min: 0, exclusiveMin: true, max: LIMITS.rate }) ?? 1;
    const out = (staged ?? { model, rate }) as Extract<LoadModel, { model: 'open' }>;
    if (obj.maxInFlight !== undefined) out.maxInFlight = p.number(obj.maxInFlight, 'load.maxInFlight', { min: 1, max: LIMITS.maxInFlight, integer: true });
    return out;
  }
  if (model === 'closed') {
    p.fields(obj, 'load', ['model', 'concurrency', 'thinkTimeMs', 'stages', 'startCallers']);
    const staged = stagedLoad(p, obj, 'closed');
    if (!staged && obj.concurrency === undefined) p.add('load.concurrency', `required for the closed model (${LOAD_EXAMPLE}, or "stages")`);
    const concurrency = staged || obj.concurrency === undefined ? 1 : p.number(obj.concurrency, 'load.concurrency', { min: 1, max: LIMITS.concurrency, integer: true }) ?? 1;
    const out = (staged ?? { model, concurrency }) as Extract<LoadModel, { model: 'closed' }>;
    const think = obj.thinkTimeMs === undefined ? undefined : p.number(obj.thinkTimeMs, 'load.thinkTimeMs', { min: 0, max: LIMITS.durationMs });
    if (think) out.thinkTimeMs = think;
    return out;
  }
  return fallback;
}

/**
 * The staged form of a load (undefined when `stages` is absent): `rate` / `concurrency` cannot
 * be given beside it, and become the peak target (for sizing connections and workers).
 */
function stagedLoad(p: Problems, obj: Obj, model: 'open' | 'closed'): LoadModel | undefined {
  const fixed = model === 'open' ? 'rate' : 'concurrency';
  const startField = model === 'open' ? 'startRate' : 'startCallers';
  if (obj.stages === undefined) {
    if (obj[startField] !== undefined) p.add(`load.${startField}`, `only with load.stages (${STAGE_EXAMPLE})`);
    return undefined;
  }
  if (obj[fixed] !== undefined) p.add(`load.${fixed}`, `not with load.stages: the stages give the ${model === 'open' ? 'rate' : 'callers'} (drop one of the two)`);
  const stages = checkStages(p, obj.stages, model) ?? [];
  const start =
    obj[startField] === undefined
      ? model === 'open'
        ? 0
        : 1
      : (model === 'open'
          ? p.number(obj[startField], `load.${startField}`, { min: 0, max: LIMITS.rate })
          : p.number(obj[startField], `load.${startField}`, { min: 0, max: LIMITS.concurrency, integer: true })) ?? 0;
  const peak = Math.max(stages[0]?.ramp === false ? 0 : start, ...stages.map((s) => s.target));
  if (stages.length > 0 && peak === 0) p.add('load.stages', `every target is 0: the run would send nothing`);
  const sized = Math.max(peak, 1);
  const first = stages.length > 0 ? stages : [{ durationMs: 1, target: 1 }];
  return model === 'open' ? { model, rate: sized, stages: first, startRate: start } : { model, concurrency: sized, stages: first, startCallers: start };
}

export interface Bounds {
  durationMs?: number;
  requests?: number;
  warmupMs: number;
  timeoutMs: number;
  intervalMs: number;
  notes: string[];
}

/**
 * Bounds, warmup, timeout and the timeline interval (coarsened, with a note, when the timeline
 * would be too big). `durationMs` is the measured time: warmup comes before it, in load tests and
 * simulations alike.
 */
export function checkBounds(p: Problems, c: Obj, kind: RunKind, endpoints: number): Bounds {
  const ms = (field: string, min: number, exclusiveMin = false): number | undefined =>
    c[field] === undefined ? undefined : p.number(c[field], field, { min, exclusiveMin, max: LIMITS.durationMs });
  const durationMs = ms('durationMs', 0, true);
  let requests = c.requests === undefined ? undefined : p.number(c.requests, 'requests', { min: 1, max: LIMITS.requests, integer: true });
  if (c.durationMs === undefined && c.requests === undefined) {
    if (kind === 'simulation') requests = RUN_DEFAULTS.simulatedRequests;
    else p.add('durationMs', 'a run needs a bound: durationMs and/or requests');
  }
  const warmupMs = ms('warmupMs', 0) ?? RUN_DEFAULTS.warmupMs;
  const timeoutMs = ms('timeoutMs', 0, true) ?? RUN_DEFAULTS.timeoutMs;
  const minInterval = kind === 'simulation' ? LIMITS.simulatedIntervalMs : LIMITS.liveIntervalMs;
  let intervalMs = ms('intervalMs', minInterval) ?? RUN_DEFAULTS.intervalMs;
  const notes: string[] = [];
  const span = (durationMs ?? 0) + warmupMs;
  const cells = (span / intervalMs) * Math.max(1, endpoints);
  if (cells > LIMITS.timelineCells) {
    const coarser = niceInterval((span * Math.max(1, endpoints)) / LIMITS.timelineCells);
    notes.push(`timeline interval ${intervalMs} ms coarsened to ${coarser} ms: ${show(Math.ceil(span / intervalMs))} intervals x ${endpoints} endpoints would be more than ${LIMITS.timelineCells} cells`);
    intervalMs = coarser;
  }
  const out: Bounds = { warmupMs, timeoutMs, intervalMs, notes };
  if (durationMs !== undefined) out.durationMs = durationMs;
  if (requests !== undefined) out.requests = requests;
  return out;
}

/** The next interval of the 1-2-5 series at or above `ms`, so coarsened timelines keep round ticks. */
function niceInterval(ms: number): number {
  const decade = 10 ** Math.floor(Math.log10(ms));
  for (const step of [1, 2, 5, 10]) if (step * decade >= ms) return step * decade;
  return 10 * decade;
}
