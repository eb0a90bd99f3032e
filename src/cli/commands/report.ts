/** `rpc-balancer report result.json -o report.html`: a RunResult or comparison as one self-contained HTML file. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { readJsonFile } from '../../pools/json-file';
import { validateComparison, validateRunResult } from '../../result/validate';
import type { Comparison, RunResult } from '../../result/types';
import { UsageError } from '../exit-codes';
import { action, writeHtml } from '../shared';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('turn a RunResult or comparison JSON (from --json) into a self-contained HTML report')
    .argument('<result.json>', 'a RunResult or comparison written by run, simulate, compare or the VS Code export')
    .requiredOption('-o, --output <file>', 'the HTML file to write')
    .action(action(async (file: string, flags: { output: string }) => {
      const json = readJsonFile(resolve(file));
      const kind = (json as { kind?: unknown })?.kind;
      const check = kind === 'comparison' ? validateComparison(json) : validateRunResult(json);
      if (!check.ok) {
        const first = check.problems.slice(0, 5).map((p) => `  ${p.path}: ${p.message}`).join('\n');
        throw new UsageError(`${file} is not a valid ${kind === 'comparison' ? 'comparison' : 'RunResult'}:\n${first}`);
      }
      await writeHtml(flags.output, json as RunResult | Comparison);
      console.log(`wrote ${flags.output}`);
    }));
}
