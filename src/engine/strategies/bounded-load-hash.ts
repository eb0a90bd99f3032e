/**
 * `bounded-load-hash`: consistent hashing with bounded loads (Mirrokni, Thorup, Zadimoghaddam,
 * "Consistent Hashing with Bounded Loads", SODA 2018 / arXiv:1608.01350, §2) over the ketama ring
 * of consistent-hash (same points, same `pointsPerWeight`). With m picks in flight (before this
 * one) over n endpoints, no endpoint may hold more than ceil(c x (m + 1) / n); a key goes to its
 * ring owner unless that endpoint is full, else to the next distinct endpoint clockwise that is
 * not. c = balanceFactor (default 1.25, must be > 1); weighted pools bound each endpoint by its
 * share of the weight.
 *
 * The bound is the wrapper of hashing/bounded-load.ts, the one consistent-hash and maglev use with
 * their `balanceFactor`: without load it picks exactly what consistent-hash picks. It learns only
 * from the in-flight count (`done` decrements it), not from latency or errors.
 */
import { balanceFactorSpec, BoundedLoadBalancer } from '../hashing/bounded-load';
import { buildKetamaRing, pointsPerWeightSpec } from '../hashing/ketama-ring';
import { defineStrategy, type OptionSpec } from '../options';

const NAME = 'bounded-load-hash';
const SPECS: readonly OptionSpec[] = [balanceFactorSpec, pointsPerWeightSpec];

export const boundedLoadHashStrategy = defineStrategy<{ balanceFactor: number; pointsPerWeight: number }>({
  name: NAME, hashing: true, feedback: false, specs: SPECS,
  summary: 'Consistent hashing with bounded loads: no endpoint over ceil(c x (in-flight + 1) / n); the next ring endpoint takes the overflow.',
  create: (endpoints, { balanceFactor, pointsPerWeight }, env) =>
    new BoundedLoadBalancer(NAME, endpoints, env, balanceFactor, (eps) => buildKetamaRing(eps, pointsPerWeight)),
});
