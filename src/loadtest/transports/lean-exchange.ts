/**
 * One request of the lean client, from `send` to its one answer: its bytes, its deadline (a node
 * of the pools' DeadlineList), what its reply's body has come to so far, and the judge that turns
 * the finished reply into a CallResult.
 */
import type { DeadlineList, DeadlineNode } from './deadlines';
import { reported, type Judge } from './http-reply';
import type { ReplyParser } from './reply-parser';
import type { CallResult } from './types';

/** What an exchange needs of the connection that carries it. */
export interface Carrier {
  /** Drops the connection: the exchange ended before its reply did. */
  destroy(): void;
}

export class Exchange implements DeadlineNode {
  deadline = 0;
  prev: DeadlineNode | undefined = undefined;
  next: DeadlineNode | undefined = undefined;
  settled = false;
  /** The connection carrying it; undefined while it waits for one. */
  conn: Carrier | undefined = undefined;
  /** Sent again once already, on a fresh socket after a reused one was found closed. */
  retried = false;
  /** Body bytes of the reply so far. */
  bytes = 0;
  private chunks: Buffer[] | undefined;

  constructor(
    private readonly resolve: (r: CallResult) => void,
    /** The whole request (head and body). */
    readonly wire: string | Buffer,
    /** Safe to send again when it may have reached the server (RFC 9110 §9.2.2 idempotent methods). */
    readonly replayable: boolean,
    /** HEAD: the reply has no body whatever its headers say. */
    readonly noBody: boolean,
    keepBody: boolean,
    private readonly judge: Judge,
    readonly maxBytes: number,
    private readonly deadlines: DeadlineList,
  ) {
    if (keepBody) this.chunks = [];
  }

  /** The deadline passed: answer `timeout` now and drop the connection. */
  expire(): void {
    this.cut('timeout');
  }

  /** Ends the exchange now with `kind` (a timeout, a cancel, a reply too large) and drops its connection. */
  cut(kind: string): void {
    if (this.fail(kind)) this.conn?.destroy();
  }

  /** Answers `kind` unless answered already; true when this call answered. */
  fail(kind: string): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.deadlines.remove(this);
    this.chunks = undefined;
    this.resolve({ ok: false, errorKind: kind });
    return true;
  }

  /** A piece of the body; false when it took the reply over maxBytes (the exchange is then cut). */
  body(chunk: Buffer): boolean {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      this.cut('too_large');
      return false;
    }
    // Copied: the chunk is a view of the socket's read buffer, reused on the next read.
    if (this.chunks) this.chunks.push(Buffer.from(chunk));
    return true;
  }

  complete(reply: ReplyParser): void {
    if (this.settled) return;
    this.settled = true;
    this.deadlines.remove(this);
    const chunks = this.chunks;
    const body = chunks ? (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)) : undefined;
    this.chunks = undefined;
    this.resolve(this.judge(reply.status, reported(reply.load, reply.orca, reply.retryAfter), body));
  }
}
