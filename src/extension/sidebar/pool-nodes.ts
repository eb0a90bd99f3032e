/**
 * What the Pools tree shows (no `vscode` here): a node per pool with where it comes from, its
 * endpoints (or a discovered pool's members as the source answers now), and for a broken pool its
 * problems, each with the setting path or file it is at.
 */
import type { PoolMember } from '../../pools/discovery';
import { poolChoices } from '../picks';
import { formatProblem, type PoolEntry, type SettingProblem } from '../settings';

export const POOLS_TREE_DEFAULTS = Object.freeze({
  /** A discovered pool's members are asked again this often while its node is open. */
  discoveryRefreshMs: 30_000,
});

export type PoolTreeNode =
  | { kind: 'pool'; entry: PoolEntry }
  | { kind: 'endpoint'; pool: PoolEntry; member: PoolMember }
  | { kind: 'problem'; pool: PoolEntry; problem: SettingProblem }
  | { kind: 'note'; pool: PoolEntry; text: string; tooltip?: string };

export interface NodeText {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
}

function poolId(e: PoolEntry): string {
  return `pool|${e.origin}|${e.location}|${e.name}`;
}

/** `http://127.0.0.1:4001 · weight 2 · zone a · priority 1`. */
export function memberLine(m: Pick<PoolMember, 'address' | 'weight' | 'zone' | 'priority'>): string {
  return [m.address, `weight ${m.weight}`, m.zone !== undefined ? `zone ${m.zone}` : '', m.priority !== undefined ? `priority ${m.priority}` : ''].filter(Boolean).join(' · ');
}

export function textOf(node: PoolTreeNode): NodeText {
  if (node.kind === 'pool') {
    const e = node.entry;
    const choice = poolChoices([e])[0];
    if (e.problems) {
      return { id: poolId(e), label: e.name, description: formatProblem(e.problems[0]), tooltip: `${choice.description ?? ''}\n${choice.detail ?? ''}`.trim() };
    }
    return { id: poolId(e), label: e.name, description: choice.description, tooltip: `${choice.detail ?? ''}\n${e.location}`.trim() };
  }
  if (node.kind === 'endpoint') {
    const m = node.member;
    const from = m.source === 'static' ? 'listed in the pool' : `${m.source}: ${m.origin}`;
    return { id: `${poolId(node.pool)}|ep|${m.id}`, label: m.id, description: memberLine(m), tooltip: `${m.id} ${memberLine(m)}\n${from}` };
  }
  if (node.kind === 'problem') {
    return { id: `${poolId(node.pool)}|problem|${node.problem.path}`, label: node.problem.path, description: node.problem.problem, tooltip: `${formatProblem(node.problem)}\nClick to open where it is.` };
  }
  return { id: `${poolId(node.pool)}|note|${node.text}`, label: node.text, ...(node.tooltip ? { tooltip: node.tooltip } : {}) };
}

/** A valid pool's static endpoints as members (no discovery asked). */
export function staticMembers(entry: PoolEntry): PoolMember[] {
  return (entry.pool?.endpoints ?? []).map((e) => ({
    id: e.id,
    address: e.address,
    weight: e.weight ?? 1,
    ...(e.zone !== undefined ? { zone: e.zone } : {}),
    ...(e.priority !== undefined ? { priority: e.priority } : {}),
    source: 'static' as const,
    origin: 'pool file',
  }));
}

/** The children of a broken pool: every problem, in order. */
export function problemNodes(entry: PoolEntry): PoolTreeNode[] {
  return (entry.problems ?? []).map((problem) => ({ kind: 'problem', pool: entry, problem }));
}
