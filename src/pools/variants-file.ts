/**
 * A variants file for `compare` (CLI `--variants`, Compare Strategies' "Variants from a file…"): a JSON list of `{name, strategy, strategyOptions,
 * outlierDetection, policy}`, or an object holding it as `variants` (as `capacity` reads it).
 * Checked here by the one variants parser so a problem names the file and the JSON path
 * (`variants.json: [1].policy.retry.maxAttempts: must be 2..5, got 9`); the list goes on as
 * written, since the runs parse each policy's durations themselves.
 */
import { resolve } from 'node:path';
import { readJsonFile } from './json-file';
import { parseVariantList, type VariantInput } from './parse-variants';
import { Problems } from './problems';

export function readVariantsFile(file: string): VariantInput[] {
  const raw = readJsonFile(resolve(file));
  const list = Array.isArray(raw) ? raw : (raw as { variants?: unknown } | null)?.variants;
  const p = new Problems();
  parseVariantList(p, list, Array.isArray(raw) ? '' : 'variants');
  p.throwIfAny(file);
  return list as VariantInput[];
}
