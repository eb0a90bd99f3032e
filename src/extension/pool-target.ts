/**
 * The argument a command gets when something names the pool for it (a CodeLens, a sidebar item, a
 * walkthrough link): `{ poolName, source? }`, source the pool file's path or the settings entry
 * (`rpcBalancer.pools[0]`), PoolEntry.location. Without one, the command asks which pool.
 */
export interface PoolTarget {
  poolName: string;
  source?: string;
}

/** The argument as a PoolTarget; anything else (a palette call passes nothing, a menu a Uri) is none. */
export function poolTargetOf(arg: unknown): PoolTarget | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { poolName, source } = arg as Record<string, unknown>;
  if (typeof poolName !== 'string' || poolName === '') return undefined;
  return typeof source === 'string' ? { poolName, source } : { poolName };
}

/** The entry a target names: same name, and same file or settings entry when it says which. */
export function findTarget<E extends { name: string; location: string }>(entries: readonly E[], target: PoolTarget): E | undefined {
  return entries.find((e) => e.name === target.poolName && (target.source === undefined || e.location === target.source));
}
