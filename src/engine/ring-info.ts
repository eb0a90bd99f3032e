/**
 * What a run records about a hash balancer so the ring can be redrawn later by the same engine:
 * the strategy, its options with defaults filled in, and the number of ring points or table cells.
 * Shared by the load-test runner and the simulator (the RunResult's `ring`, minus its sample keys).
 */
import { strategies } from './registry';
import { isHashBalancer, type Balancer } from './types';

export interface HashBalancerInfo {
  strategy: string;
  options: Record<string, unknown>;
  /** Ring points (consistent-hash, bounded-load-hash) or table cells (maglev); 0 for rendezvous. */
  points: number;
}

export function describeHashBalancer(strategy: string, strategyOptions: Record<string, unknown> | undefined, balancer: Balancer): HashBalancerInfo | undefined {
  if (!isHashBalancer(balancer)) return undefined;
  const options: Record<string, unknown> = {};
  for (const o of strategies.find((s) => s.name === strategy)?.options ?? []) options[o.name] = o.default;
  Object.assign(options, strategyOptions);
  const layout = balancer.layout();
  const points = layout.kind === 'ring' ? layout.positions.length : layout.kind === 'table' ? layout.owners.length : 0;
  return { strategy, options, points };
}
