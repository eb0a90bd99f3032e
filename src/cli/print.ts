/** What `run` and `simulate` print after a run: the endpoint table, the totals, the plan's notes, the events. */
import { formatDuration } from '../pools/duration';
import { endpointTable, formatTable, totalsLine, type TextTable } from '../result/summary';
import type { RunResult } from '../result/types';
import { fallbackNote, protocolLabel, showsProtocol } from '../result/wire-protocol';
import { safeLines } from './terminal';

export function printResult(result: RunResult, print: (line: string) => void = (l) => console.log(l)): void {
  // Ids, names and details are input: every line goes out terminal-safe and redacted.
  const out = (line: string) => print(safeLines(line));
  const { headers, rows } = withProtocol(result, endpointTable(result));
  const label = result.kind === 'simulation' ? 'simulated' : 'load test';
  out(`${result.config.pool.name ?? 'pool'} · ${result.config.strategy} · ${label} · ${describeLoad(result)} · ${result.status}`);
  out('');
  out(formatTable(headers, rows));
  out('');
  out(totalsLine(result));
  if (result.error) out(`error: ${result.error}`);
  // What the plan changed or could not do on the caller's behalf: a coarser timeline, rows running out, ...
  for (const note of result.config.notes ?? []) out(`note: ${note}`);
  const fallback = fallbackNote(result);
  if (fallback) out(`note: ${fallback}`);
  const events = result.events.filter((e) => e.type !== 'warmup-ended');
  if (events.length) {
    out('');
    out('events:');
    const shown = events.slice(0, 20);
    for (const e of shown) out(`  ${formatDuration(Math.round(e.at)).padStart(7)}  ${e.type.padEnd(9)} ${e.endpoint ?? ''}${e.detail ? `  (${e.detail})` : ''}${e.shard !== undefined ? `  [shard ${e.shard}]` : ''}`);
    if (events.length > shown.length) out(`  ... and ${events.length - shown.length} more in the JSON result`);
  }
}

/**
 * The table with a `protocol` column after the endpoint's id when any endpoint negotiated one; a
 * simulation or a gRPC run has none, and gets no empty column.
 */
export function withProtocol(result: RunResult, table: TextTable): TextTable {
  if (!showsProtocol(result)) return table;
  const [first, ...rest] = table.headers;
  // The total row (after the endpoints) has no protocol of its own.
  const rows = table.rows.map((row, i) => {
    const ep = result.endpoints[i];
    return [row[0], ep ? protocolLabel(result, ep) : '', ...row.slice(1)];
  });
  return { headers: [first, 'protocol', ...rest], rows };
}

function describeLoad(result: RunResult): string {
  const load = result.config.load;
  const shard = result.config.shard ? ` (shard ${result.config.shard.index}/${result.config.shard.count})` : result.config.shards ? ` (${result.config.shards} shards)` : '';
  return (load.model === 'closed' ? `closed model, ${load.concurrency} callers` : `open model, ${load.rate} req/s`) + shard;
}
