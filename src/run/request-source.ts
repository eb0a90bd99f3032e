/**
 * What varies per request: its sequence number, the expanded body (when the template has
 * placeholders) and the hash key. Worker threads number their requests `offset + k * stride`,
 * so sequence numbers (and JSON-RPC ids) stay unique across the run.
 */
import type { KeySpec, Pool } from '../pools/types';
import { compileKey, keyNeedsRequest, type KeyOf } from './keys';
import type { Shard } from './shard';
import { compilePayload } from './template';

/** The request-template field whose value the transport sends, per transport. */
const PAYLOAD_FIELD = { http: 'body', jsonrpc: 'params', grpc: 'message' } as const;

export interface NextRequest {
  seq: number;
  payload: unknown;
  key: string | undefined;
}

export class RequestSource {
  private k = 0;
  private readonly payloadOf: ((seq: number, random: () => number) => unknown) | undefined;
  private readonly keyOf: KeyOf | undefined;
  private readonly field: string;
  private readonly template: Record<string, unknown>;
  /** Reused: the runner reads it before asking for the next one. */
  private readonly next: NextRequest = { seq: 0, payload: undefined, key: undefined };

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
    shard?: Shard,
  ) {
    this.field = PAYLOAD_FIELD[pool.transport] ?? 'body';
    this.template = (pool.request ?? {}) as Record<string, unknown>;
    this.payloadOf = payloads || keyNeedsRequest(key) ? compilePayload(this.template[this.field], `request.${this.field}`, shard) : undefined;
    this.keyOf = compileKey(key, random, shard);
  }

  /** How many requests were taken so far. */
  get taken(): number {
    return this.k;
  }

  take(): NextRequest {
    const seq = this.offset + this.k++ * this.stride;
    const n = this.next;
    n.seq = seq;
    n.payload = this.payloadOf ? this.payloadOf(seq, this.random) : undefined;
    if (this.keyOf) {
      const request = n.payload === undefined ? this.template : { ...this.template, [this.field]: n.payload };
      n.key = this.keyOf(seq, request);
    } else {
      n.key = undefined;
    }
    return n;
  }
}
