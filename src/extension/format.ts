/** The lines the progress notification and the output channel print (numbers: src/result/format.ts). */
import type { RunProgress } from '../loadtest/types';
import { formatCount, formatMsSpaced, formatRate } from '../result/format';
import type { RunResult } from '../result/types';

export function formatProgress(p: RunProgress): string {
  const secs = p.totalMs ? ` (${(p.elapsedMs / 1000).toFixed(0)} of ${(p.totalMs / 1000).toFixed(0)} s)` : '';
  return `${formatCount(p.requests)} requests, ${formatRate(p.throughput, ' req/s')}, p99 ${formatMsSpaced(p.p99)}${p.errors ? `, ${formatCount(p.errors)} errors` : ''}${secs}`;
}

export function summaryLine(r: RunResult): string {
  const t = r.totals;
  return (
    `${formatCount(t.requests)} requests, ${formatCount(t.errors)} errors, ${formatRate(t.throughput, ' req/s')}, ` +
    `p50 ${formatMsSpaced(t.latency.p50)}, p99 ${formatMsSpaced(t.latency.p99)}, ${r.endpoints.length} endpoints, ${formatMsSpaced(r.durationMs)}`
  );
}
