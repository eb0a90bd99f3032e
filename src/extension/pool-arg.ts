/**
 * A pool handed to a command (no `vscode` here): a Pools tree node (`{kind: "pool", entry}`), a
 * bare `{name, origin, location}`, or a `{ poolName, source? }` as a CodeLens, a test item or
 * another extension passes it (source: the pool file's path or the settings entry,
 * PoolEntry.location). The command looks the pool up again, so it runs on the pool as it is now,
 * not as the tree or the lens last drew it.
 */
import type { PoolEntry, PoolOrigin } from './settings';

export interface PoolRef {
  name: string;
  /** Absent when the caller named only the pool (and maybe its place). */
  origin?: PoolOrigin;
  location?: string;
}

/** What a CodeLens or a test item passes. */
export interface PoolTarget {
  poolName: string;
  source?: string;
}

const ORIGINS: readonly PoolOrigin[] = ['user', 'workspace', 'workspaceFolder', 'file', 'demo'];

function refOf(x: unknown): PoolRef | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const o = x as Record<string, unknown>;
  if (typeof o.name === 'string' && typeof o.location === 'string' && ORIGINS.includes(o.origin as PoolOrigin)) {
    return { name: o.name, origin: o.origin as PoolOrigin, location: o.location };
  }
  if (typeof o.poolName === 'string' && o.poolName !== '') return typeof o.source === 'string' ? { name: o.poolName, location: o.source } : { name: o.poolName };
  return undefined;
}

/** The pool a command was given, if it was given one (a palette call passes nothing, a menu a Uri). */
export function poolRefOf(given: unknown): PoolRef | undefined {
  if (typeof given !== 'object' || given === null) return undefined;
  const node = given as { kind?: unknown; entry?: unknown; pool?: unknown };
  // A pool node, or one of its children (an endpoint, a problem) that carries its pool.
  return refOf(node.kind === 'pool' ? node.entry : node.kind !== undefined ? node.pool : given);
}

/**
 * The entry `ref` names among those there are now: the same name, origin and place where the ref
 * says them; a ref with an origin falls back to the same origin and name (a settings entry that moved).
 */
export function findPoolRef<E extends Pick<PoolEntry, 'name' | 'origin' | 'location'>>(entries: readonly E[], ref: PoolRef): E | undefined {
  const exact = entries.find((e) => e.name === ref.name && (ref.origin === undefined || e.origin === ref.origin) && (ref.location === undefined || e.location === ref.location));
  return exact ?? (ref.origin === undefined ? undefined : entries.find((e) => e.origin === ref.origin && e.name === ref.name));
}
