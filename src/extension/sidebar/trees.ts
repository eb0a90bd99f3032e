/**
 * The two tree providers, made once when their view first asks (extension.ts hands them out
 * through LazyTree), and reachable from the commands that change what they show.
 */
import type { Session } from '../session';
import { PoolsTree } from './pools-tree';
import { RunsTree } from './runs-tree';

let pools: PoolsTree | undefined;
let runs: RunsTree | undefined;

export function makePoolsTree(session: Session): PoolsTree {
  pools ??= new PoolsTree(session);
  session.context.subscriptions.push(pools);
  return pools;
}

export function makeRunsTree(session: Session): RunsTree {
  runs ??= new RunsTree(session);
  session.context.subscriptions.push(runs);
  return runs;
}

export function poolsTree(): PoolsTree | undefined {
  return pools;
}

export function runsTree(): RunsTree | undefined {
  return runs;
}
