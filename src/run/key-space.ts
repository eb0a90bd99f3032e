/**
 * Hash keys from a key space of `space` keys (`key-1` .. `key-<space>`) drawn
 * uniformly or with Zipf skew (key of rank k with probability proportional to 1 / k^s).
 *
 * Zipf by rejection-inversion (W. Hörmann and G. Derflinger, "Rejection-inversion to generate
 * variates from monotone discrete distributions", ACM TOMACS 6(3), 1996), as in Apache Commons
 * RNG's `RejectionInversionZipfSampler`: O(1) memory and expected time for any space and any
 * exponent s > 0, so a key space of 10^9 costs nothing up front.
 */
import { ConfigError } from '../engine/errors';
import type { KeySpace } from '../pools/types';
import { shardSize, type Shard } from './shard';

/** Key strings are built once per rank up to this many ranks, then on demand. */
const CACHE_LIMIT = 1 << 20;

/**
 * Returns a function that draws the next key (a string) from `random`. Shard i of N draws over
 * its own keys (ranks i+1, i+1+N, ...) with the same skew, so shards never share a key; with
 * Zipf skew the merged mix is then flatter at the head than one process's (the N hottest keys
 * get equal traffic).
 */
export function createKeySampler(spec: KeySpace, random: () => number, shard?: Shard): () => string {
  const skew = spec.skew ?? 'uniform';
  const sharded = shard !== undefined && shard.count > 1;
  if (sharded && spec.space < shard.count) throw new ConfigError('key.space', `has ${spec.space} keys, fewer than the ${shard.count} shards: each shard needs keys of its own`);
  const space = sharded ? shardSize(spec.space, shard) : spec.space;
  const local = skew === 'uniform' ? uniformRank(space, random) : zipfRank(space, skew.zipf, random);
  const rank = sharded ? () => shard.index + 1 + shard.count * (local() - 1) : local;
  const cache: string[] = [];
  return () => {
    const k = rank();
    if (k > CACHE_LIMIT) return `key-${k}`;
    return (cache[k] ??= `key-${k}`);
  };
}

function uniformRank(n: number, random: () => number): () => number {
  return () => 1 + Math.floor(random() * n);
}

/** Rank 1..n with P(k) proportional to k^-s, by rejection-inversion (see the module comment). */
export function zipfRank(n: number, s: number, random: () => number): () => number {
  const h = (x: number): number => Math.exp(-s * Math.log(x));
  const hIntegral = (x: number): number => {
    const logX = Math.log(x);
    return helper2((1 - s) * logX) * logX;
  };
  const hIntegralInverse = (x: number): number => {
    let t = x * (1 - s);
    if (t < -1) t = -1; // numerical safety, as in the reference implementation
    return Math.exp(helper1(t) * x);
  };
  const hIntegralX1 = hIntegral(1.5) - 1;
  const hIntegralN = hIntegral(n + 0.5);
  const sBound = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
  return () => {
    // Expected iterations are below 1.1 for every s (the paper, section 4); the bound only
    // guards against a broken uniform source.
    for (let tries = 0; tries < 1000; tries++) {
      const u = hIntegralN + random() * (hIntegralX1 - hIntegralN);
      const x = hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > n) k = n;
      if (k - x <= sBound || u >= hIntegral(k + 0.5) - h(k)) return k;
    }
    return 1;
  };
}

/** log1p(x) / x, continuous at 0. */
function helper1(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** expm1(x) / x, continuous at 0. */
function helper2(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}
