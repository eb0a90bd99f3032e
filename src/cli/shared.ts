/**
 * What every command shares: reading the pool and scenario files (errors name the file and the
 * JSON path, exit 2), parsing flag values, writing outputs atomically, and the exit policy.
 */
import { resolve } from 'node:path';
import { ConfigError } from '../engine/errors';
import { loadPoolFile } from '../pools/parse';
import { PoolErrors } from '../pools/problems';
import { loadScenarioFile } from '../pools/scenario';
import { parseDuration } from '../pools/duration';
import type { PoolConfig, ScenarioStep } from '../pools/types';
import { writeFileAtomically, writeReportFile } from '../report';
import type { ReportPayload } from '../report';
import { EXIT, UsageError } from './exit-codes';
import { withFlag } from './flag-names';

export function readPool(file: string): PoolConfig {
  return loadPoolFile(resolve(file));
}

export function readScenario(file: string | undefined, pool: PoolConfig): ScenarioStep[] | undefined {
  if (!file) return undefined;
  return loadScenarioFile(resolve(file), pool.endpoints.map((e) => e.id));
}

/** A flag's duration (`10s`, `500ms`, `1m`, or milliseconds). */
export function durationFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const asNumber = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : value;
  return parseDuration(asNumber, flag);
}

/** A flag's positive number; `integer` rejects fractions. */
export function numberFlag(value: string | undefined, flag: string, opts: { integer?: boolean; min?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const min = opts.min ?? 0;
  if (value.trim() === '' || !Number.isFinite(n) || n < min || (opts.integer && !Number.isInteger(n))) {
    throw new ConfigError(flag, `expected ${opts.integer ? 'a whole number' : 'a number'} of at least ${min}, got ${JSON.stringify(value)}`);
  }
  return n;
}

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

export async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFileAtomically(resolve(file), JSON.stringify(value, null, 2) + '\n');
}

export async function writeHtml(file: string, payload: ReportPayload): Promise<void> {
  await writeReportFile(resolve(file), payload);
}

/** Prints an error the way users should see it and returns the exit code it means. */
export function reportError(e: unknown): number {
  if (e instanceof PoolErrors) {
    const where = e.source ? `${e.source}: ` : '';
    console.error(`rpc-balancer: ${where}${e.errors.length} problem${e.errors.length === 1 ? '' : 's'}:`);
    // A pool file's paths are the file's; a run config's (no source) come from flags.
    for (const err of e.errors) console.error(`  ${e.source ? err.message : withFlag(err.path, err.problem)}`);
    return EXIT.badInput;
  }
  if (e instanceof ConfigError || e instanceof UsageError) {
    console.error(`rpc-balancer: ${e.message}`);
    return EXIT.badInput;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && err.code === 'ENOENT' && err.path) {
    console.error(`rpc-balancer: no such file: ${err.path}`);
    return EXIT.badInput;
  }
  // A run that could not start or finish (a discovery source down, a server gone) is not a bug
  // to show a stack for; RPC_BALANCER_DEBUG=1 shows it anyway.
  console.error(`rpc-balancer: ${process.env.RPC_BALANCER_DEBUG ? err?.stack : err?.message ?? String(e)}`);
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
export function abortOnSigint(): { signal: AbortSignal; interrupted: () => boolean; dispose: () => void } {
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
  return {
    signal: controller.signal,
    interrupted: () => count > 0,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
