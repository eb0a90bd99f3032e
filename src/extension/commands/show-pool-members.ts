/**
 * Show Pool Members: a pool's current members and where each came from (static, or found by DNS
 * SRV or etcd discovery right now), in a quick pick and in the output channel. In restricted mode
 * a workspace pool's discovery servers are not asked (see trust.ts).
 */
import * as vscode from 'vscode';
import { describePoolMembers, formatMember } from '../../pools/discovery';
import { showError } from '../errors';
import { pickPool } from '../quick-pick';
import { log, type Session } from '../session';
import { discoveryDecision } from '../trust';
import { tellRestricted } from '../trust-prompt';

const TITLE = 'RPC Balancer: Show Pool Members';

/** `given`: the pool to run on without asking (a Pools tree node or a pool reference, see pool-arg.ts). */
export async function showPoolMembersCommand(session: Session, given?: unknown): Promise<void> {
  const entry = await pickPool(session, TITLE, given);
  if (!entry?.pool) return;
  const decision = discoveryDecision(entry, vscode.workspace.isTrusted);
  if (!decision.allowed) {
    await tellRestricted(session, decision.reason, false);
    return;
  }
  const pool = entry.pool;
  try {
    const members = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: pool.discovery ? `Asking ${pool.discovery.type} for the members of ${pool.name}` : `Members of ${pool.name}` },
      () => describePoolMembers(pool),
    );
    log(session, `members of ${pool.name}:\n${members.map((m) => `  ${formatMember(m)}`).join('\n')}`);
    await vscode.window.showQuickPick(
      members.map((m) => ({
        label: m.id,
        description: `${m.address} · weight ${m.weight}${m.zone ? ` · zone ${m.zone}` : ''}${m.priority !== undefined ? ` · priority ${m.priority}` : ''}`,
        detail: m.source === 'static' ? 'static (listed in the pool)' : `${m.source}: ${m.origin}`,
      })),
      { title: `${TITLE}: ${pool.name} (${members.length})`, placeHolder: `${members.length} members of ${pool.name}`, matchOnDescription: true, matchOnDetail: true },
    );
  } catch (e) {
    await showError(session, 'Show Pool Members', e);
  }
}

/** For Run Load Test: a discovered pool's members, logged before the run starts. */
export async function logDiscoveredMembers(session: Session, pool: Parameters<typeof describePoolMembers>[0]): Promise<void> {
  if (!pool.discovery) return;
  const members = await describePoolMembers(pool);
  log(session, `members of ${pool.name} now:\n${members.map((m) => `  ${formatMember(m)}`).join('\n')}`);
}
