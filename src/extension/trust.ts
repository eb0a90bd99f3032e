/**
 * Restricted mode (no `vscode` here): in an untrusted workspace, a pool that the workspace itself
 * supplies (its settings or its `*.rpcpool.json` files) could point the extension at any address,
 * so nothing is sent to what it names (no load test, no live comparison, no discovery query) until
 * the workspace is trusted; it can still be simulated. User settings and the demo pool are the
 * user's own and stay usable.
 */
import type { PoolConfig } from '../pools/types';
import type { PoolEntry, PoolOrigin } from './settings';

export type TrustDecision = { allowed: true } | { allowed: false; reason: string };

const FROM_WORKSPACE: ReadonlySet<PoolOrigin> = new Set(['workspace', 'workspaceFolder', 'file']);

export function isWorkspaceSupplied(origin: PoolOrigin): boolean {
  return FROM_WORKSPACE.has(origin);
}

type Described = Pick<PoolEntry, 'name' | 'origin' | 'location'>;

function comesFrom(entry: Described): string {
  const where = entry.origin === 'file' ? `the pool file ${entry.location}` : `the workspace setting ${entry.location}`;
  return `Pool "${entry.name}" comes from ${where}, and this workspace is not trusted`;
}

/** May this pool be load-tested (real requests sent) now? */
export function loadTestDecision(entry: Described, trusted: boolean): TrustDecision {
  if (trusted || !isWorkspaceSupplied(entry.origin)) return { allowed: true };
  return {
    allowed: false,
    reason: `${comesFrom(entry)}: it is not load-tested until you trust the workspace (Simulate Pool and Show Hash Ring still work).`,
  };
}

/** May the discovery servers (etcd, DNS) this pool names be asked for its members now? */
export function discoveryDecision(entry: Described & { pool?: Pick<PoolConfig, 'discovery'> }, trusted: boolean): TrustDecision {
  const discovery = entry.pool?.discovery;
  if (!discovery || trusted || !isWorkspaceSupplied(entry.origin)) return { allowed: true };
  return {
    allowed: false,
    reason:
      `${comesFrom(entry)}: its ${discovery.type} discovery is not queried until you trust the workspace ` +
      '(its static endpoints, Simulate Pool and Show Hash Ring still work).',
  };
}

/** Simulations and rings contact nothing, so every valid pool may be simulated. */
export function simulationDecision(): TrustDecision {
  return { allowed: true };
}
