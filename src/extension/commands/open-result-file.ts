/** Open Result File: an exported RunResult or Comparison, checked and drawn in the panel. */
import * as vscode from 'vscode';
import { showError } from '../errors';
import { stateOfResultFile } from '../export-content';
import { showInPanel } from '../panels/results-panel';
import { log, type Session } from '../session';

export async function openResultFileCommand(session: Session, given?: unknown): Promise<void> {
  let uri = given instanceof vscode.Uri ? given : undefined;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({ title: 'Open Result File', canSelectMany: false, filters: { JSON: ['json'] } });
    uri = picked?.[0];
  }
  if (!uri) return;
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new Error(`${uri.fsPath} is not valid JSON: ${(e as Error).message}`);
    }
    const state = stateOfResultFile(json);
    const name = uri.path.replace(/^.*\//, '');
    showInPanel(session, state, `Result: ${name}`, undefined, { record: false });
    log(session, `opened ${uri.fsPath}`);
  } catch (e) {
    await showError(session, 'Open Result File', e);
  }
}
