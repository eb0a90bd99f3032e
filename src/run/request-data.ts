/**
 * Request data for a run: the file read once (and kept for the next run of the same file, as a
 * capacity search or a comparison plans many), parsed into a shared RowTable, and checked against
 * what the run reads from it (placeholders, the key's column) with the file's line numbers, before
 * anything is sent: `pool.requests.file: keys.csv line 1: no column "user" (columns: id, region)`.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { show } from '../engine/errors';
import { LIMITS } from '../pools/limits';
import { checkRequestData, REQUEST_DATA_DEFAULTS } from '../pools/parse-request-data';
import { at, type Obj, type Problems } from '../pools/problems';
import type { KeySpec, Pool, RequestDataSpec } from '../pools/types';
import { DataLineError, firstRowWithout, parseCsv, parseJsonl, type ParsedRows } from './data-rows';
import type { RowOrder } from './row-order';
import { tableOf, type RowTable } from './row-table';
import { columnsIn } from './template';

/** The request data of a plan: plain data (the table's buffers are shared with worker threads). */
export interface RequestData {
  file: string;
  order: RowOrder;
  table: RowTable;
}

/** The request-template field the transport sends, per transport (as RequestSource reads it). */
const PAYLOAD_FIELD = { http: 'body', jsonrpc: 'params', grpc: 'message' } as const;

interface Loaded {
  key: string;
  parsed: ParsedRows;
  table: RowTable;
}
/** The last file loaded: a capacity search plans one run per step, all with the same file. */
let last: Loaded | undefined;

/** The run's request data (`requestData` over the pool's `requests`), loaded and checked; notes for the result. */
export function planRequestData(p: Problems, c: Obj, pool: Pool | undefined, key: KeySpec | undefined, notes: string[]): RequestData | undefined {
  let spec: RequestDataSpec | undefined;
  let path = 'requestData';
  if (c.requestData !== undefined) {
    const baseDir = typeof c.baseDir === 'string' ? c.baseDir : process.cwd();
    spec = checkRequestData(p, c.requestData, path, baseDir);
  } else if (pool?.requests !== undefined) {
    path = 'pool.requests';
    spec = pool.requests;
    if (typeof spec?.file !== 'string' || !isAbsolute(spec.file)) spec = checkRequestData(p, spec, path, process.cwd());
  }
  if (!spec || !pool) return undefined;
  const where = at(path, 'file');
  const loaded = load(p, spec.file, where);
  if (!loaded) return undefined;
  const name = basename(spec.file);
  const before = p.count;
  const template = pool.request as Record<string, unknown> | undefined;
  const needed = columnsIn(template?.[PAYLOAD_FIELD[pool.transport]]);
  if (pool.transport === 'http') columnsIn(template?.path, needed);
  if (typeof key === 'object' && key !== null && 'field' in key && (loaded.parsed.columns.includes(key.field) || !key.field.includes('.'))) needed.add(key.field);
  for (const column of needed) {
    const line = firstRowWithout(loaded.parsed, column);
    if (line === undefined) continue;
    const has = loaded.parsed.columns.includes(column);
    p.add(where, `${name} line ${line}: ${has ? 'this row has' : 'the data has'} no ${loaded.parsed.kinds ? 'field' : 'column'} ${show(column)} (${loaded.parsed.kinds ? 'fields' : 'columns'}: ${loaded.parsed.columns.join(', ')})`);
  }
  if (p.count !== before) return undefined;
  const order = spec.order ?? REQUEST_DATA_DEFAULTS.order;
  notes.push(`request data: ${name}, ${loaded.table.rows} rows, ${order} order${order === 'sequential' ? ': sending stops when the rows run out' : ''}`);
  return { file: spec.file, order, table: loaded.table };
}

function load(p: Problems, file: string, where: string): Loaded | undefined {
  const name = basename(file);
  let stat;
  try {
    stat = statSync(file);
  } catch (e) {
    p.add(where, `cannot read ${show(name)} (looked for ${resolve(file)}): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return undefined;
  }
  if (!stat.isFile()) return void p.add(where, `${show(name)} is not a file (${file})`);
  if (stat.size > LIMITS.requestDataBytes) return void p.add(where, `${name} has ${stat.size} bytes, at most ${LIMITS.requestDataBytes}`);
  const cacheKey = `${file}\0${stat.size}\0${stat.mtimeMs}`;
  if (last?.key === cacheKey) return last;
  let parsed: ParsedRows;
  let bytes: SharedArrayBuffer;
  const csv = /\.csv$/i.test(file);
  try {
    bytes = readShared(file, stat.size);
    const text = Buffer.from(bytes).toString('utf8');
    parsed = csv ? parseCsv(text) : parseJsonl(text);
  } catch (e) {
    if (e instanceof DataLineError) return void p.add(where, `${name} ${e.message}`);
    return void p.add(where, `cannot read ${show(name)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (parsed.rows === 0) return void p.add(where, `${name} has no rows${csv ? ' (a header row, then one row per request)' : ''}`);
  if (parsed.rows > LIMITS.requestDataRows) return void p.add(where, `${name} has ${parsed.rows} rows, at most ${LIMITS.requestDataRows}`);
  const cells = parsed.rows * parsed.columns.length;
  if (cells > LIMITS.requestDataCells) return void p.add(where, `${name} has ${cells} cells (rows x columns), at most ${LIMITS.requestDataCells}`);
  last = { key: cacheKey, parsed, table: tableOf(parsed, name, csv ? bytes : undefined) };
  // The table holds the text now; the checks need only the columns, kinds and lines.
  parsed.text = parsed.extra = '';
  return last;
}

/** The file's bytes, read straight into shared memory (a CSV's bytes are the table's text). */
function readShared(file: string, size: number): SharedArrayBuffer {
  const bytes = new SharedArrayBuffer(size);
  const view = new Uint8Array(bytes);
  const fd = openSync(file, 'r');
  try {
    for (let at = 0; at < size; ) {
      const n = readSync(fd, view, at, size - at, at);
      if (n === 0) throw new Error(`the file shrank while read (${at} of ${size} bytes)`);
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}
