/**
 * How load is shared between priority levels, in Envoy's integer percents
 * (source/common/upstream/load_balancer_impl.cc: recalculatePerPriorityState, distributeLoad,
 * recalculatePerPriorityPanic, recalculateLoadInTotalPanic; envoyproxy.io "Priority levels").
 *
 * - A level's availability = min(100, ⌊factor% x healthy / total⌋): with the factor 1.4, a level
 *   at 71.4 % healthy or more is fully available, one at 50 % is 70 % available.
 * - Normalised total availability = min(100, Σ availability). Levels from priority 0 down take
 *   min(what is left, ⌊availability x 100 / normalised total⌋); what rounding leaves goes to the
 *   first available level. So P0 at 50 % healthy keeps 70 %, P1 takes 30 %; at 71 % P0 keeps 99 %.
 * - Panic: a level is in panic when healthy% < threshold, but only while the normalised total
 *   availability is below 100 (some level cannot take its share). When every level is in panic
 *   (total panic), the load follows the levels' endpoint counts, healthy or not.
 *
 * Envoy's "degraded" hosts have no counterpart here: an endpoint is healthy or not.
 */

export interface LevelHealth {
  /** Endpoints of the level (Envoy's hosts minus excluded ones). */
  total: number;
  healthy: number;
}

export interface PriorityLoads {
  /** Percent of the load per level, summing to 100 (all zeros only for a pool without endpoints). */
  load: number[];
  /** Per level: balances across all its endpoints, healthy or not. */
  panic: boolean[];
}

/** ⌊factor% x healthy / total⌋ capped at 100, as Envoy computes it in uint32. */
export function availability(level: LevelHealth, factorPercent: number): number {
  if (level.total === 0) return 0;
  return Math.min(100, Math.floor((factorPercent * level.healthy) / level.total));
}

/** The share of each level and which are in panic; `factor` is the overprovisioning ratio (1.4). */
export function priorityLoads(levels: readonly LevelHealth[], factor: number, panicThreshold: number): PriorityLoads {
  const factorPercent = Math.round(factor * 100);
  const avail = levels.map((l) => availability(l, factorPercent));
  const normalized = Math.min(100, avail.reduce((s, a) => s + a, 0));
  const load = levels.map(() => 0);
  if (normalized > 0) {
    let left = 100;
    let first = -1;
    avail.forEach((a, i) => {
      if (first < 0 && a > 0) first = i;
      load[i] = Math.min(left, Math.floor((a * 100) / normalized));
      left -= load[i];
    });
    load[first] += left;
  }
  const threshold = Math.min(100, panicThreshold);
  if (threshold === 0 && normalized === 0) {
    if (levels.length > 0) load[0] = 100;
    return { load, panic: levels.map(() => false) };
  }
  const panic = levels.map((l) => normalized < 100 && healthyPercent(l) < threshold);
  if (levels.length > 0 && panic.every(Boolean)) return { load: totalPanicLoads(levels), panic };
  return { load, panic };
}

export function healthyPercent(level: LevelHealth): number {
  return level.total === 0 ? 0 : (100 * level.healthy) / level.total;
}

/** Everything in panic: shares by endpoint count, the rounding left to the first non-empty level. */
function totalPanicLoads(levels: readonly LevelHealth[]): number[] {
  const all = levels.reduce((s, l) => s + l.total, 0);
  const load = levels.map(() => 0);
  if (all === 0) {
    load[0] = 100;
    return load;
  }
  let left = 100;
  levels.forEach((l, i) => {
    load[i] = Math.floor((100 * l.total) / all);
    left -= load[i];
  });
  load[levels.findIndex((l) => l.total > 0)] += left;
  return load;
}
