/**
 * The one vocabulary of a run's events: balancer events (ejections), scenario steps and membership
 * changes become RunEvents with the same types and details whether a load test or a simulation
 * produced them, so the two can be read (and compared) side by side.
 */
import { isPanicEvent, type BalancerEvent } from '../engine/types';
import type { ScenarioStep } from '../pools/types';
import type { RunEvent, RunEventType } from '../result/types';

const EVENT_OF: Record<ScenarioStep['action'], RunEventType> = {
  slow: 'slowed',
  fail: 'failed',
  stall: 'stalled',
  leave: 'left',
  join: 'joined',
  recover: 'recovered',
  remove: 'removed',
  add: 'added',
  // The balancer sees an endpoint join like any other (slow start ramps it); the detail says cold.
  coldJoin: 'added',
};

/** `slowed 10x`, `fails 50%`, `stalls for 500 ms`, `connections refused`, ... */
export function describeStep(step: ScenarioStep): string {
  switch (step.action) {
    case 'slow':
      return `slowed ${step.value ?? 1}x`;
    case 'fail':
      return `fails ${Math.round((step.value ?? 1) * 1000) / 10}%`;
    case 'stall':
      return `stalls for ${Math.round(step.value ?? 0)} ms`;
    case 'leave':
      return 'connections refused';
    case 'join':
      return 'accepts connections again';
    case 'recover':
      return 'back to normal';
    case 'remove':
      return 'removed from the balancer (scenario)';
    case 'add':
      return 'added to the balancer (scenario)';
    case 'coldJoin':
      return `added to the balancer cold (scenario): ${step.value ?? 1}x slower, warm after ${Math.round(step.forMs ?? 0)} ms`;
  }
}

/** A scenario step applied at `at` (ms since the run started). */
export function stepEvent(step: ScenarioStep, at: number): RunEvent {
  const event: RunEvent = { at, type: EVENT_OF[step.action], endpoint: step.endpoint, detail: describeStep(step) };
  // An `added` event's value is a weight (discovery's); a coldJoin's factor is in the detail.
  if (step.value !== undefined && step.action !== 'coldJoin') event.value = step.value;
  return event;
}

/** An ejection or a return, a panic or its end; `t0` is the balancer clock's reading at the run's start. */
export function balancerEvent(e: BalancerEvent, t0: number): RunEvent {
  if (isPanicEvent(e)) {
    const detail = `priority ${e.priority} at ${Math.round(e.healthyPercent * 10) / 10}% healthy`;
    return { at: e.at - t0, type: e.type, detail, value: e.priority };
  }
  const detail = e.type === 'ejected' ? `${e.reason ?? 'ejected'}${e.durationMs ? ` for ${Math.round(e.durationMs)} ms` : ''}` : 'back in the pool';
  return { at: e.at - t0, type: e.type, endpoint: e.endpointId, detail };
}

/** A discovered endpoint: what it is and where it was found (an etcd key; DNS answers have none). */
export interface Found {
  id: string;
  address: string;
  weight: number;
  origin?: string;
}

/**
 * The events of a discovery change from `before` to `next`: `added` (with address, weight and
 * origin), `reweighted` (the new weight as value), `removed`; `via` names the source (`etcd`, `dns-srv`).
 */
export function membershipEvents(before: readonly Found[], next: readonly Found[], via: string, at: number): RunEvent[] {
  const old = new Map(before.map((e) => [e.id, e]));
  const nextIds = new Set(next.map((e) => e.id));
  const events: RunEvent[] = [];
  for (const e of next) {
    const was = old.get(e.id);
    const where = e.origin ? ` ${e.origin}` : '';
    if (!was) events.push({ at, type: 'added', endpoint: e.id, detail: `${e.address} weight ${e.weight} via ${via}${where}`, value: e.weight });
    else if (was.weight !== e.weight) events.push({ at, type: 'reweighted', endpoint: e.id, detail: `weight ${was.weight} -> ${e.weight} via ${via}`, value: e.weight });
    else if (was.address !== e.address) events.push({ at, type: 'added', endpoint: e.id, detail: `address ${was.address} -> ${e.address} via ${via}` });
  }
  for (const id of old.keys()) if (!nextIds.has(id)) events.push({ at, type: 'removed', endpoint: id, detail: `via ${via}` });
  return events;
}

/** The client policy layer's events: its retry budget exhausted or recovered, retry throttling on or off. */
export function policyEvent(type: 'budget-exhausted' | 'budget-recovered' | 'throttling-on' | 'throttling-off', at: number, detail: string): RunEvent {
  return { at, type, detail };
}
