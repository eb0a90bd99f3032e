/**
 * What Compare Strategies asks for besides the pool and mode, without `vscode` (so unit tests read
 * it): the strategies pick with its "Variants from a file…" entry, the workspace's JSON files to
 * take variants from, and the file read by the one variants parser (errors name the file and the
 * JSON path).
 */
import { basename } from 'node:path';
import type { StrategyName } from '../engine/types';
import type { VariantInput } from '../pools/parse-variants';
import { PoolErrors } from '../pools/problems';
import { readVariantsFile } from '../pools/variants-file';

export const FROM_FILE = '$(file) Variants from a file…';
export const BROWSE = '$(folder-opened) Browse…';

/** Either strategies or a file of variants; `fewer`: fewer than two strategies were picked. */
export type CompareChoice = { strategies: StrategyName[] } | { fromFile: true } | { fewer: true };

/** The strategies pick read: the file entry wins over any strategies picked beside it. */
export function readStrategyPick(picked: readonly (StrategyName | typeof FROM_FILE)[]): CompareChoice {
  if (picked.includes(FROM_FILE)) return { fromFile: true };
  const strategies = picked.filter((p): p is StrategyName => p !== FROM_FILE);
  return strategies.length < 2 ? { fewer: true } : { strategies };
}

export interface FileChoice {
  label: string;
  description?: string;
  /** A file system path, or BROWSE for the open dialog. */
  value: string;
}

/** The workspace's JSON files (given relative to the workspace as `shown`), variants-looking names first, then Browse…. */
export function variantFileChoices(files: readonly { path: string; shown: string }[]): FileChoice[] {
  const score = (f: { path: string }): number => (/variant/i.test(basename(f.path)) ? 0 : 1);
  const sorted = [...files].sort((a, b) => score(a) - score(b) || a.shown.localeCompare(b.shown));
  return [
    ...sorted.map((f) => ({ label: basename(f.path), description: f.shown, value: f.path })),
    { label: BROWSE, description: 'pick a file outside the list', value: BROWSE },
  ];
}

/** The variants of `file`; throws a PoolErrors whose message names the file and each problem's JSON path. */
export function variantsFromFile(file: string): VariantInput[] {
  try {
    return readVariantsFile(file);
  } catch (e) {
    // The CLI prints a PoolErrors' source before its lines; a message box shows only the message.
    if (e instanceof PoolErrors && e.source !== undefined) e.message = `${e.source}: ${e.message}`;
    throw e;
  }
}

/** How a run of variants is logged and titled: their names. */
export function describeVariants(variants: readonly VariantInput[]): string {
  return variants.map((v) => v.name ?? v.strategy).join(', ');
}
