/**
 * What every command shares: reading the pool and scenario files (errors name the file and the
 * JSON path, exit 2), parsing flag values, writing outputs atomically, and the exit policy.
 */
import { resolve } from 'node:path';
import { ConfigError } from '../engine/errors';
import { loadPoolFile } from '../pools/parse';
import { PoolErrors } from '../pools/problems';
import { loadScenarioFile } from '../pools/scenario';
import { formatDuration, parseDuration } from '../pools/duration';
import type { PoolConfig, ScenarioStep } from '../pools/types';
import { writeFileAtomically, writeReportFile } from '../report';
import { redactResult } from '../result/redact';
import type { ReportPayload } from '../report';
import { EXIT, UsageError } from './exit-codes';
import { withFlag } from './flag-names';
import { sayError } from './terminal';

export function readPool(file: string): PoolConfig {
  return loadPoolFile(resolve(file));
}

export function readScenario(file: string | undefined, pool: PoolConfig): ScenarioStep[] | undefined {
  if (!file) return undefined;
  return loadScenarioFile(resolve(file), pool.endpoints.map((e) => e.id));
}

/** A flag's duration (`10s`, `500ms`, `1m`, or seconds), within `[min, max]` ms when given. */
export function durationFlag(value: string | undefined, flag: string, bounds: { min?: number; max?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const asNumber = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : value;
  const ms = parseDuration(asNumber, flag);
  const { min = 0, max = Infinity } = bounds;
  if (ms < min || ms > max) {
    const range = max === Infinity ? `at least ${formatDuration(min)}` : `between ${formatDuration(min)} and ${formatDuration(max)}`;
    throw new ConfigError(flag, `expected a duration ${range}, got ${JSON.stringify(value)}`);
  }
  return ms;
}

/** A flag's number in `[min, max]` (min default 0); `integer` rejects fractions. */
export function numberFlag(value: string | undefined, flag: string, opts: { integer?: boolean; min?: number; max?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const { min = 0, max = Infinity } = opts;
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (opts.integer && !Number.isInteger(n))) {
    const what = opts.integer ? 'a whole number' : 'a number';
    const range = max === Infinity ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new ConfigError(flag, `expected ${what} ${range}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** A TCP port: 1..65535, or 0 for any free one. */
export function portFlag(value: string | undefined, flag: string): number | undefined {
  return numberFlag(value, flag, { integer: true, min: 0, max: 65535 });
}

/** Seeds of the demo servers' generators are 32-bit. */
export const MAX_SEED = 2 ** 32 - 1;

/** `--strategy-option tableSize=65537 --strategy-option c=1.5`: values read as JSON when they parse. */
export function strategyOptionsFlag(values: string[] | undefined): Record<string, unknown> | undefined {
  if (!values || values.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new ConfigError('--strategy-option', `expected NAME=VALUE, got ${JSON.stringify(v)}`);
    const raw = v.slice(eq + 1);
    let parsed: unknown = raw;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = raw;
    }
    out[v.slice(0, eq)] = parsed;
  }
  return out;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Results leave the process redacted, whoever built them (a file given to `report` may not have been). */
export async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFileAtomically(resolve(file), jsonChunks(redactResult(value)));
}

/**
 * Pretty JSON in pieces: a comparison's results one at a time, so a comparison of many large runs
 * (12 strategies at 5,000 endpoints) is written without ever being one string.
 */
function* jsonChunks(value: unknown): Generator<string> {
  const results = (value as { results?: unknown })?.results;
  if (!Array.isArray(results) || results.length === 0) {
    yield JSON.stringify(value, null, 2) + '\n';
    return;
  }
  // A placeholder no result can contain (JSON escapes control characters), replaced by the stream.
  const mark = '\u0000results\u0000';
  const [head, tail] = JSON.stringify({ ...(value as object), results: mark }, null, 2).split(JSON.stringify(mark));
  yield head + '[\n';
  for (let i = 0; i < results.length; i++) {
    yield '    ' + JSON.stringify(results[i], null, 2).replace(/\n/g, '\n    ') + (i < results.length - 1 ? ',\n' : '\n');
  }
  yield '  ]' + tail + '\n';
}

export async function writeHtml(file: string, payload: ReportPayload): Promise<void> {
  await writeReportFile(resolve(file), redactResult(payload));
}

/** Prints an error the way users should see it and returns the exit code it means. */
export function reportError(e: unknown): number {
  if (e instanceof PoolErrors) {
    const where = e.source ? `${e.source}: ` : '';
    sayError(`rpc-balancer: ${where}${e.errors.length} problem${e.errors.length === 1 ? '' : 's'}:`);
    // A pool file's paths are the file's; a run config's (no source) come from flags.
    for (const err of e.errors) sayError(`  ${e.source ? err.message : withFlag(err.path, err.problem)}`);
    return EXIT.badInput;
  }
  if (e instanceof ConfigError || e instanceof UsageError) {
    sayError(`rpc-balancer: ${e.message}`);
    return EXIT.badInput;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && err.code === 'ENOENT' && err.path) {
    sayError(`rpc-balancer: no such file: ${err.path}`);
    return EXIT.badInput;
  }
  // A run that could not start or finish (a discovery source down, a server gone) is not a bug
  // to show a stack for; RPC_BALANCER_DEBUG=1 shows it anyway.
  sayError(`rpc-balancer: ${process.env.RPC_BALANCER_DEBUG ? err?.stack : err?.message ?? String(e)}`);
  return EXIT.thresholdFailed;
}

/** Wraps a command action: errors become messages and exit codes, never stack traces for bad input. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? EXIT.ok;
    } catch (e) {
      process.exitCode = reportError(e);
    }
  };
}

/**
 * Ctrl-C aborts the run (which then resolves with what it gathered, so outputs are still
 * written); a second Ctrl-C exits at once.
 */
export function abortOnSigint(started?: string): { signal: AbortSignal; interrupted: () => boolean; dispose: () => void } {
  const controller = new AbortController();
  let count = 0;
  const onSignal = () => {
    count++;
    if (count > 1) process.exit(EXIT.interrupted);
    process.stderr.write('\ninterrupted: finishing in-flight requests and writing the partial result (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Said once the handlers are in place, so whoever watches stderr knows a Ctrl-C is safe from here.
  if (started) sayError(`${started} (Ctrl-C stops it and writes what it gathered)`);
  return {
    signal: controller.signal,
    interrupted: () => count > 0,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
