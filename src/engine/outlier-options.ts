/**
 * Options of outlier detection (see outlier-detection.ts), validated with errors that name the
 * field: `outlierDetection: consecutiveErrors must be at least 1, got 0`,
 * `outlierDetection.successRate: requestVolume must be a whole number, got 2.5`.
 * Defaults are Envoy's (envoyproxy.io, cluster outlier detection), except maxEjectionPercent
 * which Envoy also defaults to 10.
 */
import { ConfigError, show } from './errors';
import { describeOptions, parseOptions, type OptionSpec } from './options';
import type { BalancerOptions, StrategyOptionInfo } from './types';

const WHERE = 'outlierDetection';
const WHERE_SR = 'outlierDetection.successRate';

export const OUTLIER_DEFAULTS = Object.freeze({
  consecutiveErrors: 5,
  baseEjectionTimeMs: 30_000,
  maxEjectionTimeMs: 300_000,
  maxEjectionPercent: 10,
  intervalMs: 10_000,
});

export const SUCCESS_RATE_DEFAULTS = Object.freeze({ minimumHosts: 5, requestVolume: 100, stdevFactor: 1900 });

const SPECS: readonly OptionSpec[] = [
  {
    name: 'consecutiveErrors',
    type: 'integer',
    default: OUTLIER_DEFAULTS.consecutiveErrors,
    min: 1,
    description: 'Failed requests in a row that eject an endpoint; any success resets the count.',
  },
  {
    name: 'baseEjectionTimeMs',
    type: 'number',
    default: OUTLIER_DEFAULTS.baseEjectionTimeMs,
    min: 0,
    exclusiveMin: true,
    description: "An ejection lasts this many ms times the endpoint's ejection count.",
  },
  {
    name: 'maxEjectionTimeMs',
    type: 'number',
    default: OUTLIER_DEFAULTS.maxEjectionTimeMs,
    min: 0,
    exclusiveMin: true,
    description: 'Longest one ejection lasts, in ms (when not given: 300000 or baseEjectionTimeMs if larger).',
  },
  {
    name: 'maxEjectionPercent',
    type: 'number',
    default: OUTLIER_DEFAULTS.maxEjectionPercent,
    min: 0,
    max: 100,
    description: 'At most this percent of the endpoints ejected at once, but always at least one.',
  },
  {
    name: 'intervalMs',
    type: 'number',
    default: OUTLIER_DEFAULTS.intervalMs,
    min: 0,
    exclusiveMin: true,
    description: 'How often success rates are judged and ejection counts relax, in ms.',
  },
];

const SUCCESS_RATE_SPECS: readonly OptionSpec[] = [
  {
    name: 'minimumHosts',
    type: 'integer',
    default: SUCCESS_RATE_DEFAULTS.minimumHosts,
    min: 1,
    description: 'Endpoints with enough requests in the interval needed before any is judged.',
  },
  {
    name: 'requestVolume',
    type: 'integer',
    default: SUCCESS_RATE_DEFAULTS.requestVolume,
    min: 1,
    description: 'Requests an endpoint needs in the interval to be judged.',
  },
  {
    name: 'stdevFactor',
    type: 'number',
    default: SUCCESS_RATE_DEFAULTS.stdevFactor,
    min: 0,
    description: 'Eject below mean - stdevFactor / 1000 x stdev of the success rates.',
  },
];

/** For `--help`, the settings schema and the webview. */
export const outlierOptionInfo: { options: readonly StrategyOptionInfo[]; successRate: readonly StrategyOptionInfo[] } =
  Object.freeze({ options: describeOptions(SPECS), successRate: describeOptions(SUCCESS_RATE_SPECS) });

export type SuccessRateConfig = { -readonly [K in keyof typeof SUCCESS_RATE_DEFAULTS]: number };
export type OutlierConfig = { -readonly [K in keyof typeof OUTLIER_DEFAULTS]: number } & {
  successRate?: SuccessRateConfig;
};

/** Validates `options.outlierDetection` (`true` or an object) and fills in the defaults. */
export function parseOutlierOptions(raw: unknown): OutlierConfig {
  const given = record(WHERE, raw === true ? {} : raw, [...SPECS.map((s) => s.name), 'successRate']);
  const { successRate, ...own } = given;
  const config = parseOptions<OutlierConfig & Record<string, number>>(WHERE, own as BalancerOptions, SPECS);
  if (own.maxEjectionTimeMs === undefined) {
    config.maxEjectionTimeMs = Math.max(OUTLIER_DEFAULTS.maxEjectionTimeMs, config.baseEjectionTimeMs);
  } else if (config.maxEjectionTimeMs < config.baseEjectionTimeMs) {
    throw new ConfigError(
      WHERE,
      `maxEjectionTimeMs must be at least baseEjectionTimeMs (${config.baseEjectionTimeMs}), got ${config.maxEjectionTimeMs}`,
    );
  }
  if (successRate === true) {
    config.successRate = { ...SUCCESS_RATE_DEFAULTS };
  } else if (successRate !== undefined && successRate !== false) {
    const sr = record(WHERE_SR, successRate, SUCCESS_RATE_SPECS.map((s) => s.name));
    config.successRate = parseOptions<SuccessRateConfig & Record<string, number>>(WHERE_SR, sr as BalancerOptions, SUCCESS_RATE_SPECS);
  }
  return config;
}

/** `raw` as a plain object with only `known` keys (parseOptions would let `now`, `random` ... pass). */
function record(where: string, raw: unknown, known: readonly string[]): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(where, `must be true or an object, got ${show(raw)}`);
  }
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined && !known.includes(key)) {
      throw new ConfigError(where, `unknown option ${show(key)} (valid: ${known.join(', ')})`);
    }
  }
  return raw as Record<string, unknown>;
}
