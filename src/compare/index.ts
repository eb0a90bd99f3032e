/** Strategy comparison: run each strategy on the same pool and faults, rank by p99. */
export { compareStrategies, COMPARE_DEFAULTS } from './compare';
export { formatComparison } from './format';
export { reactionMs, firstFault } from './reaction';
export { rowOf, rank } from './rank';
export type { CompareConfig, CompareMode, CompareProgress } from './types';
