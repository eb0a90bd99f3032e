/**
 * Placeholders in key templates and request bodies: `{seq}` (the request's sequence number),
 * `{seq % N}` and `{random N}` (a seeded integer in 0..N-1), and with request data (`requests:
 * { file }`) `{name}`, the request's row's value of column `name`. A template is compiled once
 * into literal parts and slots, so expanding it per request is a few string joins.
 */
import { ConfigError, show } from '../engine/errors';
import { shardLocal, shardSize, shardValue, type Shard } from './shard';

const PLACEHOLDER = /\{\s*(seq(?:\s*%\s*(\d+))?|random\s+(\d+))\s*\}/g;
/** The same, and `{column}` (a name of letters, digits, `_`, `-` and `.`). */
const WITH_COLUMNS = /\{\s*(seq(?:\s*%\s*(\d+))?|random\s+(\d+)|([A-Za-z_][\w.-]*))\s*\}/g;

type Part = string | { kind: 'seq'; mod: number } | { kind: 'random'; n: number } | { kind: 'column'; c: number };

/** The request data a template reads: a RowReader (row-table.ts). */
export interface Rows {
  readonly columns: readonly string[];
  cell(r: number, c: number): string;
  value(r: number, c: number): unknown;
}

/** Expands one compiled template; `row` is the request's row of the request data. */
export type Expand = (seq: number, random: () => number, row?: number) => string;

export function hasPlaceholder(text: string, rows?: Rows): boolean {
  const re = rows ? WITH_COLUMNS : PLACEHOLDER;
  re.lastIndex = 0;
  return re.test(text);
}

/** The column names the string templates in `value` (any JSON value) read, in order of appearance. */
export function columnsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    WITH_COLUMNS.lastIndex = 0;
    for (let m = WITH_COLUMNS.exec(value); m; m = WITH_COLUMNS.exec(value)) if (m[4] !== undefined) out.add(m[4]);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value as Record<string, unknown>)) columnsIn(v, out);
  }
  return out;
}

/**
 * Compiles `"user-{seq % 1000}"`; `where` names the field in errors. In a shard, `{seq % N}` and
 * `{random N}` take only the shard's values (shard.ts), so shards send disjoint values; rows are
 * already the shard's (the row order takes the whole run's positions, row-order.ts).
 */
export function compileTemplate(text: string, where: string, rows?: Rows, shard?: Shard): Expand {
  const parts: Part[] = [];
  let last = 0;
  const re = rows ? WITH_COLUMNS : PLACEHOLDER;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    if (m[4] !== undefined) {
      const c = rows!.columns.indexOf(m[4]);
      if (c < 0) throw new ConfigError(where, `no column ${show(m[4])} in the request data (columns: ${rows!.columns.join(', ')})`);
      parts.push({ kind: 'column', c });
    } else if (m[3] !== undefined) {
      const n = Number(m[3]);
      if (n < 1) throw new ConfigError(where, `{random N} needs N >= 1, got ${show(m[0])}`);
      parts.push({ kind: 'random', n });
    } else {
      const mod = m[2] === undefined ? 0 : Number(m[2]);
      if (m[2] !== undefined && mod < 1) throw new ConfigError(where, `{seq % N} needs N >= 1, got ${show(m[0])}`);
      parts.push({ kind: 'seq', mod });
    }
    const size = m[4] !== undefined ? Infinity : m[3] !== undefined ? Number(m[3]) : m[2] !== undefined ? Number(m[2]) : Infinity;
    if (shard && shard.count > 1 && size < shard.count) {
      throw new ConfigError(where, `${m[0]} has ${size} values, fewer than the ${shard.count} shards: each shard needs values of its own`);
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  if (parts.every((p) => typeof p === 'string')) return () => text;
  if (shard && shard.count > 1) return expandShard(parts, shard, rows);
  return (seq, random, row = 0) => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else if (p.kind === 'seq') out += p.mod ? seq % p.mod : seq;
      else if (p.kind === 'column') out += rows!.cell(row, p.c);
      else out += Math.floor(random() * p.n);
    }
    return out;
  };
}

function expandShard(parts: Part[], shard: Shard, rows: Rows | undefined): Expand {
  return (seq, random, row = 0) => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else if (p.kind === 'seq') out += p.mod ? shardValue(shardLocal(seq, shard), p.mod, shard) : seq;
      else if (p.kind === 'column') out += rows!.cell(row, p.c);
      else out += shardValue(Math.floor(random() * shardSize(p.n, shard)), p.n, shard);
    }
    return out;
  };
}

type ExpandValue = (seq: number, random: () => number, row?: number) => unknown;

/**
 * Compiles a request body (any JSON value) whose strings may hold placeholders. Returns
 * undefined when none does: the transport then sends its pre-serialised body every time.
 */
export function compilePayload(value: unknown, where: string, rows?: Rows, shard?: Shard): ExpandValue | undefined {
  if (typeof value === 'string') {
    if (!hasPlaceholder(value, rows)) return undefined;
    // A string that is one column placeholder takes the cell's value: a JSONL object stays an object.
    const whole = rows && /^\{\s*([A-Za-z_][\w.-]*)\s*\}$/.exec(value);
    const c = whole ? rows.columns.indexOf(whole[1]) : -1;
    if (c >= 0) return (_seq, _random, row = 0) => rows!.value(row, c);
    return compileTemplate(value, where, rows, shard);
  }
  if (Array.isArray(value)) {
    const items = value.map((v, i) => compilePayload(v, `${where}[${i}]`, rows, shard));
    if (items.every((f) => f === undefined)) return undefined;
    return (seq, random, row) => value.map((v, i) => (items[i] ? items[i](seq, random, row) : v));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const fields = entries.map(([k, v]) => compilePayload(v, `${where}.${k}`, rows, shard));
    if (fields.every((f) => f === undefined)) return undefined;
    return (seq, random, row) => {
      const out: Record<string, unknown> = {};
      entries.forEach(([k, v], i) => (out[k] = fields[i] ? fields[i](seq, random, row) : v));
      return out;
    };
  }
  return undefined;
}
