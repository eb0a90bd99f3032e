/**
 * How outlier detection tells a wrapper inside it which endpoints are unhealthy. A plain strategy
 * only ever sees the usable endpoints (`setEndpoints`); a wrapper that must weigh health itself
 * (priority levels, localities, panic: priority-balancer.ts) needs the whole pool and the
 * unhealthy ids, as Envoy's load balancer reads the health flags its outlier detector sets.
 * Health can also come from outside: the grpc-js policies count a subchannel that is not READY
 * as unhealthy (integrations/grpc), as Envoy counts a host its health checker failed; the
 * wrappers above the priority levels (outlier detection, the slow-start join tap) pass it down.
 */
import type { Balancer, Endpoint } from './types';

export interface HealthAware {
  /** The whole pool (validated, in order) and the ids of those that are not healthy now. */
  setHealth(endpoints: readonly Endpoint[], unhealthy: ReadonlySet<string>): void;
}

export function isHealthAware(b: Balancer): b is Balancer & HealthAware {
  return typeof (b as Partial<HealthAware>).setHealth === 'function';
}

/** Tells `b` the pool and who is unhealthy: all of it if `b` weighs health, else only the healthy endpoints. */
export function giveHealth(b: Balancer, endpoints: readonly Endpoint[], unhealthy: ReadonlySet<string>): void {
  if (isHealthAware(b)) b.setHealth(endpoints, unhealthy);
  else b.setEndpoints(unhealthy.size === 0 ? endpoints : endpoints.filter((e) => !unhealthy.has(e.id)));
}
