/**
 * The per-endpoint distribution: each endpoint's share of the requests beside its fair share by
 * weight, so an unfair strategy (or a slow server shedding load) shows as bars that leave their
 * marks.
 */
import type { RunResult } from '../../result/types';
import { formatCount, formatMsSpaced, formatPercent } from '../../result/format';
import { table, type TableModel } from './table';

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
}

export interface DistributionModel {
  bars: DistributionBar[];
  /** Top of the share axis: the largest share or fair share (never 0). */
  maxShare: number;
  totalRequests: number;
  /** Largest share / fair share over the endpoints (the comparison's maxShareRatio). */
  maxRatio: number;
  table: TableModel;
}

export function distributionModel(result: RunResult): DistributionModel {
  const bars: DistributionBar[] = result.endpoints.map((ep, i) => ({
    id: ep.id,
    address: ep.address,
    colorIndex: i,
    share: ep.share,
    fairShare: ep.fairShare,
    ratio: ep.fairShare > 0 ? ep.share / ep.fairShare : 0,
    requests: ep.requests,
    errors: ep.errors,
    p50: ep.latency.p50,
    p99: ep.latency.p99,
  }));
  let maxShare = 0;
  let maxRatio = 0;
  for (const b of bars) {
    maxShare = Math.max(maxShare, b.share, b.fairShare);
    maxRatio = Math.max(maxRatio, b.ratio);
  }
  const rows = bars.map((b) => [
    b.id,
    formatPercent(b.share),
    formatPercent(b.fairShare),
    formatCount(b.requests),
    formatCount(b.errors),
    formatMsSpaced(b.p50),
    formatMsSpaced(b.p99),
  ]);
  return {
    bars,
    maxShare: maxShare > 0 ? maxShare : 1,
    totalRequests: result.totals.requests,
    maxRatio,
    table: table(
      'Requests per endpoint',
      ['Endpoint', 'Share', 'Fair share', 'Requests', 'Errors', 'p50', 'p99'],
      rows,
    ),
  };
}
