/**
 * Where the history lives and the hook that records every run the extension shows: the first
 * workspace folder's `.rpc-balancer/runs/`, or the extension's global storage when no folder is
 * open. Recording never fails a run: a write that fails is logged and the panel still shows it.
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import type { PersistedState } from '../../protocol/webview';
import { log, type Session } from '../session';
import { SECTION } from '../settings';
import { scopedValue } from '../setting-scopes';
import { HISTORY_DEFAULTS, readMaxRuns, recordRun } from './store';
import type { RecordedState } from './summary';

/** Fired after a run is recorded or deleted; the Runs tree listens. */
export const historyChanged = new vscode.EventEmitter<void>();

export function historyDir(session: Session): string {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  if (folder) return join(folder.uri.fsPath, ...HISTORY_DEFAULTS.folder.split('/'));
  return join(session.context.globalStorageUri.fsPath, 'runs');
}

/** Throws a ConfigError naming `rpcBalancer.history.maxRuns` when it is wrong. */
export function currentMaxRuns(): number {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect('history.maxRuns');
  return readMaxRuns(scopedValue(inspected, vscode.workspace.isTrusted).value);
}

export function isRecordable(state: PersistedState): state is RecordedState {
  return state.view === 'result' || state.view === 'comparison' || state.view === 'capacity';
}

export async function recordShown(session: Session, state: PersistedState): Promise<void> {
  if (!isRecordable(state)) return;
  try {
    const { file, deleted } = await recordRun(historyDir(session), state, currentMaxRuns());
    log(session, `history: recorded ${file}${deleted.length ? `; deleted the oldest ${deleted.length} (rpcBalancer.history.maxRuns)` : ''}`);
    historyChanged.fire();
  } catch (e) {
    log(session, `history: not recorded: ${(e as Error).message}`);
  }
}
