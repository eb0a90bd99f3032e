/**
 * What merging the shards of one run (`run --shard i/N`, then `rpc-balancer merge`) adds to
 * `mergeResults`: the parts must be shards 0..N-1 of one run, each once (same pool, strategy and
 * options, same N), and the merged config is the whole run's (rates, callers, caps and request
 * bounds summed; `shards: N` in place of `shard`).
 */
import type { LoadModel, RunConfig, RunResult } from './types';

export class MergeError extends Error {
  constructor(message: string) {
    super(`mergeResults: ${message}`);
    this.name = 'MergeError';
  }
}

/** Whether the parts are shards (each has `config.shard`); refuses a mix. */
export function checkShards(results: RunResult[], names: string[]): boolean {
  const sharded = results.map((r) => r.config.shard !== undefined);
  if (!sharded.some(Boolean)) return false;
  const plain = sharded.indexOf(false);
  if (plain >= 0) throw new MergeError(`${names[plain]} is not a shard (no config.shard) but ${names[sharded.indexOf(true)]} is: merge the shards of one run`);
  const first = results[0].config;
  const count = first.shard!.count;
  const byIndex = new Map<number, number>();
  results.forEach((r, i) => {
    const c = r.config;
    const s = c.shard!;
    if (s.count !== count) throw new MergeError(`${names[i]} is shard ${s.index} of ${s.count}, ${names[0]} of ${count}: shards of different splits`);
    const same = (what: string, a: unknown, b: unknown): void => {
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new MergeError(`${names[i]} ran another ${what} than ${names[0]}: not shards of one run`);
    };
    same('pool', c.pool, first.pool);
    same('strategy', c.strategy, first.strategy);
    same('strategy options', c.strategyOptions, first.strategyOptions);
    same('load model', c.load.model, first.load.model);
    const dup = byIndex.get(s.index);
    if (dup !== undefined) throw new MergeError(`${names[dup]} and ${names[i]} are both shard ${s.index} of ${count}`);
    byIndex.set(s.index, i);
  });
  const missing = [...Array(count).keys()].filter((k) => !byIndex.has(k));
  if (missing.length) throw new MergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} missing (0-based; got ${[...byIndex.keys()].sort((a, b) => a - b).join(', ')})`);
  return true;
}

/** The whole run's config from its shards' configs. */
export function wholeConfig(results: RunResult[]): RunConfig {
  const configs = results.map((r) => r.config);
  const { shard: _shard, ...first } = configs[0];
  const out: RunConfig = { ...first, load: wholeLoad(configs.map((c) => c.load)), shards: configs.length };
  // Shards run without --seed each drew their own: no one seed describes the whole.
  if (configs.some((c) => c.seed !== first.seed)) delete out.seed;
    const requests = configs.map((c) => c.requests);
  if (requests.every((n) => n !== undefined)) out.requests = requests.reduce((a, b) => a! + b!, 0);
  return out;
}

function wholeLoad(loads: LoadModel[]): LoadModel {
  const first = loads[0];
  if (first.model === 'closed') return { ...first, concurrency: loads.reduce((s, l) => s + (l.model === 'closed' ? l.concurrency : 0), 0) };
  const out: LoadModel = { ...first, rate: loads.reduce((s, l) => s + (l.model === 'open' ? l.rate : 0), 0) };
  const caps = loads.map((l) => (l.model === 'open' ? l.maxInFlight : undefined));
  if (caps.every((n) => n !== undefined)) out.maxInFlight = caps.reduce((a, b) => a! + b!, 0);
  return out;
}
