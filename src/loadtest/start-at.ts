/**
 * `startAt`: shards on several machines start at one instant. One timer to that instant (not a
 * poll): Node fires it at or up to a few ms after, which the merge absorbs (timelines are aligned
 * on each shard's recorded start). Aborting ends the wait at once; the run then ends cancelled.
 */
import type { Share } from './share';
import { WHOLE } from './share';
import type { Shard } from '../run/shard';

export function waitUntil(epochMs: number | undefined, signal?: AbortSignal, now = Date.now): Promise<void> {
  if (epochMs === undefined || signal?.aborted) return Promise.resolve();
  const delay = epochMs - now();
  if (delay <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, delay);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * A worker thread's place in the whole run: worker w of W in shard i of N is i + N*w of N*W, so
 * sequence numbers (i + N*(w + W*k)) stay ≡ i mod N, seeds differ across every shard and worker,
 * and the open model's send phases interleave across all of them.
 */
export function wholeShare(shard: Shard | undefined, worker: Share): Share {
  if (!shard) return worker;
  return { index: shard.index + shard.count * worker.index, count: shard.count * worker.count };
}

export { WHOLE };
