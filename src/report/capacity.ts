/**
 * The capacity report: what `rpc-balancer report capacity.json` and `capacity --html FILE` write.
 * The result is validated first, so a hand-edited or truncated file is named with its JSON path
 * instead of drawing a wrong chart; a failed variant's message is redacted like a run's error.
 */
import type { CapacityResult } from '../result/capacity';
import { validateCapacityResult } from '../result/capacity-validate';
import { redactResult } from '../result/redact';
import { ResultValidationError } from '../result/validate';
import { renderReportHtml, type ReportOptions } from './page';
import { writeFileAtomically } from './write';

/** One self-contained HTML page of a capacity result; throws ResultValidationError when it is not one. */
export function renderCapacityReport(result: CapacityResult, opts?: ReportOptions): string {
  const v = validateCapacityResult(result);
  if (!v.ok) throw new ResultValidationError('capacity result', v.problems);
  return renderReportHtml(redactResult(result), opts);
}

export async function writeCapacityReport(path: string, result: CapacityResult, opts?: ReportOptions): Promise<void> {
  await writeFileAtomically(path, renderCapacityReport(result, opts));
}
