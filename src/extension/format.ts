/** Numbers as the progress notification, the status bar and the output channel print them. */
import type { RunProgress } from '../loadtest/types';
import type { RunResult } from '../result/types';

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function ms(v: number): string {
  return v >= 100 ? `${v.toFixed(0)} ms` : v >= 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(2)} ms`;
}

export function formatProgress(p: RunProgress): string {
  const secs = p.totalMs ? ` (${(p.elapsedMs / 1000).toFixed(0)} of ${(p.totalMs / 1000).toFixed(0)} s)` : '';
  return `${count(p.requests)} requests, ${count(p.throughput)} req/s, p99 ${ms(p.p99)}${p.errors ? `, ${count(p.errors)} errors` : ''}${secs}`;
}

export function summaryLine(r: RunResult): string {
  const t = r.totals;
  return (
    `${count(t.requests)} requests, ${count(t.errors)} errors, ${count(t.throughput)} req/s, ` +
    `p50 ${ms(t.latency.p50)}, p99 ${ms(t.latency.p99)}, ${r.endpoints.length} endpoints, ${(r.durationMs / 1000).toFixed(1)} s`
  );
}
