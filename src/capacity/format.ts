/** The capacity table: one row per variant, best first, with its capacity relative to the best. */
import type { CapacityResult } from '../result/capacity';
import { formatMs, formatPercent, formatRate } from '../result/format';
import { formatTable } from '../result/summary';

export function formatCapacity(result: CapacityResult): string {
  const rows = result.variants
    .map((v, i) => ({ v, i }))
    .sort((a, b) => b.v.capacity - a.v.capacity || a.i - b.i)
    .map(({ v }) => [
      v.name,
      (v.bound === 'max' ? '>= ' : '') + formatRate(v.capacity, ''),
      formatPercent(v.relative, 0),
      v.p99AtCapacity === undefined ? '' : formatMs(v.p99AtCapacity),
      String(v.curve.length),
      v.status === 'ok' ? (v.bound === 'min' ? 'broke at the lowest rate' : v.bound === 'max' ? 'held at the highest rate' : '') : `${v.status}${v.message ? `: ${v.message}` : ''}`,
    ]);
  const head = `Capacity at ${result.slo} (${result.mode === 'simulation' ? 'simulated' : 'live'}, ${result.pool}), requests/s:`;
  const table = formatTable(['variant', 'capacity', 'vs best', 'p99 at capacity', 'steps', 'note'], rows);
  const status = result.status === 'ok' ? '' : `\n(${result.status}: the table holds what was measured)`;
  return `${head}\n${table}${status}`;
}
