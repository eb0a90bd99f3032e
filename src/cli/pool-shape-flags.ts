/**
 * The pool-shape wrappers as flags of `run`, `simulate` and `compare` (issue 13), each the CLI
 * spelling of a run config field, so `planRun` checks its range and names the flag with the path
 * (flag-names.ts): `--panic-threshold (panicThreshold): must be at most 100, got 120`.
 *   --overprovisioning 1.4                   overprovisioningFactor
 *   --locality-weights eu-1=1,eu-2=2         localityWeights
 *   --panic-threshold 50                     panicThreshold (percent)
 *   --slow-start 30s[:aggression[:minWeightPercent]]   slowStart { window, aggression, minWeightPercent }
 * Only the shape of the text is checked here; a bare number of `--slow-start` is seconds, as for
 * every duration flag.
 */
import type { Command } from 'commander';
import { ConfigError } from '../engine/errors';
import type { BalancingSpec, SlowStartSpec } from '../pools/parse-balancing';
import { durationFlag } from './shared';

export interface PoolShapeFlags {
  overprovisioning?: string;
  localityWeights?: string;
  panicThreshold?: string;
  slowStart?: string;
}

export function poolShapeOptions(cmd: Command): Command {
  return cmd
    .option('--overprovisioning <f>', 'priority levels and localities: a level keeps traffic while healthy share x f >= 100 % (default 1.4)')
    .option('--locality-weights <zone=w,...>', 'weights of the endpoints\' zones, e.g. eu-1=1,eu-2=2 (Envoy\'s locality-weighted LB)')
    .option('--panic-threshold <percent>', 'below this healthy share a level balances over all its endpoints (default 50)')
    .option('--slow-start <window[:aggression[:minWeightPercent]]>', 'ramp up endpoints that join a running pool, e.g. 30s or 30s:2:10');
}

/** A number, any number: the plan checks its range and names the flag. */
function anyNumber(text: string, flag: string, what: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new ConfigError(flag, `expected ${what}, got ${JSON.stringify(text)}`);
  return n;
}

/** `eu-1=1,eu-2=2` → `{ "eu-1": 1, "eu-2": 2 }`. */
export function localityWeightsFlag(text: string): Record<string, number> {
  const flag = '--locality-weights';
  const out: Record<string, number> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    const zone = eq < 0 ? '' : pair.slice(0, eq).trim();
    if (zone === '') throw new ConfigError(flag, `expected zone=weight pairs separated by commas, like eu-1=1,eu-2=2, got ${JSON.stringify(pair)}`);
    if (zone in out) throw new ConfigError(flag, `zone ${JSON.stringify(zone)} given twice`);
    out[zone] = anyNumber(pair.slice(eq + 1), flag, `a weight for zone ${JSON.stringify(zone)}`);
  }
  return out;
}

/** `30s`, `30s:2`, `30s:2:10` → `{ window: "30s", aggression: 2, minWeightPercent: 10 }`. */
export function slowStartFlag(text: string): SlowStartSpec {
  const flag = '--slow-start';
  const parts = text.split(':');
  if (parts.length > 3) throw new ConfigError(flag, `expected window[:aggression[:minWeightPercent]], like 30s:1:10, got ${JSON.stringify(text)}`);
  const [window, aggression, minWeight] = parts;
  const ms = durationFlag(window.trim(), flag)!;
  // A duration with its unit stays as typed (the result's config shows "30s"); a bare number was seconds.
  const spec: SlowStartSpec = { window: /^\s*\d+(\.\d+)?\s*$/.test(window) ? ms : window.trim() };
  if (aggression !== undefined) spec.aggression = anyNumber(aggression, flag, 'an aggression after the window (30s:1)');
  if (minWeight !== undefined) spec.minWeightPercent = anyNumber(minWeight, flag, 'a minimum weight percent after the aggression (30s:1:10)');
  return spec;
}

/** The run config fields the flags give (none when no flag is). */
export function poolShapeFlags(flags: PoolShapeFlags): BalancingSpec {
  const out: BalancingSpec = {};
  if (flags.overprovisioning !== undefined) out.overprovisioningFactor = anyNumber(flags.overprovisioning, '--overprovisioning', 'a number like 1.4');
  if (flags.localityWeights !== undefined) out.localityWeights = localityWeightsFlag(flags.localityWeights);
  if (flags.panicThreshold !== undefined) out.panicThreshold = anyNumber(flags.panicThreshold, '--panic-threshold', 'a percent like 50');
  if (flags.slowStart !== undefined) out.slowStart = slowStartFlag(flags.slowStart);
  return out;
}
