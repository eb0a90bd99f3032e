/** Strategy and variant comparison: run each on the same pool and faults, rank by p99 among those that do not fail more. */
export { compareStrategies, COMPARE_DEFAULTS } from './compare';
export { formatComparison, rowLabel } from './format';
export { reactionMs, firstFault } from './reaction';
export { rowOf, rank, BEST_RULE, BEST_ERROR_MARGIN } from './rank';
export type { CompareConfig, CompareMode, CompareProgress, VariantInput } from './types';
