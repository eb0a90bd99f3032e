/**
 * Hash keys, one model for live runs and simulations (KeySpec): a template (`"user-{seq % 1000}"`),
 * a seeded random pick from a list, a field of the request (`"params.0"`, `"body.user"`,
 * `"message.id"`, read after the request's own placeholders are expanded), or a key space with
 * uniform or Zipf skew (key-space.ts). `parsePool` and `planRun` have checked the spec.
 */
import type { KeySpec } from '../pools/types';
import { ConfigError } from '../engine/errors';
import { createKeySampler } from './key-space';
import { shardSize, shardValue, type Shard } from './shard';
import { compileTemplate } from './template';

/** `request` is the request template with this request's payload expanded in place. */
export type KeyOf = (seq: number, request: unknown) => string | undefined;

/** Whether the key is read from the request, so the request must be built to know it. */
export function keyNeedsRequest(spec: KeySpec | undefined): boolean {
  return typeof spec === 'object' && spec !== null && 'field' in spec;
}

/**
 * Compiles a checked KeySpec; every random draw comes from `random`. In a shard, a template, a
 * list and a key space yield only the shard's keys (shard.ts); a ConfigError when there are
 * fewer keys than shards.
 */
export function compileKey(spec: KeySpec | undefined, random: () => number, shard?: Shard): KeyOf | undefined {
  if (spec === undefined) return undefined;
  if (typeof spec === 'string') {
    const expand = compileTemplate(spec, 'key', undefined, shard);
    return (seq) => expand(seq, random);
  }
  if ('list' in spec) {
    const list = spec.list;
    if (!shard || shard.count === 1) return () => list[Math.floor(random() * list.length)];
    if (list.length < shard.count) throw new ConfigError('key.list', `has ${list.length} keys, fewer than the ${shard.count} shards: each shard needs keys of its own`);
    const size = shardSize(list.length, shard);
    return () => list[shardValue(Math.floor(random() * size), list.length, shard)];
  }
  if ('space' in spec) return createKeySampler(spec, random, shard);
  const path = spec.field.split('.');
  return (_seq, request) => {
    let node: unknown = request;
    for (const step of path) {
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string, unknown>)[step];
    }
    return node === undefined || node === null ? undefined : typeof node === 'string' ? node : JSON.stringify(node);
  };
}
