/**
 * The one check of a scenario (`ScenarioStep[]`, times in ms, as `parseScenario` returns it or a
 * library caller writes it), for live runs and simulations alike: every endpoint exists, values
 * fit their action, and the membership changes make sense in order (a server cannot leave twice,
 * `add` needs a prior `remove`), so a run never starts on a scenario it would have to ignore
 * half-way.
 */
import { show } from '../engine/errors';
import { LIMITS } from './limits';
import { at, isObject, type Problems } from './problems';
import type { FaultAction, ScenarioStep } from './types';

/** Every action a scenario step may take, in the order the docs list them. */
export const FAULT_ACTIONS: readonly FaultAction[] = ['slow', 'fail', 'stall', 'leave', 'join', 'recover', 'remove', 'add', 'coldJoin'];
/** Server-side faults, applied through the pool's `control` address in live runs (`coldJoin` also adds the endpoint to the balancer). */
export const CONTROL_ACTIONS: ReadonlySet<FaultAction> = new Set(['slow', 'fail', 'stall', 'leave', 'join', 'recover', 'coldJoin']);

/**
 * `coldJoin` without its own figures: 5x slower at first, warm after 10 s (a JIT and cache
 * warm-up of a JVM or .NET service is seconds to tens of seconds). The factor's cap is the demo
 * servers' (DEMO_LIMITS.maxSlowFactor).
 */
export const COLD_JOIN_DEFAULTS = Object.freeze({ factor: 5, forMs: 10_000, maxFactor: 1000 });

/** The value an action takes (slow: factor >= 1; fail: share 0..1; stall: ms > 0), or a problem at `path`. */
export function checkStepValue(p: Problems, action: FaultAction, v: unknown, path: string): number | undefined {
  if (action === 'slow') return p.number(v ?? 1, path, { min: 1, max: 1e6 });
  if (action === 'fail') return p.number(v ?? 1, path, { min: 0, max: 1 });
  if (action === 'stall') return p.number(v, path, { min: 0, exclusiveMin: true, max: LIMITS.durationMs });
  if (action === 'coldJoin') return p.number(v ?? COLD_JOIN_DEFAULTS.factor, path, { min: 1, max: COLD_JOIN_DEFAULTS.maxFactor });
  return undefined;
}

/** A coldJoin's warm-up time in ms (> 0), or a problem at `path`. */
export function checkColdFor(p: Problems, v: unknown, path: string): number | undefined {
  return p.number(v ?? COLD_JOIN_DEFAULTS.forMs, path, { min: 0, exclusiveMin: true, max: LIMITS.durationMs });
}

/** Returns the steps sorted by time (stable), or records problems in `p`. */
export function checkSteps(p: Problems, raw: unknown, path: string, ids: readonly string[]): ScenarioStep[] {
  if (!Array.isArray(raw)) {
    p.add(path, `expected an array of steps, got ${show(raw)}`);
    return [];
  }
  const steps: { step: ScenarioStep; path: string }[] = [];
  raw.forEach((s: unknown, i) => {
    const sp = at(path, i);
    if (!isObject(s)) return p.add(sp, `expected a step like {"at": 3000, "endpoint": "s2", "action": "slow", "value": 10}, got ${show(s)}`);
    const before = p.count;
    const time = p.number(s.at, at(sp, 'at'), { min: 0, max: LIMITS.durationMs });
    const endpoint = p.string(s.endpoint, at(sp, 'endpoint'));
    if (endpoint !== undefined && !ids.includes(endpoint)) {
      p.add(at(sp, 'endpoint'), `no endpoint ${show(endpoint)} in the pool (endpoints: ${ids.join(', ')})`);
    }
    const action = p.oneOf(s.action, at(sp, 'action'), FAULT_ACTIONS);
    const value = action === undefined ? undefined : checkStepValue(p, action, s.value, at(sp, 'value'));
    if (action !== undefined && value === undefined && s.value !== undefined && !VALUED.has(action)) {
      p.add(at(sp, 'value'), `${action} takes no value, got ${show(s.value)}`);
    }
    const forMs = action === 'coldJoin' ? checkColdFor(p, s.forMs, at(sp, 'forMs')) : undefined;
    if (action !== 'coldJoin' && s.forMs !== undefined) p.add(at(sp, 'forMs'), `only coldJoin takes forMs, got it on ${show(s.action)}`);
    if (p.count !== before) return;
    const step: ScenarioStep = { at: time!, endpoint: endpoint!, action: action! };
    if (value !== undefined) step.value = value;
    if (forMs !== undefined) step.forMs = forMs;
    steps.push({ step, path: sp });
  });
  steps.sort((a, b) => a.step.at - b.step.at);
  replayMembership(p, steps, ids);
  return steps.map((s) => s.step);
}

const VALUED: ReadonlySet<FaultAction> = new Set(['slow', 'fail', 'stall', 'coldJoin']);

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
      case 'coldJoin':
        if (!removed.has(id) && ids.includes(id)) p.add(at(path, 'action'), `${show(id)} cannot ${step.action === 'add' ? 'be added' : 'join'} ${when}: it is in the balancer (a "remove" step before takes it out)`);
        removed.delete(id);
        break;
      default:
        break;
    }
  }
}
