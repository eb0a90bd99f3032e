/**
 * A pool handed to a command (no `vscode` here): a Pools tree node (`{kind: "pool", entry}`) or a
 * bare `{name, origin, location}`, as a CodeLens or another extension passes it. The command
 * looks the pool up again, so it runs on the pool as it is now, not as the tree last drew it.
 */
import type { PoolEntry, PoolOrigin } from './settings';

export type PoolRef = Pick<PoolEntry, 'name' | 'origin' | 'location'>;

const ORIGINS: readonly PoolOrigin[] = ['user', 'workspace', 'workspaceFolder', 'file', 'demo'];

function isRef(x: unknown): x is PoolRef {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o.name === 'string' && typeof o.location === 'string' && ORIGINS.includes(o.origin as PoolOrigin);
}

/** The pool a command was given, if it was given one. */
export function poolRefOf(given: unknown): PoolRef | undefined {
  if (typeof given !== 'object' || given === null) return undefined;
  const node = given as { kind?: unknown; entry?: unknown; pool?: unknown };
  // A pool node, or one of its children (an endpoint, a problem) that carries its pool.
  const ref = node.kind === 'pool' ? node.entry : node.kind !== undefined ? node.pool : given;
  return isRef(ref) ? { name: ref.name, origin: ref.origin, location: ref.location } : undefined;
}

/** The entry `ref` names among those there are now: same origin and place, and the same name. */
export function findPoolRef(entries: readonly PoolEntry[], ref: PoolRef): PoolEntry | undefined {
  return entries.find((e) => e.origin === ref.origin && e.location === ref.location && e.name === ref.name) ?? entries.find((e) => e.origin === ref.origin && e.name === ref.name);
}
