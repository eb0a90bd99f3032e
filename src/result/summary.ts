/**
 * Plain-text summaries for the CLI (and anything printing to a terminal or a log): an aligned
 * table, and the per-endpoint table printed after `run` and `simulate` (numbers: format.ts).
 */
import { formatCount, formatMs, formatPercent, formatRatio } from './format';
import type { RunResult } from './types';

const NUMERIC = /^[-+]?[\d,.]+(ms|s|%|x)?$/;

/**
 * An aligned plain-text table: a header row, a rule, the rows. Cells that read as numbers
 * (`12.3ms`, `25.0%`, `1,234`) are right-aligned, others left-aligned; no trailing spaces.
 */
export function formatTable(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows].map((r) => headers.map((_, i) => (r[i] === undefined ? '' : String(r[i]))));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const right = headers.map((_, i) => rows.length > 0 && rows.every((r) => r[i] === undefined || r[i] === '' || NUMERIC.test(String(r[i]))));
  const line = (r: string[]): string => r.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export interface TextTable {
  headers: string[];
  rows: string[][];
}

/** Per endpoint: weight, share, fair share, requests, errors, p50, p99, max; then the total. */
export function endpointTable(result: RunResult): TextTable {
  const headers = ['endpoint', 'weight', 'share', 'fair share', 'requests', 'errors', 'p50', 'p99', 'max'];
  const rows = result.endpoints.map((ep) => [
    ep.id,
    formatCount(ep.weight),
    formatPercent(ep.share),
    formatPercent(ep.fairShare),
    formatCount(ep.requests),
    formatCount(ep.errors),
    formatMs(ep.latency.p50),
    formatMs(ep.latency.p99),
    formatMs(ep.latency.max),
  ]);
  const t = result.totals;
  rows.push([
    // Under a client policy endpoints count attempts and the total is the callers' view.
    t.attempts !== undefined ? 'total (callers)' : 'total',
    formatCount(result.endpoints.reduce((s, ep) => s + ep.weight, 0)),
    formatPercent(result.endpoints.reduce((s, ep) => s + ep.share, 0)),
    formatPercent(result.endpoints.reduce((s, ep) => s + ep.fairShare, 0)),
    formatCount(t.requests),
    formatCount(t.errors),
    formatMs(t.latency.p50),
    formatMs(t.latency.p99),
    formatMs(t.latency.max),
  ]);
  return { headers, rows };
}

/** One line under the table: throughput, duration, errors by kind, late sends, drops, warmup. */
export function totalsLine(result: RunResult): string {
  const t = result.totals;
  const parts = [`${formatCount(t.throughput)} req/s over ${formatMs(result.durationMs)}`, `status ${result.status}`];
  const kinds = Object.entries(t.errorsByKind).sort((a, b) => b[1] - a[1]);
  if (kinds.length) {
    const folded = t.errorKindsFolded ? ` (other includes ${formatCount(t.errorKindsFolded)} more kinds)` : '';
    parts.push(`errors: ${kinds.map(([k, n]) => `${k} ${formatCount(n)}`).join(', ')}${folded}`);
  }
  if (t.late) parts.push(`late sends ${formatCount(t.late.count)} (p99 ${formatMs(t.late.p99Ms)})`);
  if (t.dropped) parts.push(`dropped ${formatCount(t.dropped)}`);
  if (t.warmupRequests) parts.push(`warmup ${formatCount(t.warmupRequests)} requests excluded`);
  const policy = policyLine(result);
  return policy ? `${parts.join(' · ')}\n${policy}` : parts.join(' · ');
}

/** Attempts over requests (what servers received per caller request); undefined without a policy. */
export function amplification(result: RunResult): number | undefined {
  const t = result.totals;
  return t.attempts === undefined ? undefined : t.requests > 0 ? t.attempts / t.requests : 0;
}

/** Under a client policy: attempts and amplification, then what the policy sent and refused. */
export function policyLine(result: RunResult): string | undefined {
  const t = result.totals;
  const amp = amplification(result);
  if (amp === undefined) return undefined;
  const parts = [`policy: ${formatCount(t.attempts!)} attempts for ${formatCount(t.requests)} requests (amplification ${formatRatio(amp)})`];
  if (t.retries) parts.push(`retries ${formatCount(t.retries)}`);
  if (t.hedges) parts.push(`hedges ${formatCount(t.hedges)}`);
  if (t.budgetDenied) parts.push(`budget denied ${formatCount(t.budgetDenied)}`);
  if (t.throttled) parts.push(`throttled ${formatCount(t.throttled)}`);
  if (t.overflow) parts.push(`overflow ${formatCount(t.overflow)}`);
  return parts.join(' · ');
}
