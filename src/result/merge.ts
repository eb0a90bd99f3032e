/**
 * `mergeResults(a, b, ...)`: one RunResult from the RunResults of parts that ran *at the same time*
 * against the same pool: worker threads, processes or machines splitting one test.
 *
 * - Latency: histograms are added exactly, so every percentile of the merge is the percentile of
 *   all samples (to the histograms' 3 digits), per endpoint and in total.
 * - Counts, errors by kind, late sends (count), drops, warmup requests and a client policy's counts
 *   (attempts, retries, hedges, refusals; the timeline's attempts and retries) are summed; shares and
 *   fair shares are recomputed over the union of endpoints (matched by id; address, weight, zone and priority
 *   from the first part that has it). Errors by kind are capped again (error-kinds.ts: the most
 *   frequent kinds stay) and `errorKindsFolded` is the parts' sum plus the kinds the merge folded.
 * - Throughput is the sum of the parts' throughputs, and `durationMs` the longest part: the parts
 *   ran side by side. (Parts run one after another should not be merged: their throughputs would
 *   add up to a rate that never happened.)
 * - Timelines are aligned on each part's absolute start (`startedAt`): a part that started d ms
 *   after the earliest has its points moved by d rounded to whole intervals (shards told to start
 *   together start a few ms apart: they land in the same intervals) and its events by d exactly;
 *   requests, errors and in-flight are summed. A percentile cannot be merged from percentiles, so a point's p50 and p99 are the
 *   largest of the parts': an upper bound, exact when one part served the interval. Likewise the
 *   late sends' p50 and p99.
 * - Events are merged by time; events identical in every field (the same scenario fault seen by
 *   every worker) are kept once. Shards' events are named with their shard (`shard`).
 * - Shards (`config.shard`, from `run --shard i/N`): they must be shards 0..N-1 of one run, each
 *   once (merge-shards.ts), and `config` is the whole run's (rates and callers summed).
 * - Status is the worst (failed > cancelled > completed); errors are joined; `startedAt` is the
 *   earliest; `config`, `tool` and `ring` come from the first part.
 * Refuses parts of another schema version, another kind or another timeline interval.
 */
import { foldErrorKinds } from './error-kinds';
import { add, create, decode, encode, summarize, type LatencyHistogram } from './histogram';
import type { EndpointResult, ErrorCounts, RunEvent, RunResult, RunStatus, RunTotals, TimelineCell, TimelinePoint } from './types';
import { READ_VERSIONS, SCHEMA_VERSION } from './types';
import { checkShards, MergeError, wholeConfig } from './merge-shards';

const SEVERITY: Record<RunStatus, number> = { completed: 0, cancelled: 1, failed: 2 };

export { MergeError };

function decodeAt(text: string, where: string): LatencyHistogram {
  try {
    return decode(text);
  } catch (e) {
    throw new MergeError(`${where}.histogram: ${(e as Error).message}`);
  }
}

function addCounts(into: ErrorCounts, from: ErrorCounts): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

/** Sums the parts' `errorKindsFolded` with what capping the merged counts folds. */
function capKinds<T extends { errorsByKind: ErrorCounts; errorKindsFolded?: number }>(into: T, partsFolded: number): void {
  const capped = foldErrorKinds(into.errorsByKind);
  into.errorsByKind = capped.counts;
  const folded = partsFolded + capped.folded.size;
  if (folded > 0) into.errorKindsFolded = folded;
}

function addCell(into: TimelineCell | undefined, from: TimelineCell): TimelineCell {
  if (!into) return { ...from };
  // Under a client policy the total cell also counts attempts and retries.
  if (from.attempts !== undefined) into.attempts = (into.attempts ?? 0) + from.attempts;
  if (from.retries !== undefined) into.retries = (into.retries ?? 0) + from.retries;
  into.requests += from.requests;
  into.errors += from.errors;
  into.inFlight += from.inFlight;
  into.p50 = Math.max(into.p50, from.p50);
  into.p99 = Math.max(into.p99, from.p99);
  return into;
}

function check(results: RunResult[], names: string[]): void {
  if (results.length === 0) throw new MergeError('nothing to merge');
  const first = results[0];
  results.forEach((r, i) => {
    if (!(READ_VERSIONS as readonly unknown[]).includes(r.schemaVersion)) {
      throw new MergeError(`${names[i]} has schemaVersion ${String(r.schemaVersion)}, this version reads ${READ_VERSIONS.join(', ')}`);
    }
    if (r.kind !== first.kind) throw new MergeError(`${names[i]} is a ${r.kind}, ${names[0]} a ${first.kind}: cannot merge different kinds`);
    if (r.timelineIntervalMs !== first.timelineIntervalMs) {
      throw new MergeError(`${names[i]} has timelineIntervalMs ${r.timelineIntervalMs}, ${names[0]} ${first.timelineIntervalMs}: timelines do not align`);
    }
    if (!Number.isFinite(Date.parse(r.startedAt))) throw new MergeError(`${names[i]}.startedAt: expected an ISO time, got ${JSON.stringify(r.startedAt)}`);
  });
}

function mergeEndpoints(results: RunResult[], names: string[]): EndpointResult[] {
  const byId = new Map<string, { ep: EndpointResult; hist: LatencyHistogram; folded: number }>();
  results.forEach((r, i) =>
    r.endpoints.forEach((ep, j) => {
      const hist = decodeAt(ep.histogram, `${names[i]}.endpoints[${j}]`);
      const have = byId.get(ep.id);
      if (!have) {
        byId.set(ep.id, { ep: { ...ep, errorsByKind: { ...ep.errorsByKind } }, hist, folded: ep.errorKindsFolded ?? 0 });
        return;
      }
      have.ep.requests += ep.requests;
      have.ep.ok += ep.ok;
      have.ep.errors += ep.errors;
      addCounts(have.ep.errorsByKind, ep.errorsByKind);
      have.folded += ep.errorKindsFolded ?? 0;
      // A worker that never reached the endpoint does not know its protocol; one that did, does.
      if (ep.protocol !== undefined) have.ep.protocol ??= ep.protocol;
      add(have.hist, hist);
    }),
  );
  return [...byId.values()].map(({ ep, hist, folded }) => {
    capKinds(ep, folded);
    return { ...ep, latency: summarize(hist), histogram: encode(hist) };
  });
}

/** A client policy's counts: each worker or shard holds its own layer (budget, throttle, breaker), so they add up. */
const POLICY_FIELDS = ['attempts', 'retries', 'hedges', 'budgetDenied', 'throttled', 'overflow'] as const;

function mergeTotals(results: RunResult[], names: string[]): RunTotals {
  const hist = create();
  const errorsByKind: ErrorCounts = {};
  let folded = 0;
  const t: RunTotals = { requests: 0, ok: 0, errors: 0, errorsByKind, throughput: 0, latency: summarize(hist), histogram: '' };
  results.forEach((r, i) => {
    const p = r.totals;
    t.requests += p.requests;
    t.ok += p.ok;
    t.errors += p.errors;
    t.throughput += p.throughput;
    addCounts(errorsByKind, p.errorsByKind);
    folded += p.errorKindsFolded ?? 0;
    add(hist, decodeAt(p.histogram, `${names[i]}.totals`));
    if (p.late) {
      const l = (t.late ??= { count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 });
      l.count += p.late.count;
      l.p50Ms = Math.max(l.p50Ms, p.late.p50Ms);
      l.p99Ms = Math.max(l.p99Ms, p.late.p99Ms);
      l.maxMs = Math.max(l.maxMs, p.late.maxMs);
    }
    if (p.dropped !== undefined) t.dropped = (t.dropped ?? 0) + p.dropped;
    if (p.warmupRequests !== undefined) t.warmupRequests = (t.warmupRequests ?? 0) + p.warmupRequests;
    for (const f of POLICY_FIELDS) if (p[f] !== undefined) t[f] = (t[f] ?? 0) + p[f];
  });
  capKinds(t, folded);
  t.latency = summarize(hist);
  t.histogram = encode(hist);
  return t;
}

function mergeTimeline(results: RunResult[], offsets: number[]): TimelinePoint[] {
  const byT = new Map<number, TimelinePoint>();
  const interval = results[0].timelineIntervalMs;
  for (const [i, r] of results.entries()) {
    const shift = Math.round(offsets[i] / interval) * interval;
    for (const p of r.timeline) {
      const t = p.t + shift;
      let m = byT.get(t);
      if (!m) byT.set(t, (m = { t, total: { ...p.total }, endpoints: {} }));
      else addCell(m.total, p.total);
      for (const [id, cell] of Object.entries(p.endpoints)) m.endpoints[id] = addCell(m.endpoints[id], cell);
      addStaged(m, p);
    }
  }
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

/** A staged run's target, sends and callers: each part holds its share, so they add up. */
function addStaged(into: TimelinePoint, from: TimelinePoint): void {
  for (const f of STAGED_FIELDS) {
    const v = from[f];
    if (v !== undefined) into[f] = (into[f] ?? 0) + v;
  }
}

const STAGED_FIELDS = ['target', 'sent', 'dropped', 'callers'] as const;

function mergeEvents(results: RunResult[], offsets: number[], sharded: boolean): RunEvent[] {
  const seen = new Set<string>();
  const out: RunEvent[] = [];
  results.forEach((r, i) => {
    for (const e of r.events) {
      const shard = sharded ? r.config.shard!.index : e.shard;
      const at = e.at + offsets[i];
      const key = JSON.stringify([at, e.type, e.endpoint, e.detail, e.value, shard]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...e, at, ...(shard !== undefined ? { shard } : {}) });
    }
  });
  return out.sort((a, b) => a.at - b.at || (a.shard ?? 0) - (b.shard ?? 0));
}

export function mergeResults(...results: RunResult[]): RunResult {
  return mergeNamed(results, results.map((_, i) => `results[${i}]`));
}

/** `mergeResults` whose errors name each part by `names[i]` (the CLI's file names). */
export function mergeNamed(results: RunResult[], names: string[]): RunResult {
  check(results, names);
  const sharded = checkShards(results, names);
  const first = results[0];
  const starts = results.map((r) => Date.parse(r.startedAt));
  const base = Math.min(...starts);
  const offsets = starts.map((s) => s - base);
  const endpoints = mergeEndpoints(results, names);
  const totals = mergeTotals(results, names);
  const weights = endpoints.reduce((s, ep) => s + ep.weight, 0);
  // Under a policy a share is of the attempts (what the servers received together), as in the Recorder.
  const received = totals.attempts === undefined ? totals.requests : endpoints.reduce((s, ep) => s + ep.requests, 0);
  for (const ep of endpoints) {
    ep.share = received > 0 ? ep.requests / received : 0;
    ep.fairShare = weights > 0 ? ep.weight / weights : 0;
  }
  const status = results.reduce<RunStatus>((s, r) => (SEVERITY[r.status] > SEVERITY[s] ? r.status : s), 'completed');
  const errors = [...new Set(results.flatMap((r) => (r.error !== undefined ? [r.error] : [])))];
  const startedAt = results[starts.indexOf(base)].startedAt;
  const merged: RunResult = {
    schemaVersion: SCHEMA_VERSION,
    tool: { ...first.tool },
    kind: first.kind,
    status,
    ...(errors.length ? { error: errors.join('; ') } : {}),
    startedAt,
    durationMs: Math.max(...results.map((r) => r.durationMs)),
    config: sharded ? wholeConfig(results) : first.config,
    totals,
    endpoints,
    timelineIntervalMs: first.timelineIntervalMs,
    timeline: mergeTimeline(results, offsets),
    events: mergeEvents(results, offsets, sharded),
  };
  if (first.ring) merged.ring = first.ring;
  return merged;
}
