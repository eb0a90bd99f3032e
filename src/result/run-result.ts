/**
 * Turning the Recorder's state into a RunResult's figures: the endpoints, the totals and the
 * events, by the rules written at the top of recorder.ts.
 */
import type { CallerView } from './caller-view';
import type { EndpointState } from './endpoint-state';
import { foldErrorKinds, rememberFolded } from './error-kinds';
import { encode, LatencyHistogram, summarize } from './histogram';
import type { OpenModelSends } from './open-model-sends';
import type { EndpointResult, ErrorCounts, RunEvent, RunTotals } from './types';

export interface TotalsInput {
  eps: EndpointState[];
  /** Latencies of every measured request. */
  total: LatencyHistogram;
  noEndpoints: number;
  sends: OpenModelSends;
  warmupMs: number;
  warmupRequests: number;
  /** Measured time, ms. */
  durationMs: number;
  /** Under a client policy: the totals are the callers' view, not the sum of the endpoints'. */
  callers?: CallerView;
}

export function endpointResults(eps: EndpointState[], requests: number): EndpointResult[] {
  let weights = 0;
  for (const ep of eps) weights += ep.weight;
  return eps.map((ep) => {
    const r: EndpointResult = {
      id: ep.id,
      address: ep.address,
      weight: ep.weight,
      ...(ep.zone !== undefined ? { zone: ep.zone } : {}),
      ...(ep.priority !== undefined ? { priority: ep.priority } : {}),
      requests: ep.requests,
      ok: ep.ok,
      errors: ep.errors,
      errorsByKind: { ...ep.errorKinds.counts },
      share: requests > 0 ? ep.requests / requests : 0,
      fairShare: weights > 0 ? ep.weight / weights : 0,
      latency: summarize(ep.hist),
      histogram: encode(ep.hist),
    };
    if (ep.errorKinds.folded.size > 0) r.errorKindsFolded = ep.errorKinds.folded.size;
    return r;
  });
}

/** Measured requests: every endpoint's, and those that found no endpoint. */
export function measuredRequests(eps: EndpointState[], noEndpoints: number): number {
  let requests = noEndpoints;
  for (const ep of eps) requests += ep.requests;
  return requests;
}

export function runTotals(o: TotalsInput): RunTotals {
  const c = o.callers;
  const requests = c ? c.requests + o.noEndpoints : measuredRequests(o.eps, o.noEndpoints);
  let ok = c ? c.ok : 0;
  const merged: ErrorCounts = {};
  const folded = new Set<string>();
  for (const ep of c ? [c] : o.eps) {
    if (!c) ok += (ep as EndpointState).ok;
    for (const [k, n] of Object.entries(ep.errorKinds.counts)) merged[k] = (merged[k] ?? 0) + n;
    for (const k of ep.errorKinds.folded) rememberFolded(folded, k);
  }
  if (o.noEndpoints > 0) merged.no_endpoint = (merged.no_endpoint ?? 0) + o.noEndpoints;
  const capped = foldErrorKinds(merged);
  for (const k of capped.folded) rememberFolded(folded, k);

  const totals: RunTotals = {
    requests,
    ok,
    errors: requests - ok,
    errorsByKind: capped.counts,
    throughput: o.durationMs > 0 ? requests / (o.durationMs / 1000) : 0,
    latency: summarize(o.total),
    histogram: encode(o.total),
  };
  if (folded.size > 0) totals.errorKindsFolded = folded.size;
  if (o.sends.lateSeen) totals.late = o.sends.lateSummary();
  if (o.sends.droppedSeen) totals.dropped = o.sends.droppedCount;
  if (o.warmupMs > 0 || o.warmupRequests > 0) totals.warmupRequests = o.warmupRequests;
  if (c) {
    const { attempts, retries, hedges, budgetDenied, throttled, overflow } = c;
    Object.assign(totals, { attempts, retries, hedges, budgetDenied, throttled, overflow });
  }
  return totals;
}

/** The events in time order, with `warmup-ended` added once the run passed its warmup. */
export function runEvents(recorded: RunEvent[], warmupMs: number, tEnd: number): RunEvent[] {
  const events = recorded.slice();
  if (warmupMs > 0 && tEnd >= warmupMs && !events.some((e) => e.type === 'warmup-ended')) {
    events.push({ at: warmupMs, type: 'warmup-ended' });
  }
  events.sort((a, b) => a.at - b.at); // stable: same-time events keep their order
  return events;
}
