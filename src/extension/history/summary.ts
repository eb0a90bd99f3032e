/** What the Runs tree says about a recorded run, read from the run itself (no `vscode` here). */
import type { PersistedState } from '../../protocol/webview';
import { formatCount, formatMsSpaced } from '../../result/format';

export type RecordedState = Exclude<PersistedState, { view: 'ring' } | { view: 'runDiff' }>;

export interface RunSummary {
  /** `loadtest`, `simulation`, `comparison` or `capacity`. */
  kind: string;
  /** `completed`, `cancelled`, `failed` (a comparison without a status: `completed`; capacity: its own). */
  status: string;
  /** The strategy run; a comparison's best, with how many ran; a capacity search's variants. */
  strategy: string;
  pool: string;
  startedAt?: string;
  p99?: number;
  errors?: number;
  requests?: number;
}

const KIND_LABEL: Record<string, string> = { loadtest: 'Load test', simulation: 'Simulation', comparison: 'Comparison', capacity: 'Capacity' };

function poolName(pool: Record<string, unknown>): string {
  return typeof pool.name === 'string' ? pool.name : '(unnamed pool)';
}

export function summaryOf(state: RecordedState): RunSummary {
  if (state.view === 'result') {
    const r = state.payload;
    return { kind: r.kind, status: r.status, strategy: r.config.strategy, pool: poolName(r.config.pool), startedAt: r.startedAt, p99: r.totals.latency.p99, errors: r.totals.errors, requests: r.totals.requests };
  }
  if (state.view === 'comparison') {
    const c = state.payload;
    const best = c.rows.find((r) => r.best) ?? c.rows[0];
    const first = c.results[0];
    return {
      kind: 'comparison',
      status: c.status ?? 'completed',
      strategy: `${best ? `${best.strategy} best` : 'none ranked'} of ${c.results.length}`,
      pool: first ? poolName(first.config.pool) : '(no runs)',
      ...(first ? { startedAt: first.startedAt } : {}),
      ...(best ? { p99: best.p99, errors: best.errors } : {}),
    };
  }
  const k = state.payload;
  return { kind: 'capacity', status: k.status, strategy: k.variants.map((v) => v.name).join(', '), pool: k.pool, startedAt: k.startedAt };
}

/** `Simulation: round-robin on demo`. */
export function titleOf(s: RunSummary): string {
  return `${KIND_LABEL[s.kind] ?? s.kind}: ${s.strategy} on ${s.pool}`;
}

/** `completed · p99 12.3 ms · 0 errors`: what the tree shows beside the title. */
export function detailOf(s: RunSummary): string {
  const parts = [s.status];
  if (s.p99 !== undefined) parts.push(`p99 ${formatMsSpaced(s.p99)}`);
  if (s.errors !== undefined) parts.push(`${formatCount(s.errors)} error${s.errors === 1 ? '' : 's'}`);
  return parts.join(' · ');
}
