/**
 * What lives as long as the extension: the output channel, the running demo servers and the run in
 * progress. Types only from the heavy modules, so activation loads none of them.
 */
import type * as vscode from 'vscode';
import type { DemoServers } from '../demo';
import type { PoolEntry } from './settings';

export interface Session {
  readonly context: vscode.ExtensionContext;
  readonly output: vscode.OutputChannel;
  demo?: { servers: DemoServers; entry: PoolEntry };
  /** The load test in progress; one at a time, so two runs never compete for the same servers. */
  running?: AbortController;
}

export function log(session: Session, line: string): void {
  session.output.appendLine(`[${new Date().toISOString()}] ${line}`);
}
