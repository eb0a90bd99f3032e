/**
 * Checks a parsed scenario (`ScenarioStep[]`, times in ms, as `parseScenario` returns it) against
 * a simulated pool: every endpoint exists, values fit their action, and the membership changes
 * make sense in order (a server cannot leave twice, `add` needs a prior `remove`), so a run never
 * starts on a scenario it would have to ignore half-way.
 */
import { show } from '../engine/errors';
import type { FaultAction, ScenarioStep } from '../pools/types';
import { at, isObject, type Problems } from '../pools/problems';

const ACTIONS: readonly FaultAction[] = ['slow', 'fail', 'stall', 'leave', 'join', 'recover', 'remove', 'add'];

/** Returns the steps sorted by time (stable), or records problems in `p`. */
export function checkScenario(p: Problems, raw: unknown, path: string, ids: readonly string[]): ScenarioStep[] {
  if (!Array.isArray(raw)) {
    p.add(path, `expected an array of steps, got ${show(raw)}`);
    return [];
  }
  const steps: { step: ScenarioStep; path: string }[] = [];
  raw.forEach((s: unknown, i) => {
    const sp = at(path, i);
    if (!isObject(s)) return p.add(sp, `expected a step like {"at": 3000, "endpoint": "s2", "action": "slow", "value": 10}, got ${show(s)}`);
    const before = p.count;
    const time = p.number(s.at, at(sp, 'at'), { min: 0 });
    const endpoint = p.string(s.endpoint, at(sp, 'endpoint'));
    if (endpoint !== undefined && !ids.includes(endpoint)) {
      p.add(at(sp, 'endpoint'), `no endpoint ${show(endpoint)} in the pool (endpoints: ${ids.join(', ')})`);
    }
    const action = p.oneOf(s.action, at(sp, 'action'), ACTIONS);
    let value: number | undefined;
    if (action === 'slow') value = p.number(s.value ?? 1, at(sp, 'value'), { min: 1 });
    else if (action === 'fail') value = p.number(s.value ?? 1, at(sp, 'value'), { min: 0, max: 1 });
    else if (action === 'stall') value = p.number(s.value, at(sp, 'value'), { min: 0, exclusiveMin: true });
    else if (action !== undefined && s.value !== undefined) p.add(at(sp, 'value'), `${action} takes no value, got ${show(s.value)}`);
    if (p.count !== before) return;
    const step: ScenarioStep = { at: time!, endpoint: endpoint!, action: action! };
    if (value !== undefined) step.value = value;
    steps.push({ step, path: sp });
  });
  steps.sort((a, b) => a.step.at - b.step.at);
  replayMembership(p, steps, ids);
  return steps.map((s) => s.step);
}

/** Walks leave/join and remove/add in time order and reports the steps that cannot happen. */
function replayMembership(p: Problems, steps: { step: ScenarioStep; path: string }[], ids: readonly string[]): void {
  const gone = new Set<string>();
  const removed = new Set<string>();
  for (const { step, path } of steps) {
    const id = step.endpoint;
    const when = `at ${step.at} ms`;
    switch (step.action) {
      case 'leave':
        if (gone.has(id)) p.add(at(path, 'action'), `${show(id)} has already left ${when}`);
        gone.add(id);
        break;
      case 'join':
        if (!gone.has(id)) p.add(at(path, 'action'), `${show(id)} cannot join ${when}: it has not left`);
        gone.delete(id);
        break;
      case 'remove':
        if (removed.has(id)) p.add(at(path, 'action'), `${show(id)} is already removed ${when}`);
        removed.add(id);
        break;
      case 'add':
        if (!removed.has(id) && ids.includes(id)) p.add(at(path, 'action'), `${show(id)} cannot be added ${when}: it is in the balancer`);
        removed.delete(id);
        break;
      default:
        break;
    }
  }
}
