/**
 * How errors reach the user: the message names the setting path and what is wrong, with a button
 * that opens where it is (settings JSON at `rpcBalancer.pools`, the pool file, the setting).
 */
import * as vscode from 'vscode';
import { ConfigError } from '../engine/errors';
import { log, type Session } from './session';
import { formatProblem, POOLS_SETTING, SECTION, type PoolEntry, type PoolOrigin } from './settings';

const OPEN = 'Open Settings';
const OPEN_FILE = 'Open Pool File';

/** Opens where a pool lives: the settings JSON of its scope at `rpcBalancer.pools`, or its file. */
export async function openPoolLocation(origin: PoolOrigin, location: string): Promise<void> {
  const reveal = { revealSetting: { key: POOLS_SETTING, edit: true } };
  if (origin === 'file') {
    await vscode.window.showTextDocument(vscode.Uri.file(location));
  } else if (origin === 'workspace') {
    await vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile', reveal);
  } else if (origin === 'workspaceFolder') {
    await vscode.commands.executeCommand('workbench.action.openFolderSettingsFile', reveal);
  } else {
    await vscode.commands.executeCommand('workbench.action.openSettingsJson', reveal);
  }
}

export async function showPoolProblems(session: Session, entry: PoolEntry): Promise<void> {
  const problems = entry.problems ?? [];
  for (const p of problems) log(session, `invalid pool "${entry.name}": ${formatProblem(p)}`);
  const more = problems.length > 1 ? ` (${problems.length - 1} more problem${problems.length > 2 ? 's' : ''} in the output)` : '';
  const button = entry.origin === 'file' ? OPEN_FILE : OPEN;
  const choice = await vscode.window.showErrorMessage(`Pool "${entry.name}" is invalid: ${formatProblem(problems[0])}${more}`, button);
  if (choice) await openPoolLocation(entry.origin, entry.location);
}

/** A ConfigError from settings (`rpcBalancer.loadTest.duration: ...`) or from a run's config. */
export async function showError(session: Session, what: string, e: unknown): Promise<void> {
  const message = e instanceof Error ? e.message : String(e);
  log(session, `${what} failed: ${message}`);
  if (e instanceof ConfigError && e.path.startsWith(`${SECTION}.`)) {
    const choice = await vscode.window.showErrorMessage(`${what}: ${message}`, OPEN);
    if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', e.path.replace(/\[.*$/, ''));
    return;
  }
  await vscode.window.showErrorMessage(`${what}: ${message}`);
}
