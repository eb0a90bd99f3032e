/**
 * Scenario files: faults on a run's timeline, the same for live runs and simulations.
 * `[{ "at": "3s", "endpoint": "s2", "slow": 10 }, ...]` or `{ "faults": [...] }`.
 */
import { show } from '../engine/errors';
import { parseDuration } from './duration';
import { readJsonFile } from './json-file';
import { at, Problems } from './problems';
import { checkColdFor, checkStepValue, FAULT_ACTIONS } from './scenario-check';
import type { FaultAction, ScenarioStep } from './types';

export { CONTROL_ACTIONS, FAULT_ACTIONS } from './scenario-check';
export const STEP_FIELDS = ['at', 'endpoint', ...FAULT_ACTIONS] as const;

/** A file step's action value: `"stall": "500ms"` is a duration, the flags (`"leave": true`) take true. */
function checkValue(p: Problems, action: FaultAction, v: unknown, path: string): number | undefined {
  if (action === 'stall') {
    const ms = p.catch(() => parseDuration(v, path));
    return ms === undefined ? undefined : checkStepValue(p, action, ms, path);
  }
  if (action === 'slow' || action === 'fail') return checkStepValue(p, action, v, path);
  if (v !== true) p.add(path, `expected true, got ${show(v)}`);
  return undefined;
}

/** `"coldJoin": true` (the defaults) or `{ "factor": 5, "for": "10s" }`: the factor and the warm-up in ms. */
function checkColdJoin(p: Problems, v: unknown, path: string): { value?: number; forMs?: number } {
  if (v === true) return { value: checkStepValue(p, 'coldJoin', undefined, path), forMs: checkColdFor(p, undefined, path) };
  const obj = p.object(v, path);
  if (!obj) return {};
  p.fields(obj, path, ['factor', 'for']);
  const forMs = obj.for === undefined ? undefined : p.catch(() => parseDuration(obj.for, at(path, 'for')));
  if (obj.for !== undefined && forMs === undefined) return {};
  return { value: checkStepValue(p, 'coldJoin', obj.factor, at(path, 'factor')), forMs: checkColdFor(p, forMs, at(path, 'for')) };
}

/**
 * Validates a scenario against the pool's endpoint ids; returns the steps sorted by time
 * (steps at the same time keep their order). Throws `PoolErrors` listing every problem.
 */
export function parseScenario(json: unknown, endpointIds: readonly string[], source?: string): ScenarioStep[] {
  const p = new Problems();
  let steps: unknown = json;
  let base = '';
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const obj = json as Record<string, unknown>;
    p.fields(obj, '', ['$schema', 'description', 'faults']);
    steps = obj.faults;
    base = 'faults';
  }
  if (!Array.isArray(steps)) {
    p.add(base, `expected an array of faults or { "faults": [...] }, got ${show(steps)}`);
    p.throwIfAny(source);
  }
  const out: ScenarioStep[] = [];
  (steps as unknown[]).forEach((raw, i) => {
    const path = at(base, i);
    const obj = p.object(raw, path);
    if (!obj) return;
    const before = p.count;
    p.fields(obj, path, STEP_FIELDS);
    const time = p.catch(() => parseDuration(obj.at, at(path, 'at')));
    const endpoint = p.string(obj.endpoint, at(path, 'endpoint'));
    if (endpoint !== undefined && !endpointIds.includes(endpoint)) {
      p.add(at(path, 'endpoint'), `no endpoint ${show(endpoint)} in the pool (endpoints: ${endpointIds.join(', ')})`);
    }
    const actions = FAULT_ACTIONS.filter((a) => obj[a] !== undefined);
    if (actions.length !== 1) {
      p.add(path, `expected exactly one action of ${FAULT_ACTIONS.join(', ')}, got ${actions.length ? actions.join(' and ') : 'none'}`);
      return;
    }
    const action = actions[0];
    const cold = action === 'coldJoin' ? checkColdJoin(p, obj[action], at(path, action)) : undefined;
    const value = cold ? cold.value : checkValue(p, action, obj[action], at(path, action));
    if (p.count !== before) return;
    const step: ScenarioStep = { at: time!, endpoint: endpoint!, action };
    if (value !== undefined) step.value = value;
    if (cold?.forMs !== undefined) step.forMs = cold.forMs;
    out.push(step);
  });
  p.throwIfAny(source);
  // Array.prototype.sort is stable, so same-time steps apply in file order.
  return out.sort((a, b) => a.at - b.at);
}

export function loadScenarioFile(file: string, endpointIds: readonly string[]): ScenarioStep[] {
  return parseScenario(readJsonFile(file), endpointIds, file);
}
