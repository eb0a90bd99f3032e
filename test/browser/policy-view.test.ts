/**
 * The caller vs server view of a run under a client policy, in headless Chromium, in the HTML
 * report and in the VS Code panel's page, from a real simulated result (the README's retry
 * budget example: five servers failing half their requests, retries held to 0.2 of requests).
 * The figures shown are checked against the result itself; screenshots go to test-output/browser/.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { renderReportHtml } from '../../src/report';
import { formatCount, formatPercent, formatRatio } from '../../src/result/format';
import type { RunResult } from '../../src/result/types';
import { runHeaderModel } from '../../src/webview/model/run-header';
import { collectCsp, ensureWebviewBundle, launchChromium, openHtml, screenshot, SCREENSHOTS, screenshotOf } from '../helpers/browser';
import { openPanel } from '../helpers/panel-page';
import { eventfulResult } from '../unit/webview/fixtures';
import { retryResult } from '../unit/webview/policy-fixture';

/** What a policy view must show for `r`, read from the page. */
async function checkPolicyView(page: Page, r: RunResult): Promise<void> {
  const header = await page.$$eval('.rb-run-header-item', (els) => els.map((e) => [e.getAttribute('data-key'), e.querySelector('dd')?.textContent ?? '']));
  assert.deepEqual(header, runHeaderModel(r).map((i) => [i.key, i.value]));
  const policyLine = header.find(([k]) => k === 'policy')?.[1] ?? '';
  assert.match(policyLine, /retry up to 5 attempts on http_500/);
  assert.match(policyLine, /budget 20% of requests \+ 10\/s over 10\.0 s/);

  const counters = Object.fromEntries(await page.$$eval('.rb-policy-counter', (els) => els.map((e) => [e.getAttribute('data-key'), e.querySelector('dd')?.textContent ?? ''])));
  const t = r.totals;
  assert.deepEqual(counters, {
    amplification: formatRatio(t.attempts! / t.requests),
    retries: formatCount(t.retries!),
    hedges: '0',
    budgetDenied: formatCount(t.budgetDenied!),
    throttled: '0',
    overflow: '0',
  });
  assert.ok(t.budgetDenied! > 5000, 'the budget refused retries in this run');

  const rows = await page.$$eval('.rb-section-callers tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
  const attempts = r.endpoints.reduce((s, e) => s + e.requests, 0);
  const serverOk = r.endpoints.reduce((s, e) => s + e.ok, 0);
  assert.equal(attempts, t.attempts);
  assert.deepEqual(rows.map((row) => row.slice(0, 5)), [
    ['Callers (requests)', formatCount(t.requests), formatCount(t.ok), formatCount(t.errors), formatPercent(t.errors / t.requests)],
    ['Servers (attempts)', formatCount(attempts), formatCount(serverOk), formatCount(attempts - serverOk), formatPercent((attempts - serverOk) / attempts)],
  ]);

  // The servers' bar is amplification times the callers' on one scale.
  const bars = await page.$$eval('.rb-amplification .rb-view-bar', (gs) => gs.map((g) => g.querySelector('.rb-hit')!.getBoundingClientRect().width));
  assert.ok(Math.abs(bars[1] / bars[0] - t.attempts! / t.requests) < 0.01, `bars ${bars[0]} and ${bars[1]}`);

  // Attempts drawn above the callers' requests on the timeline; the budget's event marked.
  const top = (sel: string) => page.$eval(sel, (e) => e.getBoundingClientRect().top);
  const tops = { attempts: await top('.rb-timeline .rb-policy-line.rb-attempts'), requests: await top('.rb-timeline .rb-throughput .rb-total'), retries: await top('.rb-timeline .rb-policy-line.rb-retries') };
  assert.ok(tops.attempts < tops.requests - 10 && tops.retries > tops.requests, `line tops ${JSON.stringify(tops)}`);
  assert.equal(await page.locator('.rb-timeline .rb-marker[data-type="budget-exhausted"]').count(), r.events.filter((e) => e.type === 'budget-exhausted').length);
  const timelineHead = await page.$$eval('.rb-section-timeline table thead th', (ths) => ths.map((th) => th.textContent));
  assert.ok(timelineHead.includes('Attempts') && timelineHead.includes('Retries'));

  // A legend under each line chart names every line; reached by Tab, pressed by Enter, it hides its line.
  const legend = await page.$$eval('.rb-section-timeline .rb-legend button', (bs) => bs.map((b) => b.textContent));
  assert.deepEqual(legend, [...r.endpoints.map((e) => e.id), 'total (callers)', 'attempts (servers)', 'retries']);
  assert.equal(await page.locator('.rb-section-latency .rb-legend button').count(), r.endpoints.length + 1);
  await checkLegendColours(page);
  let reached = false;
  for (let i = 0; i < 300 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.closest('.rb-section-timeline .rb-legend') !== null && document.activeElement?.tagName === 'BUTTON');
  }
  assert.ok(reached, 'a timeline legend button is reachable by Tab');
  const label = await page.evaluate(() => document.activeElement!.textContent);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement!.getAttribute('aria-pressed')), 'false');
  const hidden = await page.$$eval('.rb-timeline .rb-line.rb-series-hidden', (ls) => ls.map((l) => l.getAttribute('data-id')));
  assert.deepEqual(hidden, [label, label], 'its throughput and p99 lines are hidden');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.rb-timeline .rb-series-hidden').count(), 0);
}

/** Each legend swatch is drawn in the colour and dash of the lines it names, in the timeline and the latency chart. */
async function checkLegendColours(page: Page): Promise<void> {
  const pairs = await page.$$eval('.rb-legend button', (buttons) =>
    buttons.map((b) => {
      const [attr, ...rest] = (b.getAttribute('data-match') ?? '').split('=');
      const value = rest.join('=');
      const chart = b.closest('.rb-body')!.querySelector('svg.rb-chart')!;
      const line = Array.from(chart.querySelectorAll('.rb-line')).find((l) => l.getAttribute(attr) === value && (attr === 'data-series' || !l.hasAttribute('data-series')));
      const swatch = getComputedStyle(b.querySelector('.rb-legend-line')!);
      const drawn = line ? getComputedStyle(line) : undefined;
      return { label: b.textContent, swatch: [swatch.stroke, swatch.strokeDasharray], line: drawn ? [drawn.stroke, drawn.strokeDasharray] : undefined };
    }),
  );
  assert.ok(pairs.length > 0);
  for (const p of pairs) assert.deepEqual(p.swatch, p.line, `legend "${p.label}" is drawn like its line`);
  const strokes = new Set(pairs.map((p) => p.swatch.join(' ')));
  assert.ok(strokes.size >= 8, `the timeline's eight lines look different: ${[...strokes].join(', ')}`);
}

describe('caller vs server view in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let result: RunResult;

  before(async () => {
    await ensureWebviewBundle();
    browser = await launchChromium();
    result = retryResult('retry-budget');
  });
  after(async () => {
    await browser?.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`report, ${colorScheme}: the header, the two views, amplification, attempts and retries over time, a legend`, async () => {
      const opened = await openHtml(browser, renderReportHtml(result), { colorScheme });
      await checkPolicyView(opened.page, result);
      // The legend button the keyboard check left focused would show its focus ring in the pictures.
      await opened.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await screenshot(opened.page, `policy-report-${colorScheme}`);
      await screenshotOf(opened.page.locator('.rb-section-callers'), `policy-callers-${colorScheme}`);
      // The header and the two views together, as README's worked example shows them.
      const callers = await opened.page.locator('.rb-section-callers').boundingBox();
      mkdirSync(SCREENSHOTS, { recursive: true });
      await opened.page.screenshot({ path: join(SCREENSHOTS, `policy-top-${colorScheme}.png`), clip: { x: 0, y: 0, width: 1200, height: Math.ceil((callers?.y ?? 0) + (callers?.height ?? 600) + 8) } });
      const timeline = await screenshotOf(opened.page.locator('.rb-section-timeline'), `policy-timeline-${colorScheme}`);
      if (colorScheme === 'light') {
        // The README's worked example (scripts/screenshots.mjs copies them into docs/images/).
        copyFileSync(join(SCREENSHOTS, 'policy-top-light.png'), join(SCREENSHOTS, 'readme-retry-budget-report.png'));
        copyFileSync(timeline, join(SCREENSHOTS, 'readme-retry-budget-timeline.png'));
      }
      const trouble = await collectCsp(opened);
      assert.deepEqual(trouble, { consoleErrors: [], pageErrors: [], cspViolations: [], dialogs: [], requests: [] });
      await opened.page.context().close();
    });
  }

  it('forced colours (high contrast): legends still match their lines, the bars keep their colours', async () => {
    const opened = await openHtml(browser, renderReportHtml(result), { forcedColors: 'active' });
    await checkLegendColours(opened.page);
    const fills = await opened.page.$$eval('.rb-amplification rect.rb-view-ok, .rb-amplification rect.rb-view-errors', (rs) => rs.map((x) => getComputedStyle(x).fill));
    assert.equal(new Set(fills).size, 2, `ok and error parts differ: ${fills.join(', ')}`);
    await screenshot(opened.page, 'policy-report-forced-colors');
    await opened.page.context().close();
  });

  it('the retry storm beside it: amplification 1.94x, the attempts line near twice the requests line', async () => {
    const storm = retryResult('retry-storm');
    const opened = await openHtml(browser, renderReportHtml(storm));
    const { page } = opened;
    assert.equal(await page.locator('.rb-policy-counter[data-key="amplification"] dd').textContent(), formatRatio(storm.totals.attempts! / storm.totals.requests));
    assert.equal(await page.locator('.rb-policy-counter[data-key="budgetDenied"] dd').textContent(), '0');
    // Heights above the time axis: attempts over requests is the amplification, within the lines' interval-to-interval wobble.
    const axis = await page.$eval('.rb-timeline .rb-axis-time .domain', (e) => e.getBoundingClientRect().bottom);
    const panelBottom = await page.$eval('.rb-timeline .rb-axis', (e) => {
      const ticks = Array.from(e.querySelectorAll('.tick')).map((t) => t.getBoundingClientRect().top);
      return Math.max(...ticks);
    });
    const top = (sel: string) => page.$eval(sel, (e) => e.getBoundingClientRect().top);
    const ratio = (panelBottom - (await top('.rb-timeline .rb-policy-line.rb-attempts'))) / (panelBottom - (await top('.rb-timeline .rb-throughput .rb-total')));
    assert.ok(axis > panelBottom && ratio > 1.8 && ratio < 2.1, `attempts line peak over requests line peak ${ratio}`);
    copyFileSync(await screenshotOf(page.locator('.rb-section-timeline'), 'policy-storm-timeline-light'), join(SCREENSHOTS, 'readme-retry-storm-timeline.png'));
    await opened.page.context().close();
  });

  it('panel: the same view from a show message', async () => {
    const { page, errors } = await openPanel(browser);
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'show', view: 'result', result });
    await page.waitForFunction(() => document.body.dataset.view === 'result');
    await checkPolicyView(page, result);
    await screenshot(page, 'policy-panel');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('a run without a policy shows no caller view and no policy lines, but keeps the header and legends', async () => {
    const plain = eventfulResult();
    const opened = await openHtml(browser, renderReportHtml(plain));
    const { page } = opened;
    assert.equal(await page.locator('.rb-section-callers').count(), 0);
    assert.equal(await page.locator('.rb-policy-line').count(), 0);
    assert.equal(await page.locator('.rb-run-header-item[data-key="policy"]').count(), 0);
    assert.equal(await page.locator('.rb-run-header-item').count(), runHeaderModel(plain).length);
    assert.equal(await page.locator('.rb-section-timeline .rb-legend button').count(), plain.endpoints.length + 1);
    assert.deepEqual(await collectCsp(opened), { consoleErrors: [], pageErrors: [], cspViolations: [], dialogs: [], requests: [] });
    await page.context().close();
  });
});
