/**
 * Caller view vs server view of a run under a client policy (issue 12). Under a policy the
 * result's `totals` are the callers' (each request once, its final outcome, its latency across
 * every attempt) and `endpoints[]` the servers' (attempts): a retry storm shows as servers busy
 * at twice the load while callers see few errors, and the difference is amplification =
 * attempts / requests (Finagle's and Linkerd's retry budgets are stated in the same ratio).
 * The servers' percentiles come from the endpoints' histograms summed exactly (`result/histogram`),
 * not from averaging their percentiles. A result without a policy has no `totals.attempts`: no model.
 */
import { add, create, decode, summarize } from '../../result/histogram';
import type { LatencySummary, RunResult } from '../../result/types';
import { formatCount, formatMsSpaced, formatPercent, formatRatio } from '../../result/format';
import { table, type TableModel } from './table';

export interface ViewFigures {
  /** Requests (callers) or attempts (servers). */
  count: number;
  ok: number;
  errors: number;
  errorRate: number;
  /** Undefined when a histogram would not decode (the table shows `-`). */
  latency?: LatencySummary;
}

export interface PolicyCounter {
  key: 'amplification' | 'retries' | 'hedges' | 'budgetDenied' | 'throttled' | 'overflow';
  label: string;
  value: number;
  text: string;
  /** Why the figure matters, for the tooltip and screen readers. */
  title: string;
}

export interface CallerViewModel {
  callers: ViewFigures;
  servers: ViewFigures;
  /** attempts / requests; 1 when nothing was retried or hedged. */
  amplification: number;
  counters: PolicyCounter[];
  /** Endpoints whose histogram would not decode, with the reason. */
  problems: string[];
  table: TableModel;
}

export function callerViewModel(result: RunResult): CallerViewModel | undefined {
  const t = result.totals;
  if (t.attempts === undefined) return undefined;
  const problems: string[] = [];
  const sum = create();
  for (const ep of result.endpoints) {
    if (!ep.histogram) continue;
    try {
      add(sum, decode(ep.histogram));
    } catch (e) {
      problems.push(`${ep.id}: ${(e as Error).message}`);
    }
  }
  const attempts = result.endpoints.reduce((s, ep) => s + ep.requests, 0);
  const serverOk = result.endpoints.reduce((s, ep) => s + ep.ok, 0);
  const callers: ViewFigures = { count: t.requests, ok: t.ok, errors: t.errors, errorRate: rate(t.errors, t.requests), latency: t.latency };
  const servers: ViewFigures = {
    count: attempts,
    ok: serverOk,
    errors: attempts - serverOk,
    errorRate: rate(attempts - serverOk, attempts),
    ...(problems.length === 0 ? { latency: summarize(sum) } : {}),
  };
  const amplification = t.requests > 0 ? t.attempts / t.requests : 1;
  const counter = (key: PolicyCounter['key'], label: string, value: number, title: string): PolicyCounter => ({ key, label, value, text: formatCount(value), title });
  const counters: PolicyCounter[] = [
    { key: 'amplification', label: 'Amplification', value: amplification, text: formatRatio(amplification), title: `${formatCount(t.attempts)} attempts for ${formatCount(t.requests)} requests` },
    counter('retries', 'Retries', t.retries ?? 0, 'attempts after a failed one'),
    counter('hedges', 'Hedges', t.hedges ?? 0, 'attempts sent while an earlier one was still out'),
    counter('budgetDenied', 'Budget denied', t.budgetDenied ?? 0, 'retries or hedges the retry budget refused (whole run)'),
    counter('throttled', 'Throttled', t.throttled ?? 0, 'retries or hedges retry throttling refused (whole run)'),
    counter('overflow', 'Overflow', t.overflow ?? 0, 'requests, retries or hedges the circuit breaker refused (whole run)'),
  ];
  const row = (name: string, f: ViewFigures) => [
    name,
    formatCount(f.count),
    formatCount(f.ok),
    formatCount(f.errors),
    formatPercent(f.errorRate),
    formatMsSpaced(f.latency?.p50 ?? NaN),
    formatMsSpaced(f.latency?.p90 ?? NaN),
    formatMsSpaced(f.latency?.p99 ?? NaN),
    formatMsSpaced(f.latency?.max ?? NaN),
  ];
  return {
    callers,
    servers,
    amplification,
    counters,
    problems,
    table: table(
      'What callers saw and what the servers received',
      ['View', 'Requests / attempts', 'OK', 'Errors', 'Error rate', 'p50', 'p90', 'p99', 'max'],
      [row('Callers (requests)', callers), row('Servers (attempts)', servers)],
    ),
  };
}

function rate(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}
