import assert from 'node:assert/strict';
import { junitSuitesOf, junitXml, xmlText } from '../../../src/run/junit';
import { parseFailOn } from '../../../src/run/thresholds';
import type { RunResult } from '../../../src/result/types';
import { comparisonOf, eventfulResult } from '../webview/fixtures';

/** Every element's attributes by tag, in document order (the XML we write has no nesting tricks). */
function elements(xml: string, tag: string): Record<string, string>[] {
  return [...xml.matchAll(new RegExp(`<${tag}((?:\\s+[\\w-]+="[^"]*")*)\\s*/?>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
  );
}

describe('--junit XML', () => {
  let result: RunResult;
  before(() => {
    result = eventfulResult();
  });

  it('a testcase per threshold named by its text, the measured value in system-out, a failure only where it held', () => {
    const p99 = result.totals.latency.p99;
    // One clause set below the measured p99 (breaches), one far above it (holds back).
    const thresholds = parseFailOn(`p99>${(p99 / 2).toFixed(3)}ms,p99>${(p99 * 10).toFixed(3)}ms,throughput<1`);
    const xml = junitXml(junitSuitesOf(result), thresholds);
    const [suites] = elements(xml, 'testsuites');
    assert.deepEqual([suites.tests, suites.failures, suites.errors], ['3', '1', '0']);
    const [suite] = elements(xml, 'testsuite');
    assert.equal(suite.name, 'simulation weighted-round-robin on fixture');
    assert.deepEqual(elements(xml, 'testcase').map((c) => c.name), thresholds.map((t) => xmlText(t.text)));
    const failures = elements(xml, 'failure');
    assert.equal(failures.length, 1);
    assert.equal(failures[0].message, `--fail-on ${xmlText(thresholds[0].text)}: p99 was ${p99.toFixed(2)}ms`);
    const outs = [...xml.matchAll(/<system-out>([^<]*)<\/system-out>/g)].map((m) => m[1]);
    assert.equal(outs.length, 3);
    assert.match(outs[0], new RegExp(`p99 was ${p99.toFixed(2)}ms \\(breached\\)`));
    assert.match(outs[1], /\(passed\)$/);
    assert.match(outs[2], new RegExp(`throughput was ${result.totals.throughput.toFixed(2)} \\(passed\\)`));
  });

  it('escapes markup, quotes and characters XML cannot hold', () => {
    assert.equal(xmlText(`a<b>&"c"'d'`), 'a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
    assert.equal(xmlText('bell\u0007 tab\t nl\n lone\uD800 pair\uD83D\uDE00'), 'bell\uFFFD tab\t nl\n lone\uFFFD pair\uD83D\uDE00');
    const hostile = { ...result, status: 'failed' as const, error: '</error><x a="1">&\u0001' };
    const xml = junitXml(junitSuitesOf(hostile), parseFailOn('throughput<1'));
    assert.ok(!xml.includes('<x '), 'no injected element');
    assert.ok(xml.includes('&lt;/error&gt;&lt;x a=&quot;1&quot;&gt;&amp;\uFFFD'));
    // A threshold written with < appears escaped in the testcase's name.
    assert.match(xml, /<testcase name="throughput&lt;1"/);
  });

  it('a run that did not complete adds an errored testcase, so it never reads as a pass', () => {
    const cancelled = { ...result, status: 'cancelled' as const };
    const xml = junitXml(junitSuitesOf(cancelled), parseFailOn('p99>100s'));
    const [suite] = elements(xml, 'testsuite');
    assert.deepEqual([suite.tests, suite.failures, suite.errors], ['2', '0', '1']);
    assert.deepEqual(elements(xml, 'error').map((e) => e.message), ['run cancelled']);
    assert.equal(elements(junitXml(junitSuitesOf(result), []), 'testsuite')[0].tests, '0');
  });

  it('a comparison: a testsuite per strategy, counts added up', async () => {
    const comparison = await comparisonOf(['round-robin', 'least-request', 'random']);
    const thresholds = parseFailOn('p99>0.001ms,errors>50%');
    const xml = junitXml(junitSuitesOf(comparison), thresholds);
    const suites = elements(xml, 'testsuite');
    assert.deepEqual(suites.map((s) => s.name.split(' ')[1]), comparison.results.map((r) => r.config.strategy));
    assert.equal(suites.length, 3);
    assert.deepEqual(suites.map((s) => s.failures), ['1', '1', '1']);
    const [all] = elements(xml, 'testsuites');
    assert.deepEqual([all.tests, all.failures], ['6', '3']);
  });
});
