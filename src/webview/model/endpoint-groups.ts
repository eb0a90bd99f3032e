/**
 * Priority levels and localities of a pool, as the load-per-endpoint view groups them: a level
 * (P0, P1, ...) holds its localities (zones), each holds its endpoints. This is the shape Envoy's
 * load balancer sees (source/common/upstream/load_balancer_impl.cc: a host set per priority, hosts
 * per locality inside it), so a spill from P0 to P1 or a locality taking less shows as a group's
 * share of requests, not as endpoints to add up by hand.
 */
import type { EndpointResult } from '../../result/types';
import { formatCount, formatPercent } from '../../result/format';
import { table, type TableModel } from './table';

export interface EndpointGroup {
  kind: 'priority' | 'locality';
  priority: number;
  /** Locality groups only; undefined for the endpoints of a level without a zone. */
  zone?: string;
  /** `P1`, `eu-1`, `no zone`. */
  name: string;
  /** `P1 · 30.0%`: what the header shows. */
  label: string;
  requests: number;
  /** requests / the run's requests (0..1). */
  share: number;
  endpoints: number;
  /** Positions in `order` of the group's first and last endpoint (inclusive). */
  first: number;
  last: number;
}

export interface EndpointGrouping {
  /** Indexes into the result's endpoints, level by level and zone by zone. */
  order: number[];
  /** Priority groups (when there is more than one level), then locality groups (more than one zone). */
  groups: EndpointGroup[];
  table: TableModel;
}

/** Endpoints without a priority are in level 0, as the engine balances them (priority-balancer.ts). */
const levelOf = (ep: EndpointResult) => ep.priority ?? 0;

/**
 * The grouping of a result's endpoints, or undefined when the pool has one level and at most one
 * zone: such a pool draws exactly as it did before priorities existed.
 */
export function endpointGrouping(endpoints: readonly EndpointResult[], totalRequests: number): EndpointGrouping | undefined {
  const levels = [...new Set(endpoints.map(levelOf))].sort((a, b) => a - b);
  const zoneCount = new Set(endpoints.map((ep) => ep.zone)).size;
  if (levels.length <= 1 && zoneCount <= 1) return undefined;
  const byPriority = levels.length > 1;
  const byZone = zoneCount > 1;

  const order: number[] = [];
  const priorityGroups: EndpointGroup[] = [];
  const localityGroups: EndpointGroup[] = [];
  for (const level of levels) {
    const members = endpoints.flatMap((ep, i) => (levelOf(ep) === level ? [i] : []));
    // Zones in the order the pool lists them; endpoints without one after the named zones.
    const zones = [...new Set(members.map((i) => endpoints[i].zone))].sort((a, b) => (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0));
    const levelStart = order.length;
    for (const zone of zones) {
      const start = order.length;
      for (const i of members) if (endpoints[i].zone === zone) order.push(i);
      if (byZone) localityGroups.push(group('locality', level, zone, order.slice(start), start, endpoints, totalRequests));
    }
    if (byPriority) priorityGroups.push(group('priority', level, undefined, order.slice(levelStart), levelStart, endpoints, totalRequests));
  }
  const groups = [...priorityGroups, ...localityGroups];
  return {
    order,
    groups,
    table: table(
      'Requests per priority level and zone',
      ['Group', 'Endpoints', 'Share', 'Requests'],
      groups.map((g) => [g.kind === 'locality' && byPriority ? `P${g.priority} ${g.name}` : g.name, formatCount(g.endpoints), formatPercent(g.share), formatCount(g.requests)]),
    ),
  };
}

function group(
  kind: EndpointGroup['kind'],
  priority: number,
  zone: string | undefined,
  members: number[],
  first: number,
  endpoints: readonly EndpointResult[],
  totalRequests: number,
): EndpointGroup {
  const requests = members.reduce((s, i) => s + endpoints[i].requests, 0);
  const share = totalRequests > 0 ? requests / totalRequests : 0;
  const name = kind === 'priority' ? `P${priority}` : (zone ?? 'no zone');
  return {
    kind,
    priority,
    ...(zone !== undefined ? { zone } : {}),
    name,
    label: `${name} · ${formatPercent(share)}`,
    requests,
    share,
    endpoints: members.length,
    first,
    last: first + members.length - 1,
  };
}
