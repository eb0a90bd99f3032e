/**
 * The flags that set a run config's fields, so a problem the run plan finds is shown with the flag
 * the user typed: `--rate (load.rate): must be at most 1000000, got 1000000000`.
 */
/** Config paths and the flags that set them. */
export const FLAG_OF: Readonly<Record<string, string>> = Object.freeze({
  'load.rate': '--rate',
  'load.concurrency': '--concurrency',
  'load.maxInFlight': '--max-in-flight',
  'load.stages': '--stage / --caller-stage',
  durationMs: '--duration',
  requests: '--requests',
  warmupMs: '--warmup',
  timeoutMs: '--timeout',
  workers: '--workers',
  key: '--key',
  'key.space': '--keys',
  'key.skew.zipf': '--zipf',
  seed: '--seed',
  intervalMs: '--interval',
  strategy: '--strategy',
  strategyOptions: '--strategy-option',
  shard: '--shard',
  'shard.index': '--shard',
  'shard.count': '--shard',
  startAt: '--start-at',
  overprovisioningFactor: '--overprovisioning',
  localityWeights: '--locality-weights',
  panicThreshold: '--panic-threshold',
  slowStart: '--slow-start',
});

/** Flags whose value holds several fields: a problem with one (`slowStart.window`, `localityWeights.eu-1`) is the flag's. */
const WHOLE_VALUE = ['localityWeights', 'slowStart'];

/** `path: problem`, with the flag first when a flag sets that path. */
export function withFlag(path: string, problem: string): string {
  // `load.stages[2].target` is set by the third --stage.
  const flag =
    FLAG_OF[path] ??
    FLAG_OF[path.replace(/\[\d+\].*$/, '')] ??
    FLAG_OF[WHOLE_VALUE.find((f) => path.startsWith(`${f}.`) || path.startsWith(`${f}[`)) ?? ''];
  return flag ? `${flag} (${path}): ${problem}` : path ? `${path}: ${problem}` : problem;
}
