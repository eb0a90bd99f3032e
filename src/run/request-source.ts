/**
 * What varies per request: its sequence number, the expanded body (when the template has
 * placeholders), the hash key and, with request data, the row that fills them. Worker threads
 * number their requests `offset + k * stride`, so sequence numbers (and JSON-RPC ids) stay unique
 * across the run, and take rows the same way (row-order.ts), so no two send the same row.
 */
import type { KeySpec, Pool } from '../pools/types';
import { compileKey, keyNeedsRequest, type KeyOf } from './keys';
import type { RequestData } from './request-data';
import { createRowOrder, type NextRow } from './row-order';
import { readerOf, type RowReader } from './row-table';
import type { Shard } from './shard';
import { compilePayload, compileTemplate, hasPlaceholder, type Expand, type Rows } from './template';

/** The request-template field whose value the transport sends, per transport. */
const PAYLOAD_FIELD = { http: 'body', jsonrpc: 'params', grpc: 'message' } as const;

export interface NextRequest {
  seq: number;
  payload: unknown;
  key: string | undefined;
  /** http with request data: the path with its `{column}` placeholders filled (cells percent-encoded). */
  path: string | undefined;
}

/** With request data: the table, its order, and the run's seed (every worker draws shuffles alike from it). */
export interface SourceRows {
  data: RequestData;
  seed: number;
}

export class RequestSource {
  private k = 0;
  private readonly payloadOf: ((seq: number, random: () => number, row?: number) => unknown) | undefined;
  private readonly keyOf: KeyOf | undefined;
  /** The key read from the row's column (`key: { field }` naming a column). */
  private readonly keyColumn: number = -1;
  private readonly reader: RowReader | undefined;
  private readonly nextRow: NextRow | undefined;
  private readonly pathOf: Expand | undefined;
  private readonly field: string;
  private readonly template: Record<string, unknown>;
  /** Reused: the runner reads it before asking for the next one. */
  private readonly next: NextRequest = { seq: 0, payload: undefined, key: undefined, path: undefined };

  /**
   * `payloads: false` (simulations, which send nothing) builds a request only when the key is read
   * from it. Keys and payloads draw from one stream, so a live run and a simulation of the same
   * pool, key and seed send the same keys. In a shard (`run --shard`), `offset` and `stride`
   * number the whole run's requests and placeholders and keys take only the shard's values.
   */
  constructor(
    pool: Pool,
    key: KeySpec | undefined,
    private readonly random: () => number,
    private readonly offset = 0,
    private readonly stride = 1,
    payloads = true,
    rows?: SourceRows,
    shard?: Shard,
  ) {
    this.field = PAYLOAD_FIELD[pool.transport] ?? 'body';
    this.template = (pool.request ?? {}) as Record<string, unknown>;
    if (rows) {
      this.reader = readerOf(rows.data.table);
      this.nextRow = createRowOrder(rows.data.order, rows.data.table.rows, rows.seed, offset, stride);
      if (keyNeedsRequest(key)) this.keyColumn = this.reader.columns.indexOf((key as { field: string }).field);
    }
    const path = this.template.path;
    if (this.reader && payloads && pool.transport === 'http' && typeof path === 'string' && hasPlaceholder(path, this.reader)) {
      this.pathOf = compileTemplate(path, 'request.path', percentEncoded(this.reader), shard);
    }
    const keyFromRequest = keyNeedsRequest(key) && this.keyColumn < 0;
    this.payloadOf = payloads || keyFromRequest ? compilePayload(this.template[this.field], `request.${this.field}`, this.reader, shard) : undefined;
    this.keyOf = this.keyColumn >= 0 ? undefined : compileKey(key, random, shard);
  }

  /** How many requests were taken so far. */
  get taken(): number {
    return this.k;
  }

  take(): NextRequest {
    const seq = this.offset + this.k++ * this.stride;
    const n = this.next;
    const row = this.nextRow ? this.nextRow() : 0;
    n.seq = seq;
    n.payload = this.payloadOf ? this.payloadOf(seq, this.random, row) : undefined;
    n.path = this.pathOf ? this.pathOf(seq, this.random, row) : undefined;
    if (this.keyColumn >= 0) {
      n.key = this.reader!.cell(row, this.keyColumn);
    } else if (this.keyOf) {
      const request = n.payload === undefined ? this.template : { ...this.template, [this.field]: n.payload };
      n.key = this.keyOf(seq, request);
    } else {
      n.key = undefined;
    }
    return n;
  }
}

/** A cell in a URL path is one segment's text: `/`, `?`, spaces and CR/LF are escaped (RFC 3986 §3.3). */
function percentEncoded(rows: RowReader): Rows {
  return { columns: rows.columns, cell: (r, c) => encodeURIComponent(rows.cell(r, c)), value: (r, c) => rows.value(r, c) };
}
