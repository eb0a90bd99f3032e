/**
 * Slow-start ramps for the timeline: for each endpoint that joined the running pool (an `added`
 * event after the start) in a run with `slowStart`, its weight factor from the join to the end of
 * the window, by the engine's own formula (engine/slow-start.ts, Envoy's
 * max(minWeightPercent, (t / window) ^ (1 / aggression))), so the band shows what the balancer did.
 */
import { parseDuration } from '../../engine/duration';
import { SLOW_START_DEFAULTS, type SlowStartConfig } from '../../engine/priority-options';
import { slowStartFactor } from '../../engine/slow-start';
import { formatPercent, formatSeconds } from '../../result/format';
import type { RunResult } from '../../result/types';

export interface SlowStartRamp {
  endpoint: string;
  colorIndex: number;
  /** ms since the run started: the join, and the end of the window (cut at the end of the run). */
  from: number;
  to: number;
  /** The weight factor (0..1] along the ramp, in time order. */
  points: { t: number; factor: number }[];
  /** `s4 slow start: 10% → 100% over 4.00 s`. */
  label: string;
}

/** Points per ramp: enough that a curve with aggression 4 reads as a curve at a panel's width. */
const RAMP_POINTS = 48;

/** The run's slow-start settings as the engine takes them, or undefined when it has none (or they do not read). */
export function slowStartOf(result: RunResult): SlowStartConfig | undefined {
  const raw = (result.config as unknown as { slowStart?: { window?: unknown; aggression?: unknown; minWeightPercent?: unknown } }).slowStart;
  if (!raw || typeof raw !== 'object') return undefined;
  let windowMs: number;
  try {
    windowMs = parseDuration(raw.window, 'slowStart.window');
  } catch {
    return undefined;
  }
  if (!(windowMs > 0)) return undefined;
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d);
  return {
    windowMs,
    aggression: num(raw.aggression, SLOW_START_DEFAULTS.aggression),
    minWeightPercent: typeof raw.minWeightPercent === 'number' ? raw.minWeightPercent : SLOW_START_DEFAULTS.minWeightPercent,
  };
}

export function slowStartRamps(result: RunResult, end: number, colorOf: ReadonlyMap<string, number>): SlowStartRamp[] {
  const config = slowStartOf(result);
  if (!config) return [];
  const ramps: SlowStartRamp[] = [];
  // Endpoints of the pool the balancer started with are warm; only later joins ramp.
  for (const e of result.events) {
    if (e.type !== 'added' || e.endpoint === undefined || !(e.at > 0) || e.at >= end) continue;
    const to = Math.min(e.at + config.windowMs, end);
    const points = Array.from({ length: RAMP_POINTS + 1 }, (_, i) => {
      const t = e.at + ((to - e.at) * i) / RAMP_POINTS;
      return { t, factor: slowStartFactor(t - e.at, config) };
    });
    const shape = config.aggression === 1 ? '' : `, aggression ${config.aggression}`;
    const label = `${e.endpoint} slow start: ${formatPercent(config.minWeightPercent / 100, 0)} → 100% over ${formatSeconds(config.windowMs)}${shape}`;
    ramps.push({ endpoint: e.endpoint, colorIndex: colorOf.get(e.endpoint) ?? 0, from: e.at, to, points, label });
  }
  return ramps;
}
