/** Open Result File: an exported RunResult or Comparison, checked and drawn in the panel. */
import * as vscode from 'vscode';
import { showError } from '../errors';
import { stateOfResultFile } from '../export-content';
import type { PersistedState } from '../../protocol/webview';
import { showInPanel } from '../panels/results-panel';
import { log, type Session } from '../session';

/** An exported RunResult or Comparison file, checked; throws naming the file when it is not one. */
export async function readResultFile(uri: vscode.Uri): Promise<PersistedState> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${uri.fsPath} is not valid JSON: ${(e as Error).message}`);
  }
  return stateOfResultFile(json);
}

export async function openResultFileCommand(session: Session, given?: unknown): Promise<void> {
  let uri = given instanceof vscode.Uri ? given : undefined;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({ title: 'Open Result File', canSelectMany: false, filters: { JSON: ['json'] } });
    uri = picked?.[0];
  }
  if (!uri) return;
  try {
    const state = await readResultFile(uri);
    const name = uri.path.replace(/^.*\//, '');
    showInPanel(session, state, `Result: ${name}`, undefined, { record: false });
    log(session, `opened ${uri.fsPath}`);
  } catch (e) {
    await showError(session, 'Open Result File', e);
  }
}
