/** Strategy and variant comparison: run each on the same pool and faults, rank by p99 among those that do not fail more. */
export { compareStrategies, COMPARE_DEFAULTS } from './compare';
export { formatComparison } from './format';
export { reactionMs, firstFault } from './reaction';
export { rowOf, rank } from './rank';
export { BEST_ERROR_MARGIN, BEST_RULE, rowLabel } from '../result/comparison';
export type { CompareConfig, CompareMode, CompareProgress, VariantInput } from './types';
