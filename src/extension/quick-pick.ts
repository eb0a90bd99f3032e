/** Shows the choices of picks.ts; `undefined` when the user pressed Escape. */
import * as vscode from 'vscode';
import { currentLoadSettings } from './current-settings';
import type { LoadSettings, PoolEntry } from './settings';
import { poolChoices, type Choice } from './picks';
import { gatherPools } from './pool-sources';
import { showError, showPoolProblems } from './errors';
import type { Session } from './session';
import { COMMAND } from './ids';
import { findPoolRef, poolRefOf } from './pool-arg';

export async function pick<T>(choices: Choice<T>[], placeHolder: string, title: string): Promise<T | undefined> {
  const items = choices.map((c) => ({ label: c.label, description: c.description, detail: c.detail, value: c.value }));
  const chosen = await vscode.window.showQuickPick(items, { placeHolder, title, matchOnDescription: true, ignoreFocusOut: true });
  return chosen?.value;
}

/** Settings, or undefined after telling the user which setting is wrong. */
export async function loadSettings(session: Session, what: string): Promise<LoadSettings | undefined> {
  try {
    return currentLoadSettings(session);
  } catch (e) {
    await showError(session, what, e);
    return undefined;
  }
}

/**
 * A valid pool the user picked, or the one the command was `given` (a Pools tree node, a CodeLens
 * argument: see pool-arg.ts) without asking; a broken one is reported with its setting path instead.
 */
export async function pickPool(session: Session, title: string, given?: unknown): Promise<PoolEntry | undefined> {
  const entries = await gatherPools(session);
  const ref = poolRefOf(given);
  if (ref) {
    const found = findPoolRef(entries, ref);
    if (!found) {
      void vscode.window.showWarningMessage(`Pool "${ref.name}" is no longer ${ref.location ? `in ${ref.location}` : 'among the pools'}: refresh the Pools view.`);
      return undefined;
    }
    if (found.problems) {
      await showPoolProblems(session, found);
      return undefined;
    }
    return found;
  }
  if (entries.length === 0) {
    const choice = await vscode.window.showInformationMessage(
      'No pools yet: add one to the rpcBalancer.pools setting or a *.rpcpool.json file, or start the demo servers.',
      'Start Demo Servers',
      'Edit Pools',
    );
    if (choice === 'Start Demo Servers') await vscode.commands.executeCommand(COMMAND.startDemoServers);
    else if (choice === 'Edit Pools') await vscode.commands.executeCommand(COMMAND.editPools);
    return undefined;
  }
  const entry = await pick(poolChoices(entries), 'Pick a pool', title);
  if (!entry) return undefined;
  if (entry.problems) {
    await showPoolProblems(session, entry);
    return undefined;
  }
  return entry;
}
