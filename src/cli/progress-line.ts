/**
 * One self-overwriting status line on a TTY (`\r` + clear to end of line), nothing when stderr
 * is not a terminal, so CI logs stay clean.
 */
import type { RunProgress } from '../loadtest/types';
import { terminalSafe } from './terminal';

export class ProgressLine {
  private shown = false;
  constructor(private readonly stream: NodeJS.WriteStream = process.stderr, public label = '') {}

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  update(p: RunProgress): void {
    if (!this.enabled) return;
    const secs = (p.elapsedMs / 1000).toFixed(1);
    const of = p.totalMs ? `/${(p.totalMs / 1000).toFixed(0)}s` : 's';
    const text = `${this.label}${secs}${of}  ${p.requests} req  ${p.errors} err  ${Math.round(p.throughput)} req/s  p99 ${p.p99.toFixed(1)}ms  in flight ${p.inFlight}`;
    this.stream.write(`\r${terminalSafe(text)}\x1b[K`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
