/**
 * `rendezvous`: weighted highest-random-weight hashing (Thaler and Ravishankar, "Using Name-Based
 * Mappings to Increase Hit Rates", IEEE/ACM ToN 1998, for HRW; the weighted score -w / ln(u) is
 * the logarithmic method of Schindelhauer and Schomaker, "Weighted Distributed Hash Tables",
 * SPAA 2005, known as weighted rendezvous hashing). For a key, every endpoint draws
 * u = hash(key, id) in (0, 1) and scores -w / ln(u); the highest score wins. Endpoint i wins with
 * probability exactly w_i / W, and when an endpoint leaves, only the keys it won move.
 *
 * hash(key, id) = xxHash64's avalanche of xxHash64(key) XOR xxHash64(id): one string hash per
 * pick, then one 64-bit mix per endpoint.
 *
 * Cost: O(n) per pick, a mix and a logarithm per endpoint (the price of needing no table and of
 * moving no key between the endpoints that stay). Ties (equal scores, practically never) go to
 * the smaller id, so the result does not depend on the order endpoints are given.
 */
import { RendezvousTable } from '../hashing/rendezvous-table';
import { TableBalancer } from '../hashing/table-balancer';
import { defineStrategy, type OptionSpec } from '../options';

const NAME = 'rendezvous';
const SPECS: readonly OptionSpec[] = [];

export const rendezvousStrategy = defineStrategy({
  name: NAME, hashing: true, feedback: false, specs: SPECS,
  summary: 'Weighted highest-random-weight hashing: O(n) per pick, no table, only the keys of a leaving endpoint move.',
  create: (endpoints, _options, env) => new TableBalancer(NAME, endpoints, env, (eps) => new RendezvousTable(eps)),
});
