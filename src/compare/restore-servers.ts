/**
 * Between live runs of a comparison: undo the scenario's server-side faults through the pool's
 * control address, so every strategy starts on the same healthy servers (a live run leaves its
 * faults in place when it ends).
 */
import { sendFault } from '../loadtest/control-client';
import type { PoolConfig, ScenarioStep } from '../pools/types';

const SERVER_FAULTS = new Set(['slow', 'fail', 'stall', 'coldJoin']);

/** The steps that undo `scenario`'s server-side faults: `join` for servers still away, `recover` for the rest. */
export function restoringSteps(scenario: readonly ScenarioStep[]): ScenarioStep[] {
  const away = new Set<string>();
  const faulty = new Set<string>();
  for (const s of scenario.slice().sort((a, b) => a.at - b.at)) {
    if (s.action === 'leave') away.add(s.endpoint);
    else if (s.action === 'join') away.delete(s.endpoint);
    else if (SERVER_FAULTS.has(s.action)) faulty.add(s.endpoint);
    else if (s.action === 'recover') faulty.delete(s.endpoint);
  }
  return [
    ...[...away].map((endpoint): ScenarioStep => ({ at: 0, endpoint, action: 'join' })),
    ...[...faulty].map((endpoint): ScenarioStep => ({ at: 0, endpoint, action: 'recover' })),
  ];
}

export async function restoreServers(pool: PoolConfig, scenario: readonly ScenarioStep[] | undefined): Promise<void> {
  const steps = restoringSteps(scenario ?? []);
  if (steps.length === 0 || pool.control === undefined) return;
  for (const step of steps) await sendFault(pool.control, step);
}
