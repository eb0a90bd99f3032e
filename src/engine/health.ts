/**
 * How outlier detection tells a wrapper inside it which endpoints are unhealthy. A plain strategy
 * only ever sees the usable endpoints (`setEndpoints`); a wrapper that must weigh health itself
 * (priority levels, localities, panic: priority-balancer.ts) needs the whole pool and the
 * unhealthy ids, as Envoy's load balancer reads the health flags its outlier detector sets.
 */
import type { Balancer, Endpoint } from './types';

export interface HealthAware {
  /** The whole pool (validated, in order) and the ids of those that are not healthy now. */
  setHealth(endpoints: readonly Endpoint[], unhealthy: ReadonlySet<string>): void;
}

export function isHealthAware(b: Balancer): b is Balancer & HealthAware {
  return typeof (b as Partial<HealthAware>).setHealth === 'function';
}
