/** The Pools view's own commands: Open Definition (the fix-it of a broken pool), Create Pool File, Open Walkthrough. */
import * as vscode from 'vscode';
import { openPoolLocation } from '../errors';
import { findPoolRef, poolRefOf } from '../pool-arg';
import { gatherPools } from '../pool-sources';
import type { Session } from '../session';
import { checkPoolFileName, poolTemplate } from './pool-template';
import { poolsTree } from './trees';

/** The walkthrough's full id: `publisher.name#id` (package.json's contributes.walkthroughs). */
export const WALKTHROUGH_ID = 'rpc-balancer.rpc-balancer#rpcBalancer.gettingStarted';

export async function openPoolDefinitionCommand(session: Session, given?: unknown): Promise<void> {
  const named = poolRefOf(given);
  // A { poolName } names no origin: the pool's entry now says where it is defined.
  const ref = named?.origin !== undefined && named.location !== undefined ? named : named && findPoolRef(await gatherPools(session), named);
  if (!ref?.origin || ref.location === undefined) {
    void vscode.window.showInformationMessage("Open Definition works on a pool of the Pools view or a pool file's CodeLens.");
    return;
  }
  if (ref.origin === 'demo') {
    void vscode.window.showInformationMessage('The demo pool is made by Start Demo Servers; it has no file or setting to open.');
    return;
  }
  await openPoolLocation(ref.origin, ref.location);
}

export async function refreshPoolsCommand(): Promise<void> {
  poolsTree()?.refresh();
}

export async function createPoolFileCommand(_session: Session): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  let target: vscode.Uri | undefined;
  let name: string;
  if (folder) {
    const typed = await vscode.window.showInputBox({
      title: 'RPC Balancer: Create Pool File',
      prompt: `The pool's name; the file is <name>.rpcpool.json in ${folder.name}`,
      value: 'my-pool',
      ignoreFocusOut: true,
      validateInput: (v) => checkPoolFileName(v),
    });
    if (typed === undefined) return;
    name = typed;
    target = vscode.Uri.joinPath(folder.uri, `${name}.rpcpool.json`);
    try {
      await vscode.workspace.fs.stat(target);
      void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(target)} already exists; it is opened as it is.`);
      await vscode.window.showTextDocument(target);
      return;
    } catch {
      // Not there yet: write it.
    }
  } else {
    target = await vscode.window.showSaveDialog({ title: 'Create Pool File', filters: { 'Pool file': ['rpcpool.json'] }, saveLabel: 'Create' });
    if (!target) return;
    name = target.path.replace(/^.*\//, '').replace(/\.rpcpool\.json$|\.json$/i, '') || 'my-pool';
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(poolTemplate(name)));
  await vscode.window.showTextDocument(target);
  poolsTree()?.refresh();
}

export async function openWalkthroughCommand(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
}
