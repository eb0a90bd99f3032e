/**
 * Shards: one run split across N processes or machines (`run --shard i/N`), each running its
 * share from a common start (`startAt`) and merged afterwards (`mergeResults`). Shards are
 * 0-based, as Kubernetes Indexed Jobs number their pods (`JOB_COMPLETION_INDEX`) and k6-operator
 * its execution segments, so `--shard $(JOB_COMPLETION_INDEX)/N` works as written.
 *
 * What a shard takes (the same rule for every kind of value): of the values 0..size-1 of a
 * placeholder or key model, shard i takes those with index ≡ i (mod N), so shards never send the
 * same key. `{seq}` is already disjoint (sequence numbers are numbered i, i+N, i+2N, ...).
 */
import { show } from '../engine/errors';
import type { Problems } from '../pools/problems';

export interface Shard {
  /** 0-based. */
  index: number;
  count: number;
}

/** Most shards a run is split into; each is a process, so more is a typo, not a plan. */
export const MAX_SHARDS = 10_000;
/** How far ahead `startAt` may be: Node's timers cap at 2^31 - 1 ms, and a day is plenty. */
export const MAX_START_AHEAD_MS = 24 * 3600_000;

/** How many of the values 0..size-1 shard `s` takes (those ≡ s.index mod s.count). */
export function shardSize(size: number, s: Shard): number {
  return s.index < size ? Math.floor((size - 1 - s.index) / s.count) + 1 : 0;
}

/** The k-th value (wrapping) of shard `s` among 0..size-1. */
export function shardValue(k: number, size: number, s: Shard): number {
  return s.index + s.count * (k % shardSize(size, s));
}

/**
 * A sequence number's place within its shard: run sequence numbers are i + N*k, so k counts the
 * shard's own requests (across its worker threads too).
 */
export function shardLocal(seq: number, s: Shard): number {
  return Math.floor((seq - s.index) / s.count);
}

export function checkShard(p: Problems, v: unknown, path: string): Shard | undefined {
  const obj = p.object(v, path);
  if (!obj) return undefined;
  p.fields(obj, path, ['index', 'count']);
  const count = p.number(obj.count, `${path}.count`, { min: 1, max: MAX_SHARDS, integer: true });
  const index = p.number(obj.index, `${path}.index`, { min: 0, max: MAX_SHARDS, integer: true });
  if (count === undefined || index === undefined) return undefined;
  if (index >= count) {
    p.add(`${path}.index`, `shards are numbered 0..${count - 1} (0-based, like JOB_COMPLETION_INDEX), got ${index}`);
    return undefined;
  }
  return { index, count };
}

/** `startAt`: an ISO time or epoch ms; returns epoch ms. `now` is the wall clock when checked. */
export function checkStartAt(p: Problems, v: unknown, path: string, now: number, lateMs: number): number | undefined {
  const ms = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) {
    p.add(path, `expected an ISO time ("2026-12-01T22:30:00Z") or epoch milliseconds, got ${show(v)}`);
    return undefined;
  }
  if (ms < now - lateMs) {
    p.add(path, `${new Date(ms).toISOString()} is ${show(Math.round(now - ms))} ms in the past (more than the ${lateMs} ms interval): the shards would not start together`);
    return undefined;
  }
  if (ms > now + MAX_START_AHEAD_MS) p.add(path, `${new Date(ms).toISOString()} is more than 24 h ahead`);
  return ms;
}
