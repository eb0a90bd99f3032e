/**
 * A run's progress (the runner's `progress` ticks, about every 250 ms) as the live dashboard's
 * messages. Each run gets its own key so the panel starts over for a comparison's next strategy.
 */
import type { RunProgress } from '../../loadtest/types';
import type { LiveMessage } from '../../protocol/webview';
import type { ResultsPanel } from './results-panel';

let runs = 0;

/** A key for one run in this window. */
export function newRunKey(): string {
  return `run-${++runs}`;
}

/** Posts the tick to the panel's dashboard; false when the tick carries no live part (then the progress line is the fallback). */
export function postLive(panel: ResultsPanel, run: string, label: string, p: RunProgress): boolean {
  if (!p.live) return false;
  const m: LiveMessage = {
    type: 'live',
    run,
    label,
    elapsedMs: p.elapsedMs,
    ...(p.totalMs !== undefined ? { totalMs: p.totalMs } : {}),
    requests: p.requests,
    errors: p.errors,
    throughput: p.throughput,
    p99: p.p99,
    cancellable: panel.cancelRun !== undefined,
    live: p.live,
  };
  panel.live(m);
  return true;
}
