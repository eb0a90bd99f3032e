import type { RunResult } from '../../src/result/types';

/** Share of the requests sent to priority 0 (endpoint ids starting with `p`) in intervals starting in [from, to). */
export function p0Share(r: RunResult, from: number, to: number): number {
  let mine = 0;
  let all = 0;
  for (const point of r.timeline) {
    if (point.t < from || point.t >= to) continue;
    for (const [id, cell] of Object.entries(point.endpoints)) if (id.startsWith('p')) mine += cell.requests;
    all += point.total.requests;
  }
  return mine / all;
}
