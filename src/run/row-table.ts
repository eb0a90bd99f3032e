/**
 * Request data in shared memory: the data's text (for a CSV, the file itself) as UTF-8 bytes in
 * one SharedArrayBuffer, with the UTF-16 span of each cell in the decoded text. Loaded once on the
 * main thread, the buffers travel to worker threads without a copy (postMessage shares a
 * SharedArrayBuffer); each thread decodes the bytes once into one string, and a request's cell is
 * a slice of it (~10 ns, no allocation beyond the slice), not a decode per request.
 */
import { CELL, type ParsedRows } from './data-rows';

export interface RowTable {
  /** The file, as the user named it, for messages. */
  source: string;
  columns: string[];
  rows: number;
  /** UTF-8 of the text every cell is a span of. */
  text: SharedArrayBuffer;
  /** Int32: cell i (row-major) is [offsets[2i], offsets[2i + 1]) of the decoded text. */
  offsets: SharedArrayBuffer;
  /** Uint8 per cell (JSONL only): CELL.string, or CELL.json when the cell is a JSON text of another value. */
  kinds?: SharedArrayBuffer;
}

/**
 * `bytes`: what `parsed.text` was decoded from (a CSV file read into shared memory), kept as the
 * table's text without encoding it again. The spans index the decoded text, which every thread
 * decodes alike from the same bytes (invalid UTF-8 included).
 */
export function tableOf(parsed: ParsedRows, source: string, bytes?: SharedArrayBuffer): RowTable {
  const spans = parsed.spans;
  let offsets = spans.buffer;
  if (!(offsets instanceof SharedArrayBuffer) || spans.byteOffset !== 0) {
    const copy = new Int32Array(new SharedArrayBuffer(spans.byteLength));
    copy.set(spans);
    offsets = copy.buffer;
  }
  const text = bytes ? appended(bytes, parsed.extra) : encoded(parsed.text + parsed.extra);
  const table: RowTable = { source, columns: parsed.columns, rows: parsed.rows, text, offsets: offsets as SharedArrayBuffer };
  if (parsed.kinds) {
    const kinds = new Uint8Array(new SharedArrayBuffer(parsed.kinds.length));
    kinds.set(parsed.kinds);
    table.kinds = kinds.buffer as SharedArrayBuffer;
  }
  return table;
}

function encoded(text: string): SharedArrayBuffer {
  // A lone surrogate becomes U+FFFD, also one UTF-16 unit, so the spans hold after the round trip.
  const out = new SharedArrayBuffer(Buffer.byteLength(text, 'utf8'));
  Buffer.from(out).write(text, 'utf8');
  return out;
}

function appended(bytes: SharedArrayBuffer, extra: string): SharedArrayBuffer {
  if (extra === '') return bytes;
  const out = new SharedArrayBuffer(bytes.byteLength + Buffer.byteLength(extra, 'utf8'));
  const view = Buffer.from(out);
  view.set(new Uint8Array(bytes));
  view.write(extra, bytes.byteLength, 'utf8');
  return out;
}

/** One thread's view of a table: the text decoded once. */
export class RowReader {
  readonly columns: readonly string[];
  readonly rows: number;
  private readonly text: string;
  private readonly offsets: Int32Array;
  private readonly kinds: Uint8Array | undefined;
  private readonly width: number;

  constructor(table: RowTable) {
    this.columns = table.columns;
    this.rows = table.rows;
    this.width = table.columns.length;
    this.text = Buffer.from(table.text).toString('utf8');
    this.offsets = new Int32Array(table.offsets);
    this.kinds = table.kinds && new Uint8Array(table.kinds);
  }

  /** Column `c` of row `r` as text (a JSONL number or object as its JSON). */
  cell(r: number, c: number): string {
    const i = 2 * (r * this.width + c);
    return this.text.slice(this.offsets[i], this.offsets[i + 1]);
  }

  /** Column `c` of row `r` as a value: a JSONL cell's JSON parsed, else the text. */
  value(r: number, c: number): unknown {
    const text = this.cell(r, c);
    return this.kinds && this.kinds[r * this.width + c] === CELL.json ? JSON.parse(text) : text;
  }
}

const readers = new WeakMap<SharedArrayBuffer, RowReader>();

/** The thread's reader of `table`, decoded on first use (runs that share a table share it). */
export function readerOf(table: RowTable): RowReader {
  let reader = readers.get(table.text);
  if (!reader) readers.set(table.text, (reader = new RowReader(table)));
  return reader;
}
