/**
 * Restricted mode (no `vscode` here): in an untrusted workspace, a pool that the workspace itself
 * supplies (its settings or its `*.rpcpool.json` files) could point a load test at any address, so
 * it is only simulated until the workspace is trusted. User settings and the demo pool are the
 * user's own and stay usable.
 */
import type { PoolEntry, PoolOrigin } from './settings';

export type TrustDecision = { allowed: true } | { allowed: false; reason: string };

const FROM_WORKSPACE: ReadonlySet<PoolOrigin> = new Set(['workspace', 'workspaceFolder', 'file']);

export function isWorkspaceSupplied(origin: PoolOrigin): boolean {
  return FROM_WORKSPACE.has(origin);
}

/** May this pool be load-tested (real requests sent) now? */
export function loadTestDecision(entry: Pick<PoolEntry, 'name' | 'origin' | 'location'>, trusted: boolean): TrustDecision {
  if (trusted || !isWorkspaceSupplied(entry.origin)) return { allowed: true };
  const where = entry.origin === 'file' ? `the pool file ${entry.location}` : `the workspace setting ${entry.location}`;
  return {
    allowed: false,
    reason:
      `Pool "${entry.name}" comes from ${where}, and this workspace is not trusted: ` +
      'it is not load-tested until you trust the workspace (Simulate Pool and Show Hash Ring still work).',
  };
}

/** Simulations and rings contact nothing, so every valid pool may be simulated. */
export function simulationDecision(): TrustDecision {
  return { allowed: true };
}
