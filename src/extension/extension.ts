/**
 * Activation stays cheap: it registers commands, the panel serializer and two listeners, and
 * loads nothing else. The commands and everything under them (engine, runner, simulator, demo
 * servers) live in a second bundle, dist/extension-main.js, required on the first command; the
 * time activate() takes is written to the output channel.
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import { COMMAND, OUTPUT_NAME, VIEW, VIEW_TYPE, type CommandId } from './ids';
import { log, type Session } from './session';
import { LazyTree } from './sidebar/lazy-tree';
import { registerEditor } from './editor/register-editor';

type Main = typeof import('./main');
type Handler = (session: Session, ...args: unknown[]) => Promise<void>;

let main: Main | undefined;

/** The commands' bundle, required (and compiled by the host) on first use only. */
function loadMain(): Main {
  // A path esbuild cannot follow, so the second bundle stays a separate file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  main ??= require(join(__dirname, 'extension-main.js')) as Main;
  return main;
}

const HANDLERS: Record<CommandId, (m: Main) => Handler> = {
  [COMMAND.runLoadTest]: (m) => m.runLoadTestCommand,
  [COMMAND.compareStrategies]: (m) => m.compareStrategiesCommand,
  [COMMAND.simulatePool]: (m) => m.simulatePoolCommand,
  [COMMAND.showHashRing]: (m) => m.showHashRingCommand,
  [COMMAND.exportResults]: (m) => m.exportResultsCommand,
  [COMMAND.editPools]: (m) => m.editPoolsCommand,
  [COMMAND.startDemoServers]: (m) => m.startDemoServersCommand,
  [COMMAND.stopDemoServers]: (m) => m.stopDemoServersCommand,
  [COMMAND.openResultFile]: (m) => m.openResultFileCommand,
  [COMMAND.showPoolMembers]: (m) => m.showPoolMembersCommand,
  [COMMAND.exportConfig]: (m) => m.exportConfigCommand,
  [COMMAND.findCapacity]: (m) => m.findCapacityCommand,
  [COMMAND.openPoolDefinition]: (m) => m.openPoolDefinitionCommand,
  [COMMAND.refreshPools]: (m) => m.refreshPoolsCommand,
  [COMMAND.createPoolFile]: (m) => m.createPoolFileCommand,
  [COMMAND.openWalkthrough]: (m) => m.openWalkthroughCommand,
  [COMMAND.openRun]: (m) => m.openRunCommand,
  [COMMAND.deleteRun]: (m) => m.deleteRunCommand,
  [COMMAND.revealRun]: (m) => m.revealRunCommand,
  [COMMAND.exportRun]: (m) => m.exportRunCommand,
  [COMMAND.compareRuns]: (m) => m.compareRunsCommand,
  [COMMAND.refreshRuns]: (m) => m.refreshRunsCommand,
};

let session: Session | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const output = vscode.window.createOutputChannel(OUTPUT_NAME);
  const s: Session = { context, output };
  session = s;
  context.subscriptions.push(output);
  // The sidebar's trees load the commands' bundle when a view first asks for its items.
  const poolsView = new LazyTree<unknown>(() => loadMain().makePoolsTree(s) as vscode.TreeDataProvider<unknown>);
  const runsView = new LazyTree<unknown>(() => loadMain().makeRunsTree(s) as vscode.TreeDataProvider<unknown>);
  context.subscriptions.push(
    poolsView,
    runsView,
    vscode.window.createTreeView(VIEW.pools, { treeDataProvider: poolsView, showCollapseAll: true }),
    vscode.window.createTreeView(VIEW.runs, { treeDataProvider: runsView, canSelectMany: true }),
  );
  // Starting or stopping the demo servers adds or removes the demo pool.
  const changesPools: ReadonlySet<string> = new Set([COMMAND.startDemoServers, COMMAND.stopDemoServers]);
  for (const [id, handler] of Object.entries(HANDLERS)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await handler(loadMain())(s, ...args);
          if (changesPools.has(id)) poolsView.refresh();
        } catch (e) {
          log(s, `${id} failed: ${(e as Error)?.stack ?? String(e)}`);
          void vscode.window.showErrorMessage(`RPC Balancer: ${(e as Error)?.message ?? String(e)}`);
        }
      }),
    );
  }
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => loadMain().restorePanel(s, panel, state),
    }),
  );
  // Nothing to redraw until a command has run (and loaded the main bundle).
  const refresh = () => {
    poolsView.refresh();
    void (main && main.refreshPanels(s));
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rpcBalancer')) refresh();
    }),
  );
  // Restricted mode ends without a reload: say so, since workspace pools and settings now apply.
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log(s, 'workspace trusted: its pools and rpcBalancer.* settings now apply');
      poolsView.refresh();
    }),
  );
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.rpcpool.json');
  context.subscriptions.push(watcher, watcher.onDidChange(refresh), watcher.onDidCreate(refresh), watcher.onDidDelete(refresh));
  registerEditor(s, loadMain);
  const took = performance.now() - started;
  log(s, `activated in ${took.toFixed(2)} ms (activate() call, extension host time)`);
}

export async function deactivate(): Promise<void> {
  const s = session;
  session = undefined;
  s?.running?.abort();
  if (s?.demo && main) await main.closeDemo(s);
}
