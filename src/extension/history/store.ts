/**
 * Run history (no `vscode` here): every run the extension shows is written as its exported JSON
 * (secrets redacted, schema-checked) into one folder, named by when it was recorded so that the
 * names sort newest last, and the folder is kept to `maxRuns` files by deleting the oldest. A file
 * that is not a valid result (hand-edited, half-copied) is skipped with what is wrong with it,
 * never fatal to the rest of the list.
 */
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, show } from '../../engine/errors';
import { writeFileAtomically } from '../../report/write';
import { exportJson, stateOfResultFile } from '../export-content';
import { SECTION } from '../settings';
import { summaryOf, type RecordedState, type RunSummary } from './summary';

export const MAX_RUNS_SETTING = `${SECTION}.history.maxRuns`;

export const HISTORY_DEFAULTS = Object.freeze({
  maxRuns: 50,
  /** Bound of the setting: more would make the tree read thousands of files on every refresh. */
  maxRunsLimit: 1000,
  /** Under the first workspace folder. */
  folder: '.rpc-balancer/runs',
  /** Runs recorded within one millisecond get a sequence number, up to this many. */
  perMillisecond: 100,
});

export interface HistoryEntry {
  file: string;
  /** The file name, what the tree's id and sort order rest on. */
  name: string;
  state: RecordedState;
  summary: RunSummary;
}

export interface SkippedFile {
  file: string;
  problem: string;
}

export interface HistoryListing {
  /** Newest first. */
  entries: HistoryEntry[];
  skipped: SkippedFile[];
}

/** `rpcBalancer.history.maxRuns`, checked; throws a ConfigError naming the setting. */
export function readMaxRuns(value: unknown): number {
  if (value === undefined || value === null) return HISTORY_DEFAULTS.maxRuns;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > HISTORY_DEFAULTS.maxRunsLimit) {
    throw new ConfigError(MAX_RUNS_SETTING, `expected a whole number from 1 to ${HISTORY_DEFAULTS.maxRunsLimit}, got ${show(value)}`);
  }
  return value;
}

const STAMPED = /^(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-(\d{2})-/;

function stampOf(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'run';
}

/** Sort key: the recorded time in the name, else (a file someone put there) its modification time. */
async function orderKey(dir: string, name: string): Promise<string> {
  const m = STAMPED.exec(name);
  if (m) return `${m[1]}-${m[2]}`;
  const { mtime } = await stat(join(dir, name));
  return `${stampOf(mtime)}-00`;
}

async function namesNewestFirst(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const keyed = await Promise.all(names.map(async (name) => ({ name, key: await orderKey(dir, name).catch(() => '') })));
  return keyed.sort((a, b) => (a.key === b.key ? b.name.localeCompare(a.name) : b.key.localeCompare(a.key))).map((k) => k.name);
}

/** Writes the run and deletes the oldest beyond `maxRuns`; returns the new file and those deleted. */
export async function recordRun(dir: string, state: RecordedState, maxRuns: number, now: Date = new Date()): Promise<{ file: string; deleted: string[] }> {
  const json = exportJson(state);
  const s = summaryOf(state);
  await mkdir(dir, { recursive: true });
  const existing = new Set(await readdir(dir));
  const stamp = stampOf(now);
  const tail = `-${slug(s.kind)}-${slug(s.strategy)}.json`;
  let seq = 0;
  const nameAt = (n: number) => `${stamp}-${String(n).padStart(2, '0')}${tail}`;
  while (seq < HISTORY_DEFAULTS.perMillisecond - 1 && [...existing].some((n) => n.startsWith(`${stamp}-${String(seq).padStart(2, '0')}-`))) seq++;
  const file = join(dir, nameAt(seq));
  await writeFileAtomically(file, json);
  const deleted: string[] = [];
  for (const name of (await namesNewestFirst(dir)).slice(maxRuns)) {
    await unlink(join(dir, name)).catch(() => undefined);
    deleted.push(join(dir, name));
  }
  return { file, deleted };
}

/** Reads one history file; throws an Error saying what is wrong with it. */
export async function readRun(file: string): Promise<RecordedState> {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON: ${(e as Error).message}`);
  }
  const state = stateOfResultFile(json);
  return state as RecordedState;
}

/** Every valid run in `dir`, newest first; the rest skipped, each with its problem. */
export async function listRuns(dir: string): Promise<HistoryListing> {
  const entries: HistoryEntry[] = [];
  const skipped: SkippedFile[] = [];
  for (const name of await namesNewestFirst(dir)) {
    const file = join(dir, name);
    try {
      const state = await readRun(file);
      entries.push({ file, name, state, summary: summaryOf(state) });
    } catch (e) {
      skipped.push({ file, problem: (e as Error).message.split('\n').slice(0, 3).join(' ') });
    }
  }
  return { entries, skipped };
}

export async function deleteRun(file: string): Promise<void> {
  await unlink(file);
}
