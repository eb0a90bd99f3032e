/**
 * `--junit FILE`: the `--fail-on` thresholds as JUnit XML, the format CI systems (GitHub Actions
 * reporters, GitLab, Jenkins) read as test results. One <testsuite> per run (per variant in a
 * comparison), one <testcase> per threshold named by its text, the measured value in
 * <system-out>, a <failure> when the threshold held. A run that did not complete adds a testcase
 * with an <error>, so a cancelled or failed run never reads as a clean pass.
 */
import { rowLabel } from '../result/comparison';
import type { ComparisonRow, RunResult } from '../result/types';
import { actualOf, checkThresholds, describeBreach, type Threshold } from './thresholds';

export interface JunitSuite {
  /** `simulation round-robin on demo`: what ran. */
  name: string;
  result: RunResult;
}

/** The suites of one run, or of each run of a comparison (named by its variant, whose row is at the same index). */
export function junitSuitesOf(payload: RunResult | { kind: 'comparison'; results: RunResult[]; rows?: ComparisonRow[] }): JunitSuite[] {
  const runs = payload.kind === 'comparison' ? payload.results : [payload];
  const rows = payload.kind === 'comparison' ? payload.rows : undefined;
  return runs.map((r, i) => {
    const row = rows?.length === runs.length ? rows[i] : undefined;
    return { name: `${r.kind} ${row ? rowLabel(row) : r.config.strategy} on ${String(r.config.pool.name ?? 'a pool')}`, result: r };
  });
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text safe in XML content and in quoted attributes. Characters XML 1.0 forbids (most C0
 * controls, lone surrogates, U+FFFE/U+FFFF) cannot be escaped at all, so they become U+FFFD:
 * a server's error text must not make the file unreadable.
 */
export function xmlText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** One testcase: its XML and whether it failed (threshold held) or errored (run incomplete). */
interface Case {
  xml: string;
  failed: boolean;
  errored: boolean;
}

function thresholdCase(suite: JunitSuite, t: Threshold): Case {
  const actual = actualOf(suite.result, t);
  const breached = checkThresholds(suite.result, [t]).length > 0;
  // describeBreach formats the value in the threshold's unit; "was" reads for a pass too.
  const measured = describeBreach({ threshold: t, actual });
  const open = `    <testcase name="${xmlText(t.text)}" classname="${xmlText(suite.name)}" time="0">\n`;
  const failure = breached ? `      <failure type="threshold" message="${xmlText(measured)}">${xmlText(`${measured}; the run fails when this holds`)}</failure>\n` : '';
  const out = `      <system-out>${xmlText(`${measured} (${breached ? 'breached' : 'passed'})`)}</system-out>\n`;
  return { xml: `${open}${failure}${out}    </testcase>\n`, failed: breached, errored: false };
}

function statusCase(suite: JunitSuite): Case | undefined {
  const r = suite.result;
  if (r.status === 'completed') return undefined;
  const message = r.error ? `run ${r.status}: ${r.error}` : `run ${r.status}`;
  return {
    xml: `    <testcase name="run completed" classname="${xmlText(suite.name)}" time="0">\n      <error type="${xmlText(r.status)}" message="${xmlText(message)}">${xmlText(message)}</error>\n    </testcase>\n`,
    failed: false,
    errored: true,
  };
}

/** The whole document. Thresholds are the same for every suite (one `--fail-on` per command). */
export function junitXml(suites: readonly JunitSuite[], thresholds: readonly Threshold[]): string {
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let time = 0;
  const bodies = suites.map((suite) => {
    const cases = thresholds.map((t) => thresholdCase(suite, t));
    const status = statusCase(suite);
    if (status) cases.push(status);
    const f = cases.filter((c) => c.failed).length;
    const e = cases.filter((c) => c.errored).length;
    tests += cases.length;
    failures += f;
    errors += e;
    time += suite.result.durationMs;
    const r = suite.result;
    const props =
      `    <properties>\n` +
      `      <property name="status" value="${xmlText(r.status)}"/>\n` +
      `      <property name="requests" value="${r.totals.requests}"/>\n` +
      `      <property name="errors" value="${r.totals.errors}"/>\n` +
      `      <property name="throughput" value="${r.totals.throughput.toFixed(2)}"/>\n` +
      `      <property name="p99" value="${r.totals.latency.p99.toFixed(3)}"/>\n` +
      `    </properties>\n`;
    return (
      `  <testsuite name="${xmlText(suite.name)}" tests="${cases.length}" failures="${f}" errors="${e}" skipped="0" ` +
      `time="${seconds(r.durationMs)}" timestamp="${xmlText(r.startedAt)}">\n${props}${cases.map((c) => c.xml).join('')}  </testsuite>\n`
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="rpc-balancer" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds(time)}">\n` +
    `${bodies.join('')}</testsuites>\n`
  );
}
