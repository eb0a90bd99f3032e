/** How a run's load is split across worker threads: worker `index` of `count` takes its share. */
import type { LoadModel } from '../result/types';

export interface Share {
  index: number;
  count: number;
}

export const WHOLE: Share = Object.freeze({ index: 0, count: 1 });

/** `total` split as evenly as integers allow; the first `total % count` workers take one more. */
export function splitInteger(total: number, share: Share): number {
  return Math.floor(total / share.count) + (share.index < total % share.count ? 1 : 0);
}

/**
 * The load model of one worker: concurrency or rate (and in-flight cap) split. Stages stay whole:
 * each worker takes its share of the one schedule (staged-load.ts).
 */
export function shareLoad(load: LoadModel, share: Share): LoadModel {
  if (share.count === 1) return load;
  if (load.model === 'closed') return { ...load, concurrency: splitInteger(load.concurrency, share) };
  const out: LoadModel = { ...load, rate: load.rate / share.count };
  delete out.maxInFlight;
  if (load.maxInFlight !== undefined) out.maxInFlight = Math.max(1, splitInteger(load.maxInFlight, share));
  return out;
}

/** Workers that would get nothing to do (concurrency 2 on 4 workers) are not started. */
export function usefulWorkers(load: LoadModel, requests: number | undefined, workers: number): number {
  let n = workers;
  if (load.model === 'closed') n = Math.min(n, load.concurrency);
  if (requests !== undefined) n = Math.min(n, requests);
  return Math.max(1, n);
}
