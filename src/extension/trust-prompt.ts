/** Telling the user why restricted mode refused something, with the way out (trust, or simulate). */
import * as vscode from 'vscode';
import { COMMAND } from './ids';
import { log, type Session } from './session';

const MANAGE = 'Manage Workspace Trust';
const SIMULATE = 'Simulate Instead';

export async function tellRestricted(session: Session, reason: string, offerSimulation: boolean): Promise<void> {
  log(session, reason);
  const buttons = offerSimulation ? [MANAGE, SIMULATE] : [MANAGE];
  const choice = await vscode.window.showWarningMessage(reason, ...buttons);
  if (choice === MANAGE) await vscode.commands.executeCommand('workbench.trust.manage');
  else if (choice === SIMULATE) await vscode.commands.executeCommand(COMMAND.simulatePool);
}
