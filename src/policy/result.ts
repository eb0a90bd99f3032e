/**
 * The RequestResult the layer hands to `onFinal`: one object per layer, refilled for each request,
 * so it is valid only during `onFinal` (callers copy what they keep). Its `attempts` are built
 * when read, from the request's attempts, which stay as they ended until `onFinal` returns: a
 * caller that reads only the figures (a simulation, a bench) makes no record at all.
 */
import type { AttemptRecord, RequestResult } from './types';

/** What a result reads its records from. */
export interface RecordSource {
  /** Attempts made, sent or not-sent. */
  readonly count: number;
  record(i: number): AttemptRecord;
}

/** `attempts` when the layer keeps no records: shared, so frozen. */
export const NO_RECORDS = Object.freeze([]) as unknown as AttemptRecord[];

export class ReusedResult implements RequestResult {
  request = 0;
  ok = false;
  errorKind: string | undefined = undefined;
  startedAt = 0;
  endedAt = 0;
  latencyMs = 0;
  sent = 0;
  retries = 0;
  hedges = 0;
  /** Set for the length of one `onFinal`. */
  source: RecordSource | undefined = undefined;

  constructor(private readonly records: boolean) {}

  get attempts(): AttemptRecord[] {
    const s = this.source;
    if (!this.records || s === undefined) return NO_RECORDS;
    const list: AttemptRecord[] = [];
    for (let i = 0; i < s.count; i++) list.push(s.record(i));
    return list;
  }
}
