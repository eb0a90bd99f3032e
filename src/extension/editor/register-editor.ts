/**
 * The editor's parts, registered at activation at the cost of a few objects: the pool files'
 * CodeLenses (text only) and the thresholds' TestController, whose tree and runs come from the
 * commands' bundle (`load`), required only when the Test Explorer first asks for the tree.
 */
import * as vscode from 'vscode';
import type { Session } from '../session';
import { PoolCodeLensProvider, POOL_FILE_SELECTOR } from './codelens';

type Main = typeof import('../main');

export const TEST_CONTROLLER_ID = 'rpcBalancer.thresholds';

export function registerEditor(session: Session, load: () => Main): void {
  const subs = session.context.subscriptions;
  subs.push(vscode.languages.registerCodeLensProvider(POOL_FILE_SELECTOR, new PoolCodeLensProvider()));
  const controller = vscode.tests.createTestController(TEST_CONTROLLER_ID, 'RPC Balancer thresholds');
  subs.push(controller);
  let resolved = false;
  const refresh = () => load().refreshPoolTests(session, controller);
  controller.resolveHandler = async (item) => {
    if (item) return; // pool items come with their thresholds
    resolved = true;
    await refresh();
  };
  controller.refreshHandler = refresh;
  // Until the Test Explorer has asked, there is no tree to keep fresh (and nothing to load).
  const again = () => void (resolved && refresh());
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.rpcpool.json');
  subs.push(watcher, watcher.onDidChange(again), watcher.onDidCreate(again), watcher.onDidDelete(again));
  subs.push(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('rpcBalancer') && again()));
  subs.push(vscode.workspace.onDidGrantWorkspaceTrust(again));
  for (const [label, kind, isDefault] of [['Load test', 'loadtest', false], ['Simulate', 'simulation', true]] as const) {
    controller.createRunProfile(label, vscode.TestRunProfileKind.Run, (request, token) => load().runPoolTests(session, controller, kind, request, token), isDefault);
  }
}
