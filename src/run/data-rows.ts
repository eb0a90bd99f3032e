/**
 * Request data files read into rows of named cells: CSV with a header row (RFC 4180) and JSONL
 * (one JSON object per line). A problem names the line it is on, so a 1,000,000-row file is fixed
 * at the line, not searched for.
 */
import { show } from '../engine/errors';

/**
 * What a data file holds. Cell `i = r * columns.length + c` (row r's value of column c) is
 * `(text + extra).slice(spans[2i], spans[2i + 1])`: for a CSV, `text` is the file itself (an
 * unquoted or simply quoted field is a span of it; a field with doubled quotes is in `extra`,
 * unescaped), so parsing allocates no string per cell, which for a million rows is most of the
 * time (the garbage collector's), and the file's own bytes can be the shared table (row-table.ts).
 */
export interface ParsedRows {
  columns: string[];
  rows: number;
  text: string;
  extra: string;
  /** In shared memory, so the table can keep them without a copy. */
  spans: Int32Array;
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

/** An Int32Array in shared memory that grows by doubling. */
class Ints {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(new SharedArrayBuffer(4 * Math.max(16, Math.ceil(capacity))));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(new SharedArrayBuffer(8 * this.data.length));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  /** A view of what was pushed (the buffer may be longer). */
  done(): Int32Array {
    return this.data.subarray(0, this.length);
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
  // Two ints a field; a field and its separator take at least two characters mostly.
  const spans = new Ints(n / 2);
  const lines = new Ints(n / 32);
  /** Unescaped fields that had doubled quotes, appended after the file's text. */
  const extra: string[] = [];
  let extraLength = 0;
  while (i < n) {
    const start = line;
    const first = text.charCodeAt(i);
    if (first === 10 || first === 13) {
      // A blank line: no record.
      i += first === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      continue;
    }
    const recordAt = spans.length;
    for (;;) {
      if (text.charCodeAt(i) === 34) {
        const open = i + 1;
        let q = text.indexOf('"', open);
        let value: string | undefined;
        for (;;) {
          if (q < 0) throw new DataLineError(start, 'a quoted field is not closed (no closing ")');
          if (text.charCodeAt(q + 1) !== 34) break;
          value = (value ?? text.slice(open, q)) + text.slice(q, q + 1);
          const from = q + 2;
          q = text.indexOf('"', from);
          if (q >= 0) value += text.slice(from, q);
        }
        for (let k = text.indexOf('\n', open); k >= 0 && k < q; k = text.indexOf('\n', k + 1)) line++;
        if (value === undefined) {
          spans.push(open);
          spans.push(q);
        } else {
          spans.push(n + extraLength);
          spans.push(n + extraLength + value.length);
          extra.push(value);
          extraLength += value.length;
        }
        i = q + 1;
        const next = text.charCodeAt(i);
        if (i < n && next !== 44 && next !== 10 && next !== 13) {
          throw new DataLineError(line, `a quoted field must end at its closing quote, found ${show(text[i])} after it`);
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          if (c === 34) throw new DataLineError(line, 'a quote inside an unquoted field (quote the whole field and double the quote: "a ""b""")');
          j++;
        }
        spans.push(i);
        spans.push(j);
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
    const fields = (spans.length - recordAt) / 2;
    if (!columns) {
      const names: string[] = [];
      const all = text + extra.join('');
      for (let k = recordAt; k < spans.length; k += 2) names.push(all.slice(spans.data[k], spans.data[k + 1]));
      columns = checkHeader(names, start);
      spans.length = recordAt;
      continue;
    }
    if (fields !== columns.length) {
      throw new DataLineError(start, `${fields} field${fields === 1 ? '' : 's'}, the header has ${columns.length} (${columns.join(', ')})`);
    }
    lines.push(start);
  }
  return { columns: columns ?? [], rows: lines.length, text, extra: extra.join(''), spans: spans.done(), lines: lines.done() };
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

/** The cell of row r, column c. */
export function cellOf(parsed: ParsedRows, r: number, c: number): string {
  const i = 2 * (r * parsed.columns.length + c);
  const [from, to] = [parsed.spans[i], parsed.spans[i + 1]];
  const n = parsed.text.length;
  return from < n || from === to ? parsed.text.slice(from, to) : parsed.extra.slice(from - n, to - n);
}

/** One JSON object per line; blank lines are skipped; the columns are every field any row has. */
export function parseJsonl(text: string): ParsedRows {
  const lines = new Ints(1024);
  const index = new Map<string, number>();
  // Per cell, in file order: its row, column, kind and end in the text; one string per row, so a
  // million rows do not keep a million objects alive until the table is built.
  const rowOf = new Ints(1024);
  const colOf = new Ints(1024);
  const ends = new Ints(1024);
  const kindOf = new Ints(1024);
  const texts: string[] = [];
  let length = 0;
  let line = 0;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i <= text.length; ) {
    const newline = text.indexOf('\n', i);
    const end = newline < 0 ? text.length : newline;
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
    let rowText = '';
    const obj = value as Record<string, unknown>;
    // for-in, not Object.entries: no array a row (JSON.parse objects have no inherited enumerables).
    for (const k in obj) {
      const v = obj[k];
      let c = index.get(k);
      if (c === undefined) index.set(k, (c = index.size));
      const cell = typeof v === 'string' ? v : JSON.stringify(v);
      rowText += cell;
      length += cell.length;
      rowOf.push(lines.length);
      colOf.push(c);
      ends.push(length);
      kindOf.push(typeof v === 'string' ? CELL.string : CELL.json);
    }
    texts.push(rowText);
    lines.push(line);
  }
  const columns = [...index.keys()];
  const width = columns.length;
  const spans = new Int32Array(new SharedArrayBuffer(8 * lines.length * width));
  const kinds = new Uint8Array(lines.length * width);
  for (let k = 0; k < ends.length; k++) {
    const at = rowOf.data[k] * width + colOf.data[k];
    spans[2 * at] = k === 0 ? 0 : ends.data[k - 1];
    spans[2 * at + 1] = ends.data[k];
    kinds[at] = kindOf.data[k];
  }
  return { columns, rows: lines.length, text: texts.join(''), extra: '', spans, kinds, lines: lines.done() };
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
