/** A scenario step on a virtual server or the membership; a server leaving (`leave`): what becomes of the requests it holds. */
import type { ScenarioStep } from '../pools/types';
import type { Recorder } from '../result/recorder';
import { stepEvent } from '../run/events';
import type { MemberSet } from '../run/members';
import { Answer, type RequestTable } from './request-table';
import type { VirtualServer } from './virtual-server';

const MIN_TRIP_MS = 0.001;

/**
 * Marks the server gone and evicts its requests: queued ones are let go of now, ones in service
 * keep their service end on the heap; each unanswered one is answered `reset` half a round trip
 * later (`answerAt(t, id)` schedules that answer).
 */
export function evictRequests(server: VirtualServer, reqs: RequestTable, now: number, answerAt: (t: number, id: number) => void): void {
  server.gone = true;
  for (const id of server.evict(now)) {
    reqs.evicted[id] = 1;
    if (reqs.slot[id] < 0) reqs.refs[id]--;
    if (reqs.answered[id]) {
      if (reqs.refs[id] === 0) reqs.release(id);
      continue;
    }
    reqs.error[id] = Answer.Reset;
    reqs.load[id] = Number.NaN; // no server report
    reqs.refs[id]++;
    answerAt(now + Math.max(server.rttMs / 2, MIN_TRIP_MS), id);
  }
}

/** A scenario step on one server or on the pool's membership, and its event; `leave` calls `evict` (evictRequests, with the loop's answer scheduling). */
export function applyServerStep(step: ScenarioStep, server: VirtualServer, members: MemberSet, now: number, evict: () => void, recorder: Recorder): void {
  if (step.action === 'leave') evict();
  else if (step.action === 'remove') members.remove(step.endpoint);
  else if (step.action === 'add') members.add(step.endpoint);
  else server.applyFault(step.action, step.value, now, step.forMs);
  if (step.action === 'coldJoin') members.add(step.endpoint);
  recorder.event(stepEvent(step, now));
}
