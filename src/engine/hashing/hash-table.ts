/**
 * The table every hash strategy builds and answers, as Envoy's hash policies do
 * (`source/extensions/load_balancing_policies/common/thread_aware_lb_impl.h`: a policy only builds
 * an immutable table and answers `chooseHost(hash, attempt)`). Endpoints are referred to by their
 * index in the list the table was built from; hashes are 64-bit values as unsigned 32-bit halves.
 * Bounded load wraps any table through `walk` (bounded-load.ts).
 */
import type { Endpoint, HashLayout } from '../types';

/** An immutable table built from a list of endpoints: which endpoint owns a 64-bit hash. */
export interface HashTable {
  /**
   * Index of the owning endpoint (attempt 0), or of the attempt-th fallback: the endpoint `walk`
   * visits after `attempt` others. -1 when the table is empty or has fewer distinct endpoints.
   */
  chooseHost(hi: number, lo: number, attempt?: number): number;
  /**
   * Visits the endpoints in the table's own order of preference for the hash, each once, owner
   * first, and returns the first one `accept` takes (-1 if none): how bounded load finds the
   * endpoint that takes an overflow, in one pass instead of one lookup per attempt.
   */
  walk(hi: number, lo: number, accept: (endpoint: number) => boolean): number;
  /** For drawing; `endpointIds` are the ids of the list the table was built from. */
  layout(endpointIds: readonly string[]): HashLayout;
}

/** Indices of `endpoints` in ascending id order (UTF-16 code units), the order tables are built in. */
export function byId(endpoints: readonly Endpoint[]): number[] {
  return endpoints.map((_, i) => i).sort((a, b) => (endpoints[a].id < endpoints[b].id ? -1 : endpoints[a].id > endpoints[b].id ? 1 : 0));
}
