/** The Runs view's commands: open a run's panel again, delete, reveal its file, export it. */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { showError } from '../errors';
import { historyChanged } from '../history/record';
import { deleteRun, readRun } from '../history/store';
import { titleOf } from '../history/summary';
import { COMMAND } from '../ids';
import { showInPanel } from '../panels/results-panel';
import { log, type Session } from '../session';
import { isRunNode, runsOf } from './run-nodes';
import { runsTree } from './trees';

export async function openRunCommand(session: Session, given?: unknown): Promise<void> {
  if (!isRunNode(given)) return;
  try {
    // Read again: the file is the record, and it may have changed since the tree listed it.
    const state = await readRun(given.entry.file);
    showInPanel(session, state, titleOf(given.entry.summary), undefined, { record: false });
  } catch (e) {
    await showError(session, 'Open Run', new Error(`${given.entry.file}: ${(e as Error).message}`));
  }
}

export async function deleteRunCommand(session: Session, clicked?: unknown, selected?: unknown): Promise<void> {
  const runs = runsOf(clicked, selected);
  if (runs.length === 0) return;
  const what = runs.length === 1 ? `"${titleOf(runs[0].entry.summary)}"` : `${runs.length} runs`;
  const ok = await vscode.window.showWarningMessage(`Delete ${what} from the history?`, { modal: true, detail: runs.map((r) => basename(r.entry.file)).join('\n') }, 'Delete');
  if (ok !== 'Delete') return;
  for (const r of runs) {
    try {
      await deleteRun(r.entry.file);
      log(session, `history: deleted ${r.entry.file}`);
    } catch (e) {
      await showError(session, 'Delete Run', e);
    }
  }
  historyChanged.fire();
}

export async function revealRunCommand(_session: Session, given?: unknown): Promise<void> {
  if (!isRunNode(given)) return;
  const uri = vscode.Uri.file(given.entry.file);
  // In the Explorer when the history is in the workspace; the OS file manager when in global storage.
  if (vscode.workspace.getWorkspaceFolder(uri)) await vscode.commands.executeCommand('revealInExplorer', uri);
  else await vscode.commands.executeCommand('revealFileInOS', uri);
}

export async function exportRunCommand(session: Session, given?: unknown): Promise<void> {
  if (!isRunNode(given)) return;
  try {
    await vscode.commands.executeCommand(COMMAND.exportResults, await readRun(given.entry.file));
  } catch (e) {
    await showError(session, 'Export Run', e);
  }
}

export async function refreshRunsCommand(): Promise<void> {
  runsTree()?.refresh();
}
