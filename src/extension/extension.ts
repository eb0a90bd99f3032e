/**
 * Activation stays cheap: it registers commands, the panel serializer and two listeners, and
 * nothing else. Each command's module (the engine, the runner, the simulator, the demo servers)
 * is loaded by a dynamic import() on first use; esbuild bundles them into this one file but
 * defers their evaluation until then. The time activate() takes is written to the output channel.
 */
import * as vscode from 'vscode';
import { COMMAND, OUTPUT_NAME, VIEW_TYPE, type CommandId } from './ids';
import { log, type Session } from './session';

type Handler = (session: Session, ...args: unknown[]) => Promise<void>;

const HANDLERS: Record<CommandId, () => Promise<Handler>> = {
  [COMMAND.runLoadTest]: async () => (await import('./commands/run-load-test')).runLoadTestCommand,
  [COMMAND.compareStrategies]: async () => (await import('./commands/compare-strategies')).compareStrategiesCommand,
  [COMMAND.simulatePool]: async () => (await import('./commands/simulate-pool')).simulatePoolCommand,
  [COMMAND.showHashRing]: async () => (await import('./commands/show-hash-ring')).showHashRingCommand,
  [COMMAND.exportResults]: async () => (await import('./commands/export-results')).exportResultsCommand,
  [COMMAND.editPools]: async () => (await import('./commands/edit-pools')).editPoolsCommand,
  [COMMAND.startDemoServers]: async () => (await import('./commands/demo-servers')).startDemoServersCommand,
  [COMMAND.stopDemoServers]: async () => (await import('./commands/demo-servers')).stopDemoServersCommand,
  [COMMAND.openResultFile]: async () => (await import('./commands/open-result-file')).openResultFileCommand,
};

let session: Session | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const output = vscode.window.createOutputChannel(OUTPUT_NAME);
  const s: Session = { context, output };
  session = s;
  context.subscriptions.push(output);
  for (const [id, load] of Object.entries(HANDLERS)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await (await load())(s, ...args);
        } catch (e) {
          log(s, `${id} failed: ${(e as Error)?.stack ?? String(e)}`);
          void vscode.window.showErrorMessage(`RPC Balancer: ${(e as Error)?.message ?? String(e)}`);
        }
      }),
    );
  }
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => (await import('./panels/results-panel')).restorePanel(s, panel, state),
    }),
  );
  const refresh = () => void import('./panels/refresh').then((m) => m.refreshPanels(s));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rpcBalancer')) refresh();
    }),
  );
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.rpcpool.json');
  context.subscriptions.push(watcher, watcher.onDidChange(refresh), watcher.onDidCreate(refresh), watcher.onDidDelete(refresh));
  const took = performance.now() - started;
  log(s, `activated in ${took.toFixed(2)} ms (activate() call, extension host time)`);
}

export async function deactivate(): Promise<void> {
  const s = session;
  session = undefined;
  s?.running?.abort();
  if (s?.demo) await (await import('./commands/demo-servers')).closeDemo(s);
}
