/**
 * How long a strategy took to move traffic away from a faulty endpoint, read from a RunResult's
 * timeline, so simulated and live runs are measured the same way.
 *
 * Definition. Let F be the time of the scenario's first fault on an endpoint E (`slow`, `fail`,
 * `stall` or `leave`). Traffic is counted in *sends*, derived per interval i from the timeline as
 * answers_i + inFlight_i - inFlight_(i-1) (answers alone would drop for any strategy once E is
 * stalled or overloaded). E's pre-fault share is its share of the sends in the intervals that end
 * at or before F (E's fair share when there are none). The reaction time is the end of the first
 * interval i starting at or after F such that E's share of the sends over the window of intervals
 * i .. i+k-1 (k = ceil(500 ms / interval), cut at the end of the fault or of the run) is below half
 * its pre-fault share, minus F. Its resolution is one interval. `null`: that never happened while
 * the fault lasted. 0: E had no traffic before the fault (nothing to move).
 */
import type { ScenarioStep } from '../pools/types';
import type { RunResult } from '../result/types';

const FAULTS = new Set(['slow', 'fail', 'stall', 'leave']);
const ENDS = new Set(['recover', 'join']);
/** The share must stay low over this much time, so one quiet interval of a random strategy does not count. */
const SUSTAIN_MS = 500;

/** The fault the reaction time is measured against, if the scenario has one. */
export function firstFault(scenario: readonly ScenarioStep[] | undefined): { step: ScenarioStep; endsAt: number } | undefined {
  const steps = (scenario ?? []).slice().sort((a, b) => a.at - b.at);
  const step = steps.find((s) => FAULTS.has(s.action));
  if (!step) return undefined;
  const end = steps.find((s) => s.at > step.at && s.endpoint === step.endpoint && ENDS.has(s.action));
  return { step, endsAt: end ? end.at : Infinity };
}

/** The reaction time in ms as defined above; undefined when the scenario has no fault. */
export function reactionMs(result: RunResult, scenario: readonly ScenarioStep[] | undefined): number | null | undefined {
  const fault = firstFault(scenario);
  if (!fault) return undefined;
  const id = fault.step.endpoint;
  const F = fault.step.at;
  const interval = result.timelineIntervalMs;
  const points = result.timeline;
  const mine: number[] = [];
  const all: number[] = [];
  let prevMine = 0;
  const prevAll = new Map<string, number>();
  for (const p of points) {
    const cell = p.endpoints[id];
    const inFlight = cell?.inFlight ?? 0;
    mine.push((cell?.requests ?? 0) + inFlight - prevMine);
    prevMine = inFlight;
    let total = 0;
    const seen = new Set<string>();
    for (const [epId, c] of Object.entries(p.endpoints)) {
      total += c.requests + c.inFlight - (prevAll.get(epId) ?? 0);
      prevAll.set(epId, c.inFlight);
      seen.add(epId);
    }
    for (const [epId, n] of prevAll) {
      if (!seen.has(epId)) {
        total -= n; // absent from this interval: nothing in flight at its end
        prevAll.set(epId, 0);
      }
    }
    all.push(total);
  }
  let beforeMine = 0;
  let beforeAll = 0;
  points.forEach((p, i) => {
    if (p.t + interval <= F) {
      beforeMine += mine[i];
      beforeAll += all[i];
    }
  });
  const fair = result.endpoints.find((e) => e.id === id)?.fairShare ?? 0;
  const before = beforeAll > 0 ? beforeMine / beforeAll : fair;
  if (before <= 0) return 0;
  const k = Math.max(1, Math.ceil(SUSTAIN_MS / interval));
  for (let i = 0; i < points.length; i++) {
    const t = points[i].t;
    if (t < F) continue;
    if (t >= fault.endsAt) break;
    let m = 0;
    let a = 0;
    for (let j = i; j < Math.min(points.length, i + k) && points[j].t < fault.endsAt; j++) {
      m += mine[j];
      a += all[j];
    }
    if (a > 0 && m / a < before / 2) return t + interval - F;
  }
  return null;
}
