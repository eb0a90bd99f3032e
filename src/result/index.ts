/** The result model in one import (Node side; the webview imports histogram.ts and types.ts directly). */
export * from './types';
export * as histogram from './histogram';
export { LatencyHistogram, type PercentilePoint } from './histogram';
export { Recorder, type RecorderEndpoint, type RecorderOptions, type RecorderProgress } from './recorder';
export { mergeResults, MergeError } from './merge';
export { redactPool, redactResult, redactText, redactValue, redactUrl, isSecretName, isSecretField, REDACTED } from './redact';
export { runResultSchema, comparisonSchema, EVENT_TYPES } from './schema';
export {
  validateRunResult,
  assertValidRunResult,
  validateComparison,
  assertValidComparison,
  ResultValidationError,
  jsonPath,
  type ValidationProblem,
  type Validation,
} from './validate';
export { formatMs, formatMsSpaced, formatPercent, formatCount, formatRate, formatRatio, formatSeconds, formatPercentile } from './format';
export { formatTable, endpointTable, totalsLine, type TextTable } from './summary';
