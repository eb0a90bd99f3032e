/** A run's scenario: the one step check (pools/scenario-check.ts), plus what depends on the run. */
import { show } from '../engine/errors';
import { at, type Problems } from '../pools/problems';
import { CONTROL_ACTIONS, checkSteps } from '../pools/scenario-check';
import type { Pool, ScenarioStep } from '../pools/types';
import type { RunKind } from '../result/types';

/**
 * Steps sorted by time. A load test applies server-side faults through the pool's `control`
 * address, so it needs one; a step after the run's end would be ignored, so it is an error.
 */
export function checkRunScenario(p: Problems, raw: unknown, pool: Pool, kind: RunKind, durationMs: number | undefined, warmupMs: number): ScenarioStep[] {
  if (raw === undefined) return [];
  const before = p.count;
  const steps = checkSteps(p, raw, 'scenario', pool.endpoints.map((e) => e.id));
  if (p.count !== before) return steps;
  const end = durationMs === undefined ? Infinity : warmupMs + durationMs;
  (raw as ScenarioStep[]).forEach((s, i) => {
    if (s.at > end) p.add(at(at('scenario', i), 'at'), `${s.at} ms is after the run ends (${end} ms): the step would never happen`);
    if (kind === 'loadtest' && CONTROL_ACTIONS.has(s.action) && !pool.control) {
      p.add(at(at('scenario', i), 'action'), `"${s.action}" is a server-side fault and needs the pool's "control" address (the demo servers'), but pool ${show(pool.name)} has none`);
    }
  });
  return steps;
}
