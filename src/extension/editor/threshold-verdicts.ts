/**
 * A run's result judged against a pool's `thresholds`, as the Test Explorer shows them (no `vscode`
 * here, so it is unit-tested). A pool threshold passes when its clause holds (`p99<200ms`: p99 under
 * 200 ms), as k6's thresholds do; the same clause given to `--fail-on` fails the run when it holds.
 */
import { readClause, type Threshold } from '../../pools/threshold-clause';
import { formatCount, formatMsSpaced, formatPercent, formatRate } from '../../result/format';
import type { RunResult } from '../../result/types';
import { actualOf, checkThresholds } from '../../run/thresholds';

export type VerdictState = 'passed' | 'failed' | 'errored';

export interface ThresholdVerdict {
  /** The clause as the pool file writes it: the test's label and id within the pool. */
  text: string;
  state: VerdictState;
  /** `p99 was 12.3 ms (needs p99<200ms)`: the measured value in the clause's unit. */
  message: string;
  actual?: number;
}

/** The measured value as the views write it: `12.3 ms`, `0.5%`, `12 errors`, `950/s`. */
export function formatMeasured(t: Threshold, actual: number): string {
  if (t.metric === 'errors') return t.percent ? formatPercent(actual, 2) : `${formatCount(actual)} errors`;
  if (t.metric === 'throughput') return formatRate(actual);
  return formatMsSpaced(actual);
}

function parsed(text: string): Threshold {
  const t = readClause(text);
  // parsePool checked every clause; one that fails here was not from a parsed pool.
  if ('problem' in t) throw new Error(`threshold ${t.problem}`);
  return t;
}

/**
 * One verdict per threshold. A run that did not complete judges nothing: each threshold errors
 * with the run's status, so a cancelled run never reads as a pass (the JUnit output does the same).
 */
export function thresholdVerdicts(result: RunResult, thresholds: readonly string[]): ThresholdVerdict[] {
  return thresholds.map((text) => {
    const t = parsed(text);
    const actual = actualOf(result, t);
    const measured = `${t.metric} was ${formatMeasured(t, actual)} over ${formatCount(result.totals.requests)} requests`;
    if (result.status !== 'completed') {
      const why = result.status === 'failed' ? `the run failed${result.error ? `: ${result.error}` : ''}` : 'the run was cancelled';
      return { text, state: 'errored', message: `${why}, so ${t.text} was not judged (${measured} so far)`, actual };
    }
    const holds = checkThresholds(result, [t]).length > 0;
    return holds
      ? { text, state: 'passed', message: `${measured} (needs ${t.text})`, actual }
      : { text, state: 'failed', message: `${measured}, so ${t.text} does not hold`, actual };
  });
}
