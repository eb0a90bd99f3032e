export { findCapacity } from './find-capacity';
export { formatCapacity } from './format';
export { rankingsAgree } from './rankings';
export { parseSlo, type SloClause } from './slo';
export { searchCapacity, type SearchOptions, type SearchOutcome, type SearchPoint } from './search';
export { CAPACITY_DEFAULTS } from './step';
export { checkVariants } from './check-config';
export type { CapacityConfig, CapacityOptions, CapacityProgress, CapacityVariant } from './types';
