/**
 * `--json`, `--html` and `--junit`: checked before the run, so a typo costs nothing, and written after it so
 * that nothing is lost. Before: every output's folder must take a new file (the writes are atomic:
 * a temp file beside the target, then a rename), no output may be a folder, name another output,
 * or overwrite an input (the pool or scenario file). After: each output is written on its own; if
 * one fails, the others are still written and the result is kept at a fallback path that is printed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './exit-codes';
import { writeHtml, writeJson } from './shared';
import type { ReportPayload } from '../report';
import { writeFileAtomically } from '../report/write';
import { junitSuitesOf, junitXml } from '../run/junit';
import type { Threshold } from '../run/thresholds';

export interface OutputFlags {
  json?: string;
  html?: string;
  junit?: string;
}

/** The output flags, in the order they are written. */
const OUTPUTS = ['json', 'html', 'junit'] as const;

/** Where a path really points (symlinks resolved where the file exists). */
function canonical(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return join(realpathSync(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? err.message;
}

/** Throws a UsageError (exit 2) naming the flag when an output cannot be written. */
export function checkOutputs(outputs: OutputFlags, inputs: readonly (string | undefined)[]): void {
  const seen = new Map<string, string>();
  const inputPaths = new Set(inputs.filter((f): f is string => f !== undefined).map(canonical));
  for (const name of OUTPUTS) {
    const path = outputs[name];
    if (path === undefined) continue;
    const flag = `--${name}`;
    const target = canonical(path);
    if (inputPaths.has(target)) throw new UsageError(`${flag} ${path}: is an input of this run; choose another file`);
    const other = seen.get(target);
    if (other) throw new UsageError(`${flag} ${path}: is also ${other}'s file; give each output its own`);
    seen.set(target, flag);
    try {
      if (statSync(target).isDirectory()) throw new UsageError(`${flag} ${path}: is a folder; give a file name`);
    } catch (e) {
      if (e instanceof UsageError) throw e;
    }
    const probe = join(dirname(target), `.rpc-balancer-check.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      closeSync(openSync(probe, 'wx'));
      unlinkSync(probe);
    } catch (e) {
      throw new UsageError(`${flag} ${path}: cannot write in ${dirname(target)} (${reason(e)})`);
    }
  }
}

/**
 * Writes every output; returns the lines to print. A failed write leaves the others written and
 * the payload as JSON at a fallback path in the system's temp folder.
 */
export async function writeOutputs(outputs: OutputFlags, payload: ReportPayload, thresholds: readonly Threshold[] = []): Promise<{ lines: string[]; failed: boolean }> {
  const written: string[] = [];
  const lines: string[] = [];
  let failed = false;
  const attempt = async (flag: string, path: string | undefined, write: (p: string) => Promise<void>): Promise<void> => {
    if (path === undefined) return;
    try {
      await write(path);
      written.push(path);
    } catch (e) {
      failed = true;
      lines.push(`could not write ${flag} ${path}: ${reason(e)}`);
    }
  };
  await attempt('--json', outputs.json, (p) => writeJson(p, payload));
  await attempt('--html', outputs.html, (p) => writeHtml(p, payload));
  await attempt('--junit', outputs.junit, (p) => writeFileAtomically(p, junitXml(junitSuitesOf(runsOf(payload)), thresholds)));
  if (written.length > 0) lines.unshift(`\nwrote ${written.join(' and ')}`);
  if (failed) {
    const fallback = join(tmpdir(), `rpc-balancer-result-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.json`);
    try {
      await writeJson(fallback, payload);
      lines.push(`the result is kept at ${fallback}`);
    } catch (e) {
      lines.push(`and could not keep it at ${fallback} either: ${reason(e)}`);
    }
  }
  return { lines, failed };
}

/** What `--junit` reports on: a run, or the runs of a comparison (other payloads have no thresholds). */
function runsOf(payload: ReportPayload): Parameters<typeof junitSuitesOf>[0] {
  if ('kind' in payload && (payload.kind === 'comparison' || payload.kind === 'loadtest' || payload.kind === 'simulation')) return payload;
  return { kind: 'comparison', results: [] };
}
