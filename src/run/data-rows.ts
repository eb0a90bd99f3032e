/**
 * Request data files read into rows of named cells: CSV with a header row (RFC 4180) and JSONL
 * (one JSON object per line). A problem names the line it is on, so a 1,000,000-row file is fixed
 * at the line, not searched for.
 */
import { show } from '../engine/errors';

/** What a data file holds, row-major: cell `r * columns.length + c` is row r's value of column c. */
export interface ParsedRows {
  columns: string[];
  rows: number;
  cells: string[];
  /** Per cell, JSONL only: 0 the row has no such field, 1 a string, 2 JSON text of another value. */
  kinds?: Uint8Array;
  /** The line each row starts on, 1-based. */
  lines: Int32Array;
}

export const CELL = Object.freeze({ missing: 0, string: 1, json: 2 });

/** A problem on one line of a data file. */
export class DataLineError extends Error {
  constructor(readonly line: number, readonly problem: string) {
    super(`line ${line}: ${problem}`);
  }
}

/**
 * RFC 4180: fields separated by commas, records by CRLF (LF and a lone CR are accepted too);
 * a field in double quotes may hold commas, line breaks and doubled quotes. Blank lines are skipped.
 */
export function parseCsv(text: string): ParsedRows {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let columns: string[] | undefined;
  const cells: string[] = [];
  const lines: number[] = [];
  const record: string[] = [];
  while (i < n) {
    const start = line;
    record.length = 0;
    const first = text.charCodeAt(i);
    if (first === 10 || first === 13) {
      // A blank line: no record.
      i += first === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      continue;
    }
    for (;;) {
      if (text.charCodeAt(i) === 34) {
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new DataLineError(start, 'a quoted field is not closed (no closing ")');
          value += text.slice(j, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            j = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) line++;
        const next = text.charCodeAt(i);
        if (i < n && next !== 44 && next !== 10 && next !== 13) {
          throw new DataLineError(line, `a quoted field must end at its closing quote, found ${show(text[i])} after it`);
        }
        record.push(value);
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          if (c === 34) throw new DataLineError(line, 'a quote inside an unquoted field (quote the whole field and double the quote: "a ""b""")');
          j++;
        }
        record.push(text.slice(i, j));
        i = j;
      }
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        continue;
      }
      if (c === 13) i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
      else if (c === 10) i++;
      line++;
      break;
    }
    if (!columns) {
      columns = checkHeader(record, start);
      continue;
    }
    if (record.length !== columns.length) {
      throw new DataLineError(start, `${record.length} field${record.length === 1 ? '' : 's'}, the header has ${columns.length} (${columns.join(', ')})`);
    }
    for (const v of record) cells.push(v);
    lines.push(start);
  }
  return { columns: columns ?? [], rows: lines.length, cells, lines: Int32Array.from(lines) };
}

function checkHeader(names: string[], line: number): string[] {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name.trim() === '') throw new DataLineError(line, `the header's column ${i + 1} has no name`);
    if (seen.has(name)) throw new DataLineError(line, `the header names column ${show(name)} twice`);
    seen.add(name);
  });
  return [...names];
}

/** One JSON object per line; blank lines are skipped; the columns are every field any row has. */
export function parseJsonl(text: string): ParsedRows {
  const objects: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const index = new Map<string, number>();
  let line = 0;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i <= text.length; ) {
    const end = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    const raw = text.slice(i, end);
    line++;
    i = end + 1;
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new DataLineError(line, `not JSON: ${(e as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DataLineError(line, `expected a JSON object, got ${show(value)}`);
    for (const k of Object.keys(value)) if (!index.has(k)) index.set(k, index.size);
    objects.push(value as Record<string, unknown>);
    lines.push(line);
  }
  const columns = [...index.keys()];
  const cells = new Array<string>(objects.length * columns.length).fill('');
  const kinds = new Uint8Array(cells.length);
  objects.forEach((o, r) => {
    for (const [k, v] of Object.entries(o)) {
      const at = r * columns.length + index.get(k)!;
      cells[at] = typeof v === 'string' ? v : JSON.stringify(v);
      kinds[at] = typeof v === 'string' ? CELL.string : CELL.json;
    }
  });
  return { columns, rows: objects.length, cells, kinds, lines: Int32Array.from(lines) };
}

/** The line of the first row without column `name` (JSONL rows may lack fields), or undefined. */
export function firstRowWithout(parsed: ParsedRows, name: string): number | undefined {
  const c = parsed.columns.indexOf(name);
  // A CSV's columns are its header's, on line 1; a JSONL file's first row is where one is missed.
  if (c < 0) return parsed.kinds && parsed.rows > 0 ? parsed.lines[0] : 1;
  if (!parsed.kinds) return undefined;
  const width = parsed.columns.length;
  for (let r = 0; r < parsed.rows; r++) if (parsed.kinds[r * width + c] === CELL.missing) return parsed.lines[r];
  return undefined;
}
