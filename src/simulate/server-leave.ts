/** A virtual server leaves (`leave`): what becomes of the requests it holds. */
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
