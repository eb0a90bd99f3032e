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
 *
 * With `balanceFactor` c > 1, Maglev with bounded loads (as Envoy's `hash_balance_factor` on
 * Maglev): the bound of bounded-load-hash, the overflow going to the owners of the cells after
 * the key's (hashing/bounded-load.ts, hashing/maglev-table.ts).
 */
import { optionalBalanceFactorSpec, tableOrBoundedBalancer } from '../hashing/bounded-load';
import { buildMaglevTable, isPrime, MAX_MAGLEV_TABLE_SIZE } from '../hashing/maglev-table';
import { defineStrategy, type OptionSpec } from '../options';

const NAME = 'maglev';

export const MAGLEV_DEFAULTS = Object.freeze({ tableSize: 65537 });

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
  optionalBalanceFactorSpec,
];

export const maglevStrategy = defineStrategy<{ tableSize: number; balanceFactor: number }>({
  name: NAME, hashing: true, feedback: false, specs: SPECS,
  summary: "Maglev's permutation lookup table (65537 cells): O(1) picks, near-perfect balance, a little more churn than a ring.",
  create: (endpoints, { tableSize, balanceFactor }, env) =>
    tableOrBoundedBalancer(NAME, endpoints, env, balanceFactor, (eps) => buildMaglevTable(eps, tableSize)),
});
