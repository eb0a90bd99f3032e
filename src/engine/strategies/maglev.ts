/**
 * `maglev`: the lookup table of Maglev (Eisenbud et al., "Maglev: A Fast and Reliable Software
 * Network Load Balancer", NSDI 2016, §3.4, Pseudocode 1). Each endpoint has a permutation of the
 * M table cells, (offset + j x skip) mod M, with offset = h1(id) mod M and skip = h2(id) mod (M - 1)
 * + 1; endpoints take turns claiming their next preferred empty cell until the table is full.
 * M must be prime so every permutation visits every cell. A key goes to table[h(key) mod M].
 *
 * h1 and h2 are xxHash64 of the id with seeds 1 and 2 (h(key) uses seed 0). Turns go in id
 * order, so the table does not depend on the order endpoints are given. Weights, after Envoy's
 * `maglev_lb.cc`: in round r an endpoint takes a turn when r x w >= its next target, and each
 * turn raises the target by the largest weight, so the heaviest endpoint takes a turn every
 * round and one of a third of its weight every third round.
 *
 * Disruption: when an endpoint leaves, its cells go to others, and a few more cells change hands
 * than the 1/n of consistent hashing (the paper trades this for balance, §3.4); lookups are one
 * hash and one array read.
 */
import { hash64Into, mod64, type Hash64 } from '../hash';
import { byId, TableBalancer } from '../hashing/table-balancer';
import { describeOptions, parseOptions, type OptionSpec } from '../options';
import type { StrategyDefinition } from '../types';
import type { HashTable } from '../hashing/ring';
import type { Endpoint, HashLayout } from '../types';

export const MAGLEV_DEFAULTS = Object.freeze({ tableSize: 65537 });

/** Largest prime below 2^24 (mod64 needs M < 2^26; 64 MiB of table is plenty). */
export const MAX_MAGLEV_TABLE_SIZE = 16_777_213;

const OFFSET_SEED = 1;
const SKIP_SEED = 2;

export function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

const SPECS: readonly OptionSpec[] = [
  {
    name: 'tableSize',
    type: 'integer',
    default: MAGLEV_DEFAULTS.tableSize,
    min: 2,
    max: MAX_MAGLEV_TABLE_SIZE,
    check: (n: number) => (isPrime(n) ? undefined : 'must be a prime number'),
    description: 'Lookup table cells M; must be prime, and much larger than the number of endpoints (the paper: M > 100 n).',
  },
];

export class MaglevTable implements HashTable {
  constructor(
    /** Endpoint index per cell; empty when there are no endpoints. */
    readonly owners: Uint32Array,
  ) {}

  chooseHost(hi: number, lo: number): number {
    return this.owners.length === 0 ? -1 : this.owners[mod64(hi, lo, this.owners.length)];
  }

  layout(endpointIds: readonly string[]): HashLayout {
    return { kind: 'table', endpointIds, owners: this.owners.slice() };
  }
}

/** Fills the M-cell table (Pseudocode 1 of the paper, with weighted turns); owners index `endpoints`. */
export function buildMaglevTable(endpoints: readonly Endpoint[], tableSize: number): MaglevTable {
  const n = endpoints.length;
  if (n === 0) return new MaglevTable(new Uint32Array(0));
  const M = tableSize;
  const order = byId(endpoints);
  const next = new Float64Array(n); // next cell each endpoint will try
  const skip = new Float64Array(n);
  const weight = new Float64Array(n);
  const target = new Float64Array(n);
  const h: Hash64 = { hi: 0, lo: 0 };
  let maxWeight = 0;
  for (let k = 0; k < n; k++) {
    const e = endpoints[order[k]];
    hash64Into(h, e.id, OFFSET_SEED);
    next[k] = mod64(h.hi, h.lo, M);
    hash64Into(h, e.id, SKIP_SEED);
    skip[k] = M === 2 ? 1 : mod64(h.hi, h.lo, M - 1) + 1;
    weight[k] = e.weight;
    maxWeight = Math.max(maxWeight, e.weight);
  }
  target.fill(maxWeight);
  const cells = new Int32Array(M).fill(-1);
  let filled = 0;
  for (let round = 1; filled < M; round++) {
    for (let k = 0; k < n && filled < M; k++) {
      if (round * weight[k] < target[k]) continue;
      target[k] += maxWeight;
      let c = next[k];
      while (cells[c] >= 0) {
        c += skip[k];
        if (c >= M) c -= M;
      }
      cells[c] = order[k];
      c += skip[k];
      next[k] = c >= M ? c - M : c;
      filled++;
    }
  }
  return new MaglevTable(new Uint32Array(cells.buffer));
}

export const maglevStrategy: StrategyDefinition = {
  name: 'maglev',
  summary: "Maglev's permutation lookup table (65537 cells): O(1) picks, near-perfect balance, a little more churn than a ring.",
  hashing: true,
  feedback: false,
  options: describeOptions(SPECS),
  create(endpoints, options, env) {
    const { tableSize } = parseOptions<{ tableSize: number }>('maglev', options, SPECS);
    return new TableBalancer('maglev', endpoints, env, (eps) => buildMaglevTable(eps, tableSize));
  },
};
