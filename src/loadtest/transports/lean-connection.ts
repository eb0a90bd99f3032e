/**
 * One keep-alive socket of the lean client: one exchange at a time (no pipelining), its reply
 * parsed as it arrives. A socket the server closes, resets or answers with garbage is dropped;
 * the exchange on it, if any, is answered honestly (`reset`, `protocol`, `refused`) unless it is
 * the keep-alive race (below), where it is sent again once on a fresh socket.
 */
import { connect, type Socket } from 'node:net';
import { errorKindOf } from './error-kinds';
import type { Carrier, Exchange } from './lean-exchange';
import { ReplyParser, type ReplySink } from './reply-parser';

/** What a connection needs of its endpoint's pool (lean-pools.ts). */
export interface ConnectionHost {
  readonly host: string;
  readonly port: number;
  /** The connection is free for the next exchange. */
  release(conn: LeanConnection): void;
  /** The connection is gone (its slot is free). */
  forget(conn: LeanConnection): void;
  /** Sends `ex` again on a fresh socket (the keep-alive race). */
  resend(ex: Exchange): void;
}

/** Bytes read from a socket at once: an RPC reply fits; kept small, as an open-model run may hold 256 sockets per endpoint. */
const READ_BUFFER_BYTES = 16 * 1024;

export class LeanConnection implements ReplySink, Carrier {
  private readonly socket: Socket;
  private readonly parser = new ReplyParser(this);
  private readonly readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  private exchange: Exchange | undefined;
  /** Exchanges answered on this socket: past the first, the server may have closed it while idle. */
  private served = 0;
  /** The current exchange completed during the last `execute`. */
  private finished = false;
  dead = false;

  constructor(private readonly host: ConnectionHost) {
    // `onread`: replies land in one buffer per socket, handed to the parser without a stream
    // chunk (and its Buffer) per read. The parser and exchange copy what they keep past the call.
    this.socket = connect({ host: host.host, port: host.port, noDelay: true, onread: { buffer: this.readBuffer, callback: this.onRead } });
    this.socket.on('end', this.onEnd);
    this.socket.on('error', this.onError);
    this.socket.on('close', this.onClose);
  }

  /** Still open as far as this thread has seen (an idle socket the server closed is dropped on its 'end'). */
  get usable(): boolean {
    return !this.dead && !this.socket.destroyed && !this.socket.readableEnded;
  }

  send(ex: Exchange): void {
    this.exchange = ex;
    ex.conn = this;
    this.parser.reset(ex.noBody);
    if (typeof ex.wire === 'string') this.socket.write(ex.wire, 'utf8');
    else this.socket.write(ex.wire);
  }

  /** The pool closes: the exchange in flight ends as `reset`. */
  abort(): void {
    const ex = this.exchange;
    this.destroy();
    ex?.fail('reset');
  }

  destroy(): void {
    if (this.dead) return;
    this.dead = true;
    this.exchange = undefined;
    this.socket.destroy();
    this.host.forget(this);
  }

  // ReplySink
  onHead(reply: ReplyParser): boolean {
    const ex = this.exchange!;
    if (reply.contentLength > ex.maxBytes) {
      ex.cut('too_large');
      return false;
    }
    return !ex.settled;
  }

  onBody(chunk: Buffer): boolean {
    const ex = this.exchange!;
    return !ex.settled && ex.body(chunk);
  }

  onComplete(reply: ReplyParser): void {
    const ex = this.exchange!;
    this.exchange = undefined;
    this.finished = true;
    this.served++;
    ex.complete(reply);
  }

  private readonly onRead = (n: number): boolean => {
    this.onData(this.readBuffer.subarray(0, n));
    return true;
  };

  private onData(chunk: Buffer): void {
    if (!this.exchange) {
      // Bytes nobody asked for: the connection's framing is lost.
      this.destroy();
      return;
    }
    const err = this.parser.execute(chunk);
    if (this.finished) {
      this.finished = false;
      // The next exchange is handed over only now: what followed the reply in this chunk was garbage, not its answer.
      if (err || !this.parser.keepAlive) this.destroy();
      else if (!this.dead) this.host.release(this);
      return;
    }
    if (err) this.lost(err);
  }

  private readonly onEnd = (): void => {
    if (this.exchange && this.parser.finish()) this.finished = false;
    this.lost('reset');
  };

  private readonly onError = (err: Error): void => {
    this.lost(errorKindOf(err));
  };

  private readonly onClose = (): void => {
    this.lost('reset');
  };

  /**
   * The socket ends with the exchange (if any) unanswered. The keep-alive race: a reused socket
   * the server closed as the request went out, with no byte of the reply back. An idempotent
   * request is sent again once on a fresh socket (as Go's net/http does); any other is reported,
   * since the server may have acted on it.
   */
  private lost(kind: string): void {
    const ex = this.exchange;
    const raced = ex !== undefined && this.served > 0 && this.parser.received === 0 && kind === 'reset';
    this.destroy();
    if (!ex || ex.settled) return;
    if (raced && ex.replayable && !ex.retried) {
      ex.retried = true;
      ex.conn = undefined;
      this.host.resend(ex);
    } else ex.fail(kind);
  }
}
