/**
 * Hash strategies (issue 3): lookup speed against the `hashring` npm package, and ring quality.
 *
 * 1. Speed, 100 endpoints: ns per lookup of our consistent-hash (`ownerOf(key)`, and `pick({key})`)
 *    and of hashring's `get(key)` (its default ring: 40 vnodes x 4 replicas = 160 points per
 *    server, md5), over the same 200,000 distinct keys in the same order, so hashring's 5,000-entry
 *    LRU cache rarely hits, as in a real key space. Bar: ours >= 20x faster.
 * 2. Quality, 100 endpoints, 1,000,000 keys: max/average keys per endpoint, and the share of keys
 *    that move when one endpoint leaves (ideal 1 %), split into keys of the leaving endpoint and
 *    keys that moved between the others. bounded-load-hash is measured as a caller that does
 *    pick + done one key at a time (nothing else in flight), so its bound never binds and it
 *    equals consistent-hash; a second row keeps 1,000 picks in flight (a sliding window), where
 *    the bound spreads hot ranges and keys no longer stick to one endpoint.
 */
import { createRequire } from 'node:module';
import { createBalancer } from '../src/engine/registry';
import type { Endpoint, HashBalancer, HashStrategyName, Pick } from '../src/engine/types';
import { bar, printTable, type Bar, type Bench } from './lib';

interface HashRing {
  get(key: string): string;
}
type HashRingCtor = new (servers: Record<string, number>) => HashRing;
const HashRingImpl = createRequire(__filename)('hashring') as HashRingCtor;

const N_ENDPOINTS = 100;
const ids = Array.from({ length: N_ENDPOINTS }, (_, i) => `10.1.${i >> 4}.${i & 15}:8080`);
const endpoints: Endpoint[] = ids.map((id) => ({ id, address: `http://${id}`, weight: 1 }));
const LEAVING = ids[37];

function hashBalancer(name: HashStrategyName, eps: Endpoint[]): HashBalancer {
  return createBalancer(name, eps) as HashBalancer;
}

function hashring(eps: readonly Endpoint[]): HashRing {
  return new HashRingImpl(Object.fromEntries(eps.map((e) => [e.id, 1])));
}

/**
 * ns per op of `ref` and of each of `others`, measured in alternating rounds (ref, a, b, ref, a, b, ...)
 * so a burst of load on the shared machine hits both sides; medians of the rounds and the median
 * of the per-round ratios ref / other.
 */
function interleaved(ref: (ops: number) => void, others: ((ops: number) => void)[], ops: number, rounds: number) {
  for (const f of [ref, ...others]) f(Math.min(ops, 20_000));
  const refNs: number[] = [];
  const otherNs: number[][] = others.map(() => []);
  const ratios: number[][] = others.map(() => []);
  const time = (f: (ops: number) => void) => {
    const t0 = process.hrtime.bigint();
    f(ops);
    return Number(process.hrtime.bigint() - t0) / ops;
  };
  for (let r = 0; r < rounds; r++) {
    const rn = time(ref);
    refNs.push(rn);
    others.forEach((f, i) => {
      const n = time(f);
      otherNs[i].push(n);
      ratios[i].push(rn / n);
    });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { refNs: median(refNs), otherNs: otherNs.map(median), ratios: ratios.map(median) };
}

function speed(): Bar[] {
  const keys = Array.from({ length: 200_000 }, (_, i) => `user:${(i * 7919) % 1_000_003}`);
  const ours = hashBalancer('consistent-hash', endpoints);
  const theirs = hashring(endpoints);
  let sink = 0;
  const loop = (fn: (k: string) => string | undefined) => (ops: number) => {
    for (let i = 0, j = 0; i < ops; i++, j = j + 1 === keys.length ? 0 : j + 1) sink += fn(keys[j])!.length;
  };
  const m = interleaved(
    loop((k) => theirs.get(k)),
    [loop((k) => ours.ownerOf(k)), loop((k) => ours.pick({ key: k })!.endpoint.id)],
    200_000,
    7,
  );
  if (sink === 42) console.log('');
  printTable(
    ['lookup, 100 endpoints, 200,000 keys, 7 alternating rounds', 'ns/lookup (median)', 'hashring / this (median of rounds)'],
    [
      ['hashring get(key) (md5, LRU cache)', m.refNs, 1],
      ['consistent-hash ownerOf(key)', m.otherNs[0], m.ratios[0]],
      ['consistent-hash pick({key})', m.otherNs[1], m.ratios[1]],
    ],
  );
  console.log('');
  return [
    bar('consistent-hash ownerOf vs hashring get, 100 endpoints', m.ratios[0], '>=', 20),
    bar('consistent-hash pick({key}) vs hashring get, 100 endpoints', m.ratios[1], '>=', 20),
  ];
}

interface Quality {
  name: string;
  maxOverAvg: number;
  movedPct: number;
  leavingPct: number;
  betweenOthers: number;
}

/** Owner of every key before and after LEAVING leaves, through `lookup(pool)`. */
function quality(name: string, keys: readonly string[], lookup: (eps: Endpoint[]) => (k: string) => string): Quality {
  const before = keys.map(lookup(endpoints));
  const counts = new Map<string, number>();
  for (const o of before) counts.set(o, (counts.get(o) ?? 0) + 1);
  const after = keys.map(lookup(endpoints.filter((e) => e.id !== LEAVING)));
  let moved = 0;
  let between = 0;
  for (let i = 0; i < keys.length; i++) {
    if (before[i] === after[i]) continue;
    moved++;
    if (before[i] !== LEAVING) between++;
  }
  return {
    name,
    maxOverAvg: Math.max(...counts.values()) / (keys.length / N_ENDPOINTS),
    movedPct: (100 * moved) / keys.length,
    leavingPct: (100 * (counts.get(LEAVING) ?? 0)) / keys.length,
    betweenOthers: between,
  };
}

/** bounded-load-hash driven by picks, `window` picks kept in flight (1 = pick + done at once). */
function boundedLookup(window: number) {
  return (eps: Endpoint[]) => {
    const b = hashBalancer('bounded-load-hash', eps);
    const open: Pick[] = [];
    let next = 0;
    return (k: string) => {
      const p = b.pick({ key: k })!;
      if (window === 1) p.done({ latencyMs: 1, ok: true });
      else {
        if (open.length === window) open[next].done({ latencyMs: 1, ok: true });
        open[next] = p;
        next = (next + 1) % window;
      }
      return p.endpoint.id;
    };
  };
}

function ringQuality(): Bar[] {
  const keys = Array.from({ length: 1_000_000 }, (_, i) => `key-${i}`);
  const owner = (name: HashStrategyName) => (eps: Endpoint[]) => {
    const b = hashBalancer(name, eps);
    return (k: string) => b.ownerOf(k)!;
  };
  const rows = [
    quality('consistent-hash', keys, owner('consistent-hash')),
    quality('bounded-load-hash (pick + done, 1 in flight)', keys, boundedLookup(1)),
    quality('bounded-load-hash (1,000 in flight)', keys, boundedLookup(1000)),
    quality('maglev', keys, owner('maglev')),
    quality('rendezvous', keys, owner('rendezvous')),
    quality('hashring (npm)', keys, (eps) => {
      const r = hashring(eps);
      return (k) => r.get(k);
    }),
  ];
  printTable(
    ['100 endpoints, 1,000,000 keys', 'max/avg keys', `moved when ${LEAVING} leaves (%)`, 'its own share (%)', 'moved between others'],
    rows.map((r) => [r.name, r.maxOverAvg, r.movedPct, r.leavingPct, r.betweenOthers]),
  );
  console.log('');
  const row = (name: string) => rows.find((r) => r.name.startsWith(name))!;
  return [
    bar('consistent-hash max/avg keys per endpoint', row('consistent-hash').maxOverAvg, '<=', 1.25, ''),
    bar('maglev max/avg keys per endpoint', row('maglev').maxOverAvg, '<=', 1.05, ''),
    bar('rendezvous max/avg keys per endpoint', row('rendezvous').maxOverAvg, '<=', 1.05, ''),
    bar('consistent-hash keys moved when one of 100 leaves', row('consistent-hash').movedPct, '<=', 1.1, ' %'),
    bar('consistent-hash keys moved between the others', row('consistent-hash').betweenOthers, '<=', 0, ''),
    bar('bounded-load-hash (pick + done) keys moved when one leaves', row('bounded-load-hash (pick').movedPct, '<=', 1.1, ' %'),
    bar('bounded-load-hash (pick + done) keys moved between the others', row('bounded-load-hash (pick').betweenOthers, '<=', 0, ''),
    bar('rendezvous keys moved when one of 100 leaves', row('rendezvous').movedPct, '<=', 1.1, ' %'),
    bar('rendezvous keys moved between the others', row('rendezvous').betweenOthers, '<=', 0, ''),
    bar('maglev keys moved when one of 100 leaves', row('maglev').movedPct, '<=', 2, ' %'),
  ];
}

export const bench: Bench = {
  name: 'hash strategies: lookup speed vs hashring, ring quality',
  async run() {
    return [...speed(), ...ringQuality()];
  },
};
