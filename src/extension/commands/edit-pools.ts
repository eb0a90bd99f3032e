/** Edit Pools: the settings JSON at `rpcBalancer.pools` (user or workspace), or a pool file. */
import * as vscode from 'vscode';
import { openPoolLocation } from '../errors';
import { pick } from '../quick-pick';
import { poolsFromFiles } from '../pool-sources';
import type { Session } from '../session';
import type { PoolOrigin } from '../settings';
import type { Choice } from '../picks';

type Target = { origin: PoolOrigin; location: string };

export async function editPoolsCommand(_session: Session): Promise<void> {
  const choices: Choice<Target>[] = [{ label: 'User settings', description: 'rpcBalancer.pools', value: { origin: 'user', location: 'rpcBalancer.pools' } }];
  if (vscode.workspace.workspaceFolders?.length) {
    choices.push({ label: 'Workspace settings', description: 'rpcBalancer.pools', value: { origin: 'workspace', location: 'rpcBalancer.pools' } });
    for (const f of await poolsFromFiles()) {
      choices.push({ label: vscode.workspace.asRelativePath(f.location), description: `pool file${f.problems ? ' (invalid)' : ''}`, value: { origin: 'file', location: f.location } });
    }
  }
  const target = choices.length === 1 ? choices[0].value : await pick(choices, 'Where are the pools to edit?', 'RPC Balancer: Edit Pools');
  if (target) await openPoolLocation(target.origin, target.location);
}
