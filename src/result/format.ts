/**
 * The number formats of every place that shows a figure: the CLI's tables and lines, the HTML
 * report and the webview, the VS Code progress, status bar and output channel. One rule per kind of
 * figure, so a p99 reads the same in the terminal, in a report's table and in a bar's tooltip.
 *
 * Latencies come in two spellings of the same digits: `formatMs` glues the unit on (`12.3ms`), so
 * a terminal table cell reads as one right-aligned token; `formatMsSpaced` puts a space before it
 * (`12.3 ms`), as prose and the views write units. Not-a-number figures print as `-`.
 * Imports nothing: the webview bundle takes it as it is.
 */

/** `0.84ms`, `12.3ms`, `250ms`, `1.20s`, `75.0s`: three significant digits, seconds from 1 s. */
export function formatMs(ms: number): string {
  const [n, unit] = msParts(ms);
  return `${n}${unit}`;
}

/** `formatMs` with a space before the unit: `0.84 ms`, `12.3 ms`, `1.20 s`. */
export function formatMsSpaced(ms: number): string {
  const [n, unit] = msParts(ms);
  return unit === '' ? n : `${n} ${unit}`;
}

function msParts(ms: number): [string, string] {
  if (!Number.isFinite(ms)) return ['-', ''];
  if (Math.abs(ms) >= 1000) return [sig3(ms / 1000), 's'];
  return [sig3(ms), 'ms'];
}

function sig3(n: number): string {
  const a = Math.abs(n);
  if (a === 0) return '0';
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  if (a >= 1) return n.toFixed(2);
  // below 1: two decimals, or more for tiny values (0.012 not 0.01)
  return a >= 0.1 ? n.toFixed(2) : n.toPrecision(2);
}

/** A fraction 0..1 as a percent: `25.0%`, `0.12%` (one more digit below 1%), `0%`, `100%`. */
export function formatPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return '-';
  const p = fraction * 100;
  if (p === 100 || p === 0) return `${p}%`;
  if (Math.abs(p) < 1) return `${p.toFixed(digits + 1)}%`;
  return `${p.toFixed(digits)}%`;
}

/** Integers with thousands separators (`1,234,567`), other numbers to 3 significant digits. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '-';
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  // from 999.5 up, sig3 would round to 1000 without the separator
  return Math.abs(n) >= 999.5 ? Math.round(n).toLocaleString('en-US') : sig3(n);
}

/** A rate per second: `1,234/s` from 100 up, `12.3/s` below; `unit` says what is counted (` req/s`). */
export function formatRate(perSecond: number, unit = '/s'): string {
  if (!Number.isFinite(perSecond)) return '-';
  return perSecond >= 100 ? `${formatCount(Math.round(perSecond))}${unit}` : `${perSecond.toFixed(1)}${unit}`;
}

/** How much over its fair share an endpoint went: `1.00x`. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '-';
  return `${ratio.toFixed(2)}x`;
}

/**
 * Attempts per request: `1.000x` without retries, `1.005x` when outlier detection left retries
 * little to do; three decimals, since the difference between none and a few is the point.
 */
export function formatAmplification(ratio: number): string {
  if (!Number.isFinite(ratio)) return '-';
  return `${ratio.toFixed(3)}x`;
}

/** A time on the run, for the timeline's axis and event list: `2.5 s`, `12 s` from 10 s. */
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
