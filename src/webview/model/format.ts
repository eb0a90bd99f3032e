/** Number formats shared by every view, so a figure reads the same in a bar's tooltip and its table. */

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return '-';
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '-';
  return Math.round(n).toLocaleString('en-US');
}

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '-';
  return perSecond >= 100 ? `${formatCount(perSecond)}/s` : `${perSecond.toFixed(1)}/s`;
}

/** Seconds since the run started, for the timeline's axis and event list. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** A percentile as HdrHistogram plots label it: 90%, 99%, 99.9%, ... */
export function formatPercentile(p: number): string {
  const pct = p * 100;
  if (pct >= 99.99) return `${pct.toFixed(3).replace(/0+$/, '').replace(/\.$/, '')}%`;
  if (pct >= 99.9) return `${pct.toFixed(2).replace(/0+$/, '').replace(/\.$/, '')}%`;
  return `${pct.toFixed(1).replace(/\.0$/, '')}%`;
}
