/**
 * The per-endpoint distribution: each endpoint's share of the requests beside its fair share by
 * weight, so an unfair strategy (or a slow server shedding load) shows as bars that leave their
 * marks.
 */
import type { RunResult } from '../../result/types';
import { formatCount, formatMsSpaced, formatPercent } from '../../result/format';
import { endpointGrouping, type EndpointGroup } from './endpoint-groups';
import { table, type TableModel } from './table';
import { fallbackNote, protocolLabel, showsProtocol } from '../../result/wire-protocol';

export interface DistributionBar {
  id: string;
  address: string;
  colorIndex: number;
  share: number;
  fairShare: number;
  /** share / fairShare; 1 is perfectly fair, 0 when the endpoint has no fair share. */
  ratio: number;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  /** What it negotiated, `http/1.1 (no h2)` when it fell back; absent when the run has no protocols. */
  protocol?: string;
}

export interface DistributionModel {
  bars: DistributionBar[];
  /** Top of the share axis: the largest share or fair share (never 0). */
  maxShare: number;
  totalRequests: number;
  /** Largest share / fair share over the endpoints (the comparison's maxShareRatio). */
  maxRatio: number;
  table: TableModel;
  /** Priority-level and locality headers over the bars; empty for a pool of one level and zone. */
  groups: EndpointGroup[];
  /** The groups' shares; absent when there are no groups. */
  groupTable?: TableModel;
  /** Which endpoints were answered over HTTP/1.1 although the pool asked for HTTP/2; absent when none were. */
  protocolNote?: string;
}

export function distributionModel(result: RunResult): DistributionModel {
  const grouping = endpointGrouping(result.endpoints, result.totals.requests);
  // Grouped, the bars run level by level and zone by zone; colours stay the endpoint's own, as
  // on the timeline.
  const order = grouping?.order ?? result.endpoints.map((_, i) => i);
  const withProtocol = showsProtocol(result);
  const bars: DistributionBar[] = order.map((i) => result.endpoints[i]).map((ep, k) => ({
    id: ep.id,
    address: ep.address,
    colorIndex: order[k],
    share: ep.share,
    fairShare: ep.fairShare,
    ratio: ep.fairShare > 0 ? ep.share / ep.fairShare : 0,
    requests: ep.requests,
    errors: ep.errors,
    p50: ep.latency.p50,
    p99: ep.latency.p99,
    ...(withProtocol ? { protocol: protocolLabel(result, ep) } : {}),
  }));
  let maxShare = 0;
  let maxRatio = 0;
  for (const b of bars) {
    maxShare = Math.max(maxShare, b.share, b.fairShare);
    maxRatio = Math.max(maxRatio, b.ratio);
  }
  const rows = bars.map((b) => [
    b.id,
    ...(withProtocol ? [b.protocol ?? ''] : []),
    formatPercent(b.share),
    formatPercent(b.fairShare),
    formatCount(b.requests),
    formatCount(b.errors),
    formatMsSpaced(b.p50),
    formatMsSpaced(b.p99),
  ]);
  const protocolNote = fallbackNote(result);
  return {
    bars,
    maxShare: maxShare > 0 ? maxShare : 1,
    totalRequests: result.totals.requests,
    maxRatio,
    // Under a client policy the endpoints count attempts (what each server received), not requests.
    table: table(
      result.totals.attempts === undefined ? 'Requests per endpoint' : 'Attempts per endpoint (what each server received)',
      ['Endpoint', ...(withProtocol ? ['Protocol'] : []), 'Share', 'Fair share', result.totals.attempts === undefined ? 'Requests' : 'Attempts', 'Errors', 'p50', 'p99'],
      rows,
      withProtocol ? 2 : 1,
    ),
    groups: grouping?.groups ?? [],
    ...(grouping ? { groupTable: grouping.table } : {}),
    ...(protocolNote ? { protocolNote } : {}),
  };
}
