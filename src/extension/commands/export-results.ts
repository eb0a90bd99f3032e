/** Export Results as JSON: save dialog, secrets redacted, schema-checked, written atomically. */
import * as vscode from 'vscode';
import { writeFileAtomically } from '../../report/write';
import { isPersistedState, type PersistedState } from '../../protocol/webview';
import { showError } from '../errors';
import { defaultExportName, exportJson } from '../export-content';
import { exportableState } from '../panels/results-panel';
import { log, type Session } from '../session';

export async function exportResultsCommand(session: Session, given?: unknown): Promise<void> {
  const state: PersistedState | undefined = isPersistedState(given) ? given : exportableState();
  if (!state || state.view === 'ring' || state.view === 'runDiff') {
    void vscode.window.showWarningMessage('Nothing to export yet: run a load test, a simulation or a comparison first.');
    return;
  }
  let json: string;
  try {
    json = exportJson(state);
  } catch (e) {
    await showError(session, 'Export Results as JSON', e);
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = defaultExportName(state);
  const target = await vscode.window.showSaveDialog({
    title: 'Export Results as JSON',
    saveLabel: 'Export',
    filters: { JSON: ['json'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
  });
  if (!target) return;
  try {
    if (target.scheme === 'file') await writeFileAtomically(target.fsPath, json);
    else await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(json));
  } catch (e) {
    await showError(session, 'Export Results as JSON', e);
    return;
  }
  log(session, `exported ${state.view} to ${target.fsPath} (${json.length} bytes)`);
  void vscode.window.showInformationMessage(`Exported to ${target.fsPath}`);
}
