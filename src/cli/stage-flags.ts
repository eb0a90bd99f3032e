/**
 * `--stage 30s:2000` (open model: a ramp to 2,000 requests per second over 30 s) and
 * `--caller-stage 30s:64` (closed model: to 64 callers), each repeatable, in order;
 * `:step` holds the target for the stage instead of ramping to it (`--stage 10s:500:step`).
 * Only the spelling is checked here; ranges and limits are the plan's (`load.stages[i]`).
 */
import { ConfigError } from '../engine/errors';
import type { LoadModel, LoadStage } from '../result/types';
import { UsageError } from './exit-codes';
import { durationFlag } from './shared';

export interface StageFlags {
  stage?: string[];
  callerStage?: string[];
}

/**
 * The staged load the flags give (as a config gives it: no rate or callers beside the stages, the
 * plan fills those in), or undefined when they give none.
 */
export function stagedLoadFlags(flags: StageFlags & { maxInFlight?: string }, maxInFlight: number | undefined): LoadModel | undefined {
  const rates = flags.stage ?? [];
  const callers = flags.callerStage ?? [];
  if (rates.length > 0 && callers.length > 0) throw new UsageError('give either --stage (rates, open model) or --caller-stage (callers, closed model), not both');
  if (callers.length > 0) {
    if (flags.maxInFlight !== undefined) throw new UsageError('--max-in-flight caps the open model: use --stage, not --caller-stage');
    return { model: 'closed', stages: callers.map((v, i) => stageFlag(v, '--caller-stage', i)) } as unknown as LoadModel;
  }
  if (rates.length === 0) return undefined;
  const stages = rates.map((v, i) => stageFlag(v, '--stage', i));
  return { model: 'open', stages, ...(maxInFlight !== undefined ? { maxInFlight } : {}) } as unknown as LoadModel;
}

/** `DURATION:TARGET[:step]`, e.g. `30s:2000`, `1m:0`, `10s:500:step`. */
export function stageFlag(value: string, flag: string, index: number): LoadStage {
  const where = `${flag} #${index + 1}`;
  const parts = value.split(':');
  if (parts.length < 2 || parts.length > 3 || (parts.length === 3 && parts[2] !== 'step')) {
    throw new ConfigError(where, `expected DURATION:TARGET or DURATION:TARGET:step (like 30s:2000), got ${JSON.stringify(value)}`);
  }
  const durationMs = durationFlag(parts[0], where)!;
  const target = Number(parts[1]);
  if (parts[1].trim() === '' || !Number.isFinite(target)) throw new ConfigError(where, `expected a number after the duration, got ${JSON.stringify(parts[1])}`);
  return parts.length === 3 ? { durationMs, target, ramp: false } : { durationMs, target };
}
