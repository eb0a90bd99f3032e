/**
 * The capacity view in headless Chromium, in the self-contained report and in the VS Code panel
 * page: three variants' curves, the SLO line where the SLO says, a capacity tick per variant at
 * its capacity, hollow points where a step broke the SLO, a legend that hides a variant, every
 * step reachable by Tab with its figures in the tooltip. Screenshots go to test-output/browser/.
 */
import { strict as assert } from 'node:assert';
import type { Browser, Page } from 'playwright-core';
import { renderCapacityReport } from '../../src/report';
import { openPanel, recorded } from '../helpers/panel-page';
import { collectCsp, ensureWebviewBundle, launchChromium, openHtml, screenshot, screenshotOf, type OpenedPage } from '../helpers/browser';
import { capacityFixture, SLO_MS } from '../unit/webview/capacity-fixture';

async function assertClean(opened: OpenedPage): Promise<void> {
  const t = await collectCsp(opened);
  assert.deepEqual([...t.cspViolations, ...t.consoleErrors, ...t.pageErrors, ...t.dialogs, ...t.requests], [], 'no CSP violation, console error, dialog or request');
  assert.deepEqual(await opened.page.locator('.rb-error').allTextContents(), []);
}

/** d3's axes shift ticks by half a pixel on 1x screens (crisp lines); the marks we draw are not shifted. */
const tickOffset = (page: Page) => page.evaluate(() => (devicePixelRatio > 1 ? 0 : 0.5));

/** The y pixel of a latency in the chart, from its own axis ticks (two ticks fix the linear scale). */
async function yOfMs(page: Page, ms: number): Promise<number> {
  const ticks = await page.$$eval('svg.rb-capacity .rb-axis-y .tick', (els) =>
    els.map((e) => ({ y: Number(/translate\(0,([-\d.]+)\)/.exec(e.getAttribute('transform') ?? '')?.[1]), label: e.textContent ?? '' })),
  );
  const ms0 = ticks.find((t) => t.label === '0 ms')!;
  const last = ticks[ticks.length - 1];
  const lastMs = Number(/[\d.]+/.exec(last.label)![0]) * (last.label.includes(' s') && !last.label.includes('ms') ? 1000 : 1);
  return ms0.y - (await tickOffset(page)) + ((last.y - ms0.y) * ms) / lastMs;
}

describe('capacity view in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  const result = capacityFixture();

  before(async () => {
    await ensureWebviewBundle();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('draws every variant, the SLO line at its latency, a capacity tick each, broken steps hollow', async () => {
    const opened = await openHtml(browser, renderCapacityReport(result));
    const { page } = opened;
    assert.equal(await page.evaluate(() => document.body.dataset.view), 'capacity');
    await screenshot(page, 'capacity-light');
    await screenshotOf(page.locator('.rb-section-capacity'), 'capacity-chart');

    const variants = await page.$$eval('svg.rb-capacity g.rb-variant', (gs) => gs.map((g) => g.getAttribute('data-variant')));
    assert.deepEqual(variants, result.variants.map((v) => v.name));
    const p99Paths = await page.$$eval('svg.rb-capacity .rb-p99', (ps) => ps.map((p) => (p.getAttribute('d') ?? '').length));
    const p50Dash = await page.$$eval('svg.rb-capacity .rb-p50', (ps) => ps.map((p) => getComputedStyle(p).strokeDasharray));
    assert.equal(p99Paths.length, 3);
    for (const d of p99Paths) assert.ok(d > 20);
    for (const dash of p50Dash) assert.notEqual(dash, 'none', 'p50 is dashed');

    const slo = page.locator('svg.rb-capacity .rb-slo-latency');
    assert.equal(await slo.count(), 1);
    assert.equal(await slo.getAttribute('data-ms'), String(SLO_MS));
    const sloY = Number(await slo.locator('line').getAttribute('y1'));
    assert.ok(Math.abs(sloY - (await yOfMs(page, SLO_MS))) < 0.1, `SLO line at y=${sloY}`);
    assert.match(await slo.locator('text').textContent() ?? '', /^SLO p99<100ms$/);
    assert.equal(await page.locator('svg.rb-capacity-errors .rb-slo-errors').getAttribute('data-share'), '0.01');

    // Each tick stands at its variant's capacity: x = x(0) + capacity * (x(r) - x(0)) / r, read off a tick.
    const marks = await page.$$eval('svg.rb-capacity .rb-capacity-mark', (ms) =>
      ms.map((m) => ({ capacity: Number(m.getAttribute('data-capacity')), x: Number(m.querySelector('line')?.getAttribute('x1')), label: m.querySelector('text')?.textContent ?? '' })),
    );
    assert.deepEqual(marks.map((m) => m.capacity), result.variants.map((v) => v.capacity));
    const xTicks = await page.$$eval('svg.rb-capacity .rb-axis-x .tick', (els) =>
      els.map((e) => ({ x: Number(/translate\(([-\d.]+),/.exec(e.getAttribute('transform') ?? '')?.[1]), rate: Number((e.textContent ?? '').replace(/,/g, '')) })),
    );
    const [t0, t1] = [xTicks[0], xTicks[xTicks.length - 1]];
    const offset = await tickOffset(page);
    for (const m of marks) {
      const expected = t0.x - offset + ((m.capacity - t0.rate) * (t1.x - t0.x)) / (t1.rate - t0.rate);
      assert.ok(Math.abs(m.x - expected) < 0.1, `tick of ${m.capacity} at ${m.x}, expected ${expected}`);
    }
    assert.deepEqual(marks.map((m) => m.label), ['least-request 272 req/s', 'p2c-peak-ewma 244 req/s', 'round-robin 133 req/s']);

    const points = await page.$$eval('svg.rb-capacity .rb-point', (ps) => ps.map((p) => ({ broken: p.classList.contains('rb-broken'), fill: getComputedStyle(p).fill, stroke: getComputedStyle(p).stroke })));
    const steps = result.variants.flatMap((v) => v.curve);
    assert.equal(points.length, steps.length);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    points.forEach((p, i) => {
      assert.equal(p.broken, !steps[i].holds);
      if (p.broken) assert.equal(p.fill, bg, 'a broken step is hollow');
      else assert.equal(p.fill, p.stroke, 'a holding step is filled');
    });
    assert.equal(await page.locator('.rb-section-capacity tbody tr').count(), result.variants.length + steps.length, 'ranking and steps tables');
    await assertClean(opened);
    await page.context().close();
  });

  it('a legend button per variant hides and shows it; Tab reaches every step and its tooltip', async () => {
    const opened = await openHtml(browser, renderCapacityReport(result), { colorScheme: 'dark' });
    const { page } = opened;
    const legend = page.locator('.rb-capacity-legend button');
    assert.deepEqual(await legend.allTextContents(), ['least-request: 272 req/s (best)', 'p2c-peak-ewma: 244 req/s', 'round-robin: 133 req/s']);
    await legend.nth(2).focus();
    await page.keyboard.press('Enter');
    assert.equal(await legend.nth(2).getAttribute('aria-pressed'), 'false');
    assert.equal(await page.locator('g.rb-variant[data-variant="round-robin"]').first().isVisible(), false);
    await page.keyboard.press('Space');
    assert.equal(await page.locator('g.rb-variant[data-variant="round-robin"]').first().isVisible(), true);

    // From the last legend button, Tab walks the steps in order: first the first variant's lowest rate.
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({ cls: document.activeElement?.getAttribute('class'), label: document.activeElement?.getAttribute('aria-label') }));
    assert.match(focused.cls ?? '', /rb-point/);
    assert.equal(focused.label, 'least-request at 25.0 req/s, p50 ' + focused.label?.split('p50 ')[1]);
    const tip = page.locator('.rb-tooltip');
    assert.equal(await tip.isVisible(), true);
    assert.match(await tip.innerText(), /^least-request at 25\.0 req\/s\np50 [\d.]+ ms, p99 [\d.]+ ms\nerrors 0% of 500 requests\nholds the SLO$/);
    const focusable = await page.$$eval('svg.rb-capacity .rb-point', (ps) => ps.filter((p) => p.getAttribute('tabindex') === '0').length);
    assert.equal(focusable, result.variants.reduce((n, v) => n + v.curve.length, 0));
    await page.keyboard.press('Escape');
    assert.equal(await tip.isVisible(), false);
    await screenshot(page, 'capacity-dark');
    await assertClean(opened);
    await page.context().close();
  });

  it('in the VS Code panel page: a `show` capacity message draws the view and is saved for a reload', async () => {
    const { page, errors } = await openPanel(browser);
    await page.waitForFunction(() => (window as unknown as { __vscode: { posted: unknown[] } }).__vscode.posted.length > 0);
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'show', view: 'capacity', capacity: result });
    await page.waitForFunction(() => document.body.dataset.view === 'capacity');
    assert.equal(await page.locator('svg.rb-capacity .rb-capacity-mark').count(), 3);
    assert.deepEqual((await recorded(page)).state, { view: 'capacity', payload: result });
    await page.locator('.rb-export').click();
    assert.deepEqual((await recorded(page)).posted, [{ type: 'ready' }, { type: 'export' }]);
    await screenshot(page, 'panel-capacity');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
