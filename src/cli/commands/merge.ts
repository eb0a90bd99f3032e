/**
 * `rpc-balancer merge a.json b.json ... -o all.json [--html F]`: the RunResults of parts that ran
 * side by side (the shards of `run --shard i/N`, or any parts of one run) merged exactly with
 * `mergeResults`: histograms added, counts summed, timelines aligned on each part's start.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { readJsonFile } from '../../pools/json-file';
import { MergeError, mergeNamed } from '../../result/merge';
import type { RunResult } from '../../result/types';
import { validateRunResult } from '../../result/validate';
import { EXIT, UsageError } from '../exit-codes';
import { checkOutputs, writeOutputs } from '../outputs';
import { printResult } from '../print';
import { action } from '../shared';
import { say, sayError } from '../terminal';

interface MergeFlags {
  output: string;
  html?: string;
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('merge the RunResults of shards (run --shard i/N) or other parts of one run into one, exactly')
    .argument('<results...>', 'RunResult JSON files (from run --json), e.g. shard-*.json')
    .requiredOption('-o, --output <file>', 'the merged RunResult JSON to write')
    .option('--html <file>', 'also write a self-contained HTML report of the merge')
    .addHelpText('after', '\nShards must be 0..N-1 of one run, each once (same pool, strategy and N); the merged config is the whole run\'s.')
    .action(action(async (files: string[], flags: MergeFlags) => mergeCommand(files, flags)));
}

function readResult(file: string): RunResult {
  const json = readJsonFile(resolve(file));
  const check = validateRunResult(json);
  if (!check.ok) {
    const first = check.problems.slice(0, 5).map((p) => `  ${p.path}: ${p.message}`).join('\n');
    throw new UsageError(`${file} is not a valid RunResult:\n${first}`);
  }
  return json as RunResult;
}

async function mergeCommand(files: string[], flags: MergeFlags): Promise<number> {
  checkOutputs({ json: flags.output, html: flags.html }, files);
  const results = files.map(readResult);
  let merged: RunResult;
  try {
    merged = mergeNamed(results, files);
  } catch (e) {
    if (e instanceof MergeError) throw new UsageError(e.message.replace(/^mergeResults: /, 'merge: '));
    throw e;
  }
  printResult(merged);
  const written = await writeOutputs({ json: flags.output, html: flags.html }, merged);
  for (const line of written.lines) (written.failed ? sayError : say)(line);
  return written.failed ? EXIT.thresholdFailed : EXIT.ok;
}
