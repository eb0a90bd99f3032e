/**
 * The Test Explorer's tree of pool thresholds, from the pools (no `vscode` here): one item per pool
 * that has `thresholds`, one child per clause, each placed where the file writes it so the editor's
 * gutter shows its pass or fail mark on that line.
 */
import type { PoolEntry } from '../settings';
import { spotOf, type Spot } from './pool-lenses';

export interface ThresholdNode {
  id: string;
  text: string;
  at?: Spot;
}

export interface PoolNode {
  /** `file:/w/orders.rpcpool.json`, `user:rpcBalancer.pools[0]`: unique, and stable across edits. */
  id: string;
  poolName: string;
  origin: PoolEntry['origin'];
  /** PoolEntry.location: the file's path, or the settings entry. */
  source: string;
  at?: Spot;
  thresholds: ThresholdNode[];
}

export function poolNodeId(origin: PoolEntry['origin'], location: string): string {
  return `${origin}:${location}`;
}

/** `texts` holds the text of each pool file by path, for the places of its clauses. */
export function poolNodes(entries: readonly PoolEntry[], texts: ReadonlyMap<string, string> = new Map()): PoolNode[] {
  const nodes: PoolNode[] = [];
  for (const e of entries) {
    const thresholds = e.pool?.thresholds;
    if (!thresholds?.length) continue;
    const id = poolNodeId(e.origin, e.location);
    const text = e.origin === 'file' ? texts.get(e.location) : undefined;
    const list = text !== undefined ? text.indexOf('"thresholds"') : -1;
    const first = text?.search(/\S/) ?? -1;
    nodes.push({
      id,
      poolName: e.name,
      origin: e.origin,
      source: e.location,
      ...(text !== undefined && first !== -1 ? { at: spotOf(text, first) } : {}),
      thresholds: thresholds.map((t) => {
        const offset = text !== undefined && list !== -1 ? text.indexOf(JSON.stringify(t), list) : -1;
        return { id: `${id}#${t}`, text: t, ...(offset !== -1 ? { at: spotOf(text!, offset) } : {}) };
      }),
    });
  }
  return nodes;
}
