/**
 * What the quick picks offer (no `vscode` here): pools with where they come from, strategies with
 * the default first, load models. The command modules turn these into QuickPickItems.
 */
import { strategies } from '../engine/registry';
import type { StrategyName } from '../engine/types';
import { HASH_STRATEGY_NAMES } from '../engine/types';
import { formatProblem, type PoolEntry, type PoolOrigin } from './settings';

export interface Choice<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

const ORIGIN_LABEL: Record<PoolOrigin, string> = {
  user: 'user settings',
  workspace: 'workspace settings',
  workspaceFolder: 'folder settings',
  file: 'pool file',
  demo: 'demo servers',
};

/** Valid pools first (demo first of all, as the pool people try first), broken ones after with their first problem. */
export function poolChoices(entries: readonly PoolEntry[]): Choice<PoolEntry>[] {
  const rank = (e: PoolEntry) => (e.problems ? 2 : e.origin === 'demo' ? 0 : 1);
  return [...entries]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
    .map(({ e }) => ({
      label: e.problems ? `$(error) ${e.name}` : e.name,
      description: e.origin === 'file' ? `${ORIGIN_LABEL.file} ${e.location.replace(/^.*[\\/]/, '')}` : `${ORIGIN_LABEL[e.origin]}${e.origin === 'demo' ? '' : ` ${e.location}`}`,
      detail: e.problems
        ? `invalid: ${formatProblem(e.problems[0])}${e.problems.length > 1 ? ` (and ${e.problems.length - 1} more)` : ''}`
        : `${e.pool!.transport}, ${e.pool!.endpoints.length} endpoint${e.pool!.endpoints.length === 1 ? '' : 's'}${e.pool!.strategy ? `, strategy ${e.pool!.strategy}` : ''}`,
      value: e,
    }));
}

/** The strategy the pool names, else the setting's default. */
export function preferredStrategy(entry: PoolEntry | undefined, defaultStrategy: StrategyName): StrategyName {
  return entry?.pool?.strategy ?? defaultStrategy;
}

/** Every strategy, the preferred one first; `hashOnly` for the ring. */
export function strategyChoices(preferred: StrategyName, hashOnly = false): Choice<StrategyName>[] {
  const list = strategies.filter((s) => !hashOnly || (HASH_STRATEGY_NAMES as readonly string[]).includes(s.name));
  const first = list.find((s) => s.name === preferred) ?? list[0];
  return [first, ...list.filter((s) => s !== first)].map((s) => ({
    label: s.name,
    description: s === first ? 'default' : undefined,
    detail: s.summary,
    value: s.name,
  }));
}

export function modelChoices(preferred: 'closed' | 'open', concurrency: number, rate: number): Choice<'closed' | 'open'>[] {
  const closed: Choice<'closed' | 'open'> = { label: 'closed', detail: `${concurrency} callers, each sending its next request when the last one answers`, value: 'closed' };
  const open: Choice<'closed' | 'open'> = { label: 'open', detail: `${rate} requests per second whatever the answers (latency from the intended send time)`, value: 'open' };
  const list = preferred === 'closed' ? [closed, open] : [open, closed];
  list[0].description = 'default';
  return list;
}

/** Sample keys for the ring view: the pool's own key template would need a run; these spread evenly enough to show ownership. */
export function ringSampleKeys(count = 1000): string[] {
  return Array.from({ length: count }, (_, i) => `key-${i + 1}`);
}
