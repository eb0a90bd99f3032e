/** `rpc-balancer report result.json -o report.html`: a RunResult, comparison or capacity result as one self-contained HTML file. */
import type { Command } from 'commander';
import { basename, resolve } from 'node:path';
import { readJsonFile } from '../../pools/json-file';
import { validateComparison, validateRunResult, type Validation } from '../../result/validate';
import { validateCapacityResult } from '../../result/capacity-validate';
import type { CapacityResult } from '../../result/capacity';
import type { Comparison, RunResult } from '../../result/types';
import { UsageError } from '../exit-codes';
import { action, writeHtml } from '../shared';
import { redactResult } from '../../result/redact';

/** A file that must hold a RunResult (each side of `--baseline`); the flag or argument it came from names it. */
function runResultOf(file: string, flag: string): RunResult {
  const json = readJsonFile(resolve(file));
  const check = validateRunResult(json);
  if (!check.ok) {
    const first = check.problems.slice(0, 5).map((p) => `  ${p.path || '(root)'}: ${p.message}`).join('\n');
    throw new UsageError(`${flag}: ${file} is not a RunResult (a load test or a simulation), so it cannot be compared run to run:\n${first}`);
  }
  return json as RunResult;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('turn a RunResult, comparison or capacity JSON (from --json) into a self-contained HTML report')
    .argument('<result.json>', 'a RunResult, comparison or capacity result written by run, simulate, compare, capacity or the VS Code export')
    .requiredOption('-o, --output <file>', 'the HTML file to write')
    .option('--baseline <run.json>', 'a RunResult to compare <result.json> (also a RunResult) against: both side by side with the change and the better marked')
    .action(action(async (file: string, flags: { output: string; baseline?: string }) => {
      if (flags.baseline !== undefined) {
        const [a, b] = [runResultOf(flags.baseline, '--baseline'), runResultOf(file, '<result.json>')];
        const labels = { a: `A: ${a.config.strategy} (${basename(flags.baseline)})`, b: `B: ${b.config.strategy} (${basename(file)})` };
        await writeHtml(flags.output, { kind: 'runDiff', a: redactResult(a), b: redactResult(b), labels });
        console.log(`wrote ${flags.output}`);
        return;
      }
      const json = readJsonFile(resolve(file));
      const kind = (json as { kind?: unknown })?.kind;
      const [what, check]: [string, Validation<unknown>] =
        kind === 'comparison' ? ['comparison', validateComparison(json)] : kind === 'capacity' ? ['capacity result', validateCapacityResult(json)] : ['RunResult', validateRunResult(json)];
      if (!check.ok) {
        const first = check.problems.slice(0, 5).map((p) => `  ${p.path || '(root)'}: ${p.message}`).join('\n');
        throw new UsageError(`${file} is not a valid ${what}:\n${first}`);
      }
      await writeHtml(flags.output, json as RunResult | Comparison | CapacityResult);
      console.log(`wrote ${flags.output}`);
    }));
}
