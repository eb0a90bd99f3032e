/** Start / Stop Demo Servers: the embedded demo pool on 127.0.0.1, offered as the pool `demo`. */
import * as vscode from 'vscode';
import { startDemoServers } from '../../demo';
import { demoServerOptions } from '../../pools/demo-pool';
import { parsePool } from '../../pools/parse';
import { showError } from '../errors';
import { COMMAND } from '../ids';
import { log, type Session } from '../session';

export async function startDemoServersCommand(session: Session): Promise<void> {
  if (session.demo) {
    void vscode.window.showInformationMessage(`The demo servers are already running: ${session.demo.servers.endpoints.map((e) => `${e.id} ${e.address}`).join(', ')}`);
    return;
  }
  try {
    const servers = await startDemoServers(demoServerOptions());
    const pool = parsePool(servers.pool('http'), { source: 'demo servers' });
    session.demo = { servers, entry: { name: pool.name, origin: 'demo', location: 'demo servers', pool } };
    const list = servers.endpoints.map((e) => `${e.id} ${e.address} (weight ${e.weight})`).join(', ');
    log(session, `demo servers started: ${list}; control ${servers.control}`);
    const choice = await vscode.window.showInformationMessage(`Demo servers started on 127.0.0.1 (${servers.endpoints.length} endpoints): pool "demo" is ready.`, 'Run Load Test');
    if (choice) await vscode.commands.executeCommand(COMMAND.runLoadTest);
  } catch (e) {
    await showError(session, 'Start Demo Servers', e);
  }
}

export async function stopDemoServersCommand(session: Session): Promise<void> {
  const demo = session.demo;
  if (!demo) {
    void vscode.window.showInformationMessage('The demo servers are not running.');
    return;
  }
  session.demo = undefined;
  await demo.servers.close();
  log(session, 'demo servers stopped');
  void vscode.window.showInformationMessage('Demo servers stopped.');
}

/** On deactivate: stop them without asking. */
export async function closeDemo(session: Session): Promise<void> {
  const demo = session.demo;
  session.demo = undefined;
  await demo?.servers.close();
}
