/**
 * `shard` and `startAt` of a load test (`run --shard i/N --start-at T`): the plan of one shard is
 * the run's plan with the load, the request bound and the in-flight cap divided (share.ts: rates
 * divide exactly, integers spread their remainder over the first shards), keys and placeholders
 * restricted to the shard's own values (src/run/shard.ts), and the instant all shards start.
 */
import { show } from '../engine/errors';
import type { Problems } from '../pools/problems';
import { RequestSource } from '../run/request-source';
import { checkShard, checkStartAt } from '../run/shard';
import type { RunPlan } from '../run/types';
import { shareLoad, splitInteger } from './share';

/** Applies `shard` and `startAt` of the config to `plan` (problems recorded in `p`). */
export function shardPlan(p: Problems, plan: RunPlan, c: Record<string, unknown>, now = Date.now()): RunPlan {
  let out = plan;
  if (c.startAt !== undefined) {
    const startAt = checkStartAt(p, c.startAt, 'startAt', now, plan.intervalMs);
    if (startAt !== undefined) out = { ...out, startAt };
  }
  if (c.shard === undefined) return out;
  const shard = checkShard(p, c.shard, 'shard');
  if (!shard) return out;
  if (plan.load.model === 'closed' && plan.load.concurrency < shard.count) {
    p.add('load.concurrency', `${plan.load.concurrency} callers cannot be split over ${shard.count} shards: each shard needs at least one`);
  }
  if (plan.requests !== undefined && plan.requests < shard.count) {
    p.add('requests', `${plan.requests} requests cannot be split over ${shard.count} shards: each shard needs at least one`);
  }
  if (plan.load.model === 'open' && plan.load.maxInFlight !== undefined && plan.load.maxInFlight < shard.count) {
    p.add('load.maxInFlight', `${show(plan.load.maxInFlight)} cannot be split over ${shard.count} shards: each shard needs at least one`);
  }
  // Compiling the shard's request source once surfaces key models with fewer keys than shards.
  if (p.count === 0) p.catch(() => new RequestSource(plan.pool, plan.key, () => 0.5, shard.index, shard.count, true, undefined, shard));
  out = { ...out, shard, load: shareLoad(plan.load, shard) };
  if (plan.requests !== undefined) out.requests = splitInteger(plan.requests, shard);
  return out;
}
