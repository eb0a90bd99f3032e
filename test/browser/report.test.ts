/**
 * The self-contained HTML report in headless Chromium: real DOM, real d3, the real bundle, real
 * simulated results. Every page must load without console errors, CSP violations, dialogs or
 * network requests. Screenshots go to test-output/browser/.
 */
import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import { createBalancer } from '../../src/engine/registry';
import { isHashBalancer, type StrategyName } from '../../src/engine/types';
import { renderReportHtml } from '../../src/report';
import type { RunResult } from '../../src/result/types';
import type { RingView } from '../../src/protocol/webview';
import { ringViewOf } from '../../src/webview/views/result';
import { collectCsp, ensureWebviewBundle, launchChromium, openHtml, screenshot, screenshotOf, type OpenedPage } from '../helpers/browser';
import { bigRingResult, eventfulResult, hashResult, HOSTILE_ID, hostileResult, variantComparison } from '../unit/webview/fixtures';
import { clickArc } from './ring-click';
import { mixedProtocolResult } from '../helpers/protocol-result';

function engineMoved(view: RingView, after: RingView['endpoints']): number {
  const make = (eps: RingView['endpoints']) => {
    const b = createBalancer(view.strategy as StrategyName, eps, view.options);
    assert.ok(isHashBalancer(b));
    return b;
  };
  const a = make(view.endpoints);
  const b = make(after);
  return view.sampleKeys.filter((k) => a.ownerOf(k) !== b.ownerOf(k)).length;
}

async function assertClean(opened: OpenedPage): Promise<void> {
  const t = await collectCsp(opened);
  assert.deepEqual(t.cspViolations, [], 'CSP violations');
  assert.deepEqual(t.consoleErrors, [], 'console errors');
  assert.deepEqual(t.pageErrors, [], 'page errors');
  assert.deepEqual(t.dialogs, [], 'dialogs');
  assert.deepEqual(t.requests, [], 'network requests');
  const problems = await opened.page.locator('.rb-error').allTextContents();
  assert.deepEqual(problems, [], 'error messages on the page');
}

describe('HTML report in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let eventful: RunResult;

  before(async () => {
    await ensureWebviewBundle();
    browser = await launchChromium();
    eventful = eventfulResult();
  });
  after(async () => {
    await browser?.close();
  });

  it('draws one bar per endpoint at its share, the percentile curves and the timeline with its events', async () => {
    const opened = await openHtml(browser, renderReportHtml(eventful));
    const { page } = opened;
    await screenshot(page, 'result-light');

    const bars = await page.$$eval('.rb-distribution .rb-bar', (els) =>
      els.map((e) => ({ id: e.getAttribute('data-id'), height: Number(e.getAttribute('height')), label: e.getAttribute('aria-label') })),
    );
    assert.deepEqual(
      bars.map((b) => b.id),
      eventful.endpoints.map((e) => e.id),
    );
    // Heights are proportional to shares: each bar's height / share is the same scale.
    const scale = bars[0].height / eventful.endpoints[0].share;
    for (const [i, b] of bars.entries()) {
      assert.ok(Math.abs(b.height - eventful.endpoints[i].share * scale) < 0.01, `${b.id}: height ${b.height}`);
      assert.ok(b.label?.includes(`${(eventful.endpoints[i].share * 100).toFixed(1)}% of requests`), b.label ?? '');
    }
    const rows = await page.$$eval('.rb-section-distribution tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).map((td) => td.textContent)));
    assert.equal(rows.length, eventful.endpoints.length);

    const curves = await page.$$eval('.rb-latency .rb-curve', (els) => els.map((e) => ({ id: e.getAttribute('data-id'), points: Number(e.getAttribute('data-points')), d: e.getAttribute('d') ?? '' })));
    assert.equal(curves.length, eventful.endpoints.length + 1, 'a curve per endpoint and the total');
    for (const c of curves) assert.ok(c.points > 10 && c.d.length > 50, `curve ${c.id || 'total'}`);
    const xTicks = await page.$$eval('.rb-latency .rb-axis text', (els) => els.map((e) => e.textContent));
    for (const label of ['0%', '50%', '90%', '99%', 'max']) assert.ok(xTicks.includes(label), `x axis labels ${xTicks.join(' ')}`);

    const markers = await page.$$eval('.rb-timeline .rb-marker', (els) => els.map((e) => e.getAttribute('data-type')));
    assert.equal(markers.length, eventful.events.length);
    for (const t of ['slowed', 'failed', 'left', 'joined', 'ejected']) assert.ok(markers.includes(t), `marker ${t} in ${markers.join(',')}`);
    const lines = await page.locator('.rb-timeline .rb-throughput .rb-line').count();
    assert.equal(lines, eventful.endpoints.length + 1);

    await page.locator('.rb-distribution .rb-bar').nth(1).hover();
    const tip = await page.locator('.rb-tooltip').innerText();
    assert.match(tip, /^s2\n/);
    assert.match(tip, /p50 .* p99 /);
    await assertClean(opened);
    await page.context().close();
  });

  it('a live HTTP/2 run: each endpoint\'s protocol beside it, and a note for the one ALPN answered over http/1.1', async () => {
    const live = await mixedProtocolResult();
    const opened = await openHtml(browser, renderReportHtml(live));
    const { page } = opened;
    const section = page.locator('.rb-section-distribution');
    const columns = await section.locator('thead th').allTextContents();
    assert.deepEqual(columns.slice(0, 3), ['Endpoint', 'Protocol', 'Share']);
    const rows = await page.$$eval('.rb-section-distribution tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).slice(0, 2).map((td) => td.textContent)));
    assert.deepEqual(rows, [['h2', 'h2'], ['fallback', 'http/1.1 (no h2)']]);
    const note = section.locator('.rb-protocol-note');
    assert.ok(await note.isVisible(), 'the fallback note is shown');
    assert.match(await note.innerText(), /HTTP\/2 was asked for, but fallback was answered over http\/1\.1/);
    await page.locator('.rb-distribution .rb-bar').nth(0).hover();
    assert.match(await page.locator('.rb-tooltip').innerText(), /^h2\nhttps:\/\/127\.0\.0\.1:\d+ \(h2\)\n/);
    await screenshotOf(section, 'result-protocol');
    await assertClean(opened);
    await page.context().close();
  });

  it('reads in the dark colour scheme too', async () => {
    const opened = await openHtml(browser, renderReportHtml(eventful), { colorScheme: 'dark' });
    const bg = await opened.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(30, 30, 30)');
    await screenshot(opened.page, 'result-dark');
    await assertClean(opened);
    await opened.page.context().close();
  });

  it('keeps bars outlined under forced colours (high contrast)', async () => {
    const opened = await openHtml(browser, renderReportHtml(eventful), { forcedColors: 'active', colorScheme: 'dark' });
    const stroke = await opened.page.locator('.rb-distribution .rb-bar').first().evaluate((e) => getComputedStyle(e).strokeWidth);
    assert.equal(stroke, '1px');
    await screenshot(opened.page, 'result-forced-colors');
    await assertClean(opened);
    await opened.page.context().close();
  });

  for (const strategy of ['consistent-hash', 'bounded-load-hash', 'maglev', 'rendezvous'] as StrategyName[]) {
    it(`${strategy}: a ring with one colour per endpoint; a click reports the keys that move, as the engine says`, async () => {
      const result = hashResult(strategy, 6);
      const view = ringViewOf(result)!;
      const opened = await openHtml(browser, renderReportHtml(result));
      const { page } = opened;
      const ring = page.locator('.rb-ring');
      await ring.scrollIntoViewIfNeeded();

      const fills = await page.$$eval('.rb-arc', (els) => els.map((e) => [e.getAttribute('data-id'), getComputedStyle(e).fill]));
      assert.equal(fills.length, view.endpoints.length, 'a path per endpoint');
      assert.equal(new Set(fills.map(([, f]) => f)).size, view.endpoints.length, `distinct colours: ${fills.join(' ')}`);
      assert.equal(await page.locator('.rb-key').count(), view.sampleKeys.length);
      await screenshotOf(page.locator('.rb-section-ring'), `ring-${strategy}`);

      const victim = 's3';
      if (strategy === 'rendezvous') await page.locator(`.rb-ring-legend button[data-id="${victim}"]`).click();
      else await clickArc(page, victim);
      const expected = engineMoved(view, view.endpoints.filter((e) => e.id !== victim));
      const status = page.locator('.rb-ring-status');
      assert.match(await status.innerText(), new RegExp(`^Removing ${victim} `));
      assert.equal(Number(await status.getAttribute('data-moved')), expected);
      assert.match(await status.innerText(), new RegExp(`^Removing ${victim} moves ${expected.toLocaleString('en-US')} of 1,000 sample keys`));
      assert.equal(await page.locator('.rb-key-moved').count(), expected);
      await screenshotOf(page.locator('.rb-section-ring'), `ring-${strategy}-removed`);

      await page.locator('.rb-reset').click();
      await page.locator('.rb-add').click();
      const added = { id: 'new-endpoint-1', address: 'added:1', weight: view.endpoints.reduce((s, e) => s + e.weight, 0) / view.endpoints.length };
      assert.equal(Number(await status.getAttribute('data-moved')), engineMoved(view, [...view.endpoints, added]));
      await assertClean(opened);
      await page.context().close();
    });
  }

  it('draws a report of a ring view alone (rpc-balancer ring --html)', async () => {
    const view = ringViewOf(hashResult('maglev', 4))!;
    const opened = await openHtml(browser, renderReportHtml(view));
    const { page } = opened;
    assert.equal(await page.locator('h1').innerText(), 'Hash ring: maglev');
    assert.equal(await page.locator('.rb-ring').getAttribute('data-kind'), 'table');
    assert.equal(await page.locator('.rb-arc').count(), 4);
    await page.locator('.rb-ring-legend button[data-id="s1"]').click();
    assert.equal(Number(await page.locator('.rb-ring-status').getAttribute('data-moved')), engineMoved(view, view.endpoints.slice(1)));
    assert.equal(await page.title(), 'RPC Balancer: maglev ring');
    await assertClean(opened);
    await page.context().close();
  });

  it('shows a hostile endpoint name as text: no dialog, no injected element', async () => {
    const opened = await openHtml(browser, renderReportHtml(hostileResult()));
    const { page } = opened;
    const cell = page.locator('.rb-section-distribution td', { hasText: HOSTILE_ID }).first();
    assert.equal(await cell.innerText(), HOSTILE_ID);
    assert.equal(await page.locator('img').count(), 0, 'no <img> element was created');
    assert.equal(await page.locator('script:not([id="rpc-balancer-data"])').count(), 1, 'only the bundle script');
    await page.locator('.rb-distribution .rb-bar').nth(1).hover();
    assert.match(await page.locator('.rb-tooltip').innerText(), /^<img src=x onerror=alert\(1\)>/);
    // The screenshot should show the tooltip: wait until it is on screen, not for a time.
    await page.locator('.rb-tooltip').waitFor({ state: 'visible' });
    await screenshot(page, 'hostile-name');
    await assertClean(opened);
    await page.context().close();
  });

  it('puts variants side by side on the same scales, with caller errors, amplification and the best rule', async () => {
    const comparison = await variantComparison();
    const opened = await openHtml(browser, renderReportHtml(comparison), { viewport: { width: 1400, height: 900 } });
    const { page } = opened;
    await screenshot(page, 'comparison');
    for (const panel of ['distribution', 'latency', 'timeline']) {
      const cells = page.locator(`.rb-section-compare-${panel} .rb-compare-cell`);
      assert.equal(await cells.count(), 3, panel);
      // The left axis of every cell carries the same tick labels: one scale for all.
      const axes = await cells.evaluateAll((els) =>
        els.map((el) => Array.from(el.querySelectorAll('svg .rb-axis')).map((a) => Array.from(a.querySelectorAll('text')).map((t) => t.textContent).join('|')).join('/')),
      );
      assert.equal(new Set(axes).size, 1, `${panel} axes: ${axes.join(' vs ')}`);
    }
    assert.equal(await page.locator('.rb-section-ranking tbody tr').count(), 3);
    const headers = await page.locator('.rb-section-ranking thead th').allTextContents();
    assert.deepEqual(headers.slice(5, 8), ['Caller errors', 'Attempt errors', 'Amplification']);
    const best = page.locator('.rb-section-ranking tbody tr').first();
    assert.match(await best.locator('td').first().innerText(), /^rr \+ outlier \+ retry \(round-robin\) \(best\)$/);
    assert.match(await best.locator('td').nth(7).innerText(), /^1\.0\d\dx$/);
    assert.match(await page.locator('.rb-section-ranking .rb-note').first().innerText(), /within 0\.5 percentage points of the lowest/);
    assert.deepEqual(await page.locator('.rb-section-compare-latency .rb-compare-cell h3').allTextContents(), comparison.rows.map((r, i) => (i === 0 ? 'rr + outlier + retry (round-robin) (best)' : r.name)));
    await assertClean(opened);
    await page.context().close();
  });

  it('renders 1,000 endpoints and a ring of 160,000 points as one path per endpoint, not per point', async () => {
    const big = bigRingResult();
    assert.equal(big.ring?.points, 160_000);
    const opened = await openHtml(browser, renderReportHtml(big), { viewport: { width: 1400, height: 1000 } });
    const { page } = opened;
    const parts = await page.evaluate(() => performance.getEntriesByType('measure').map((m) => `${m.name.slice(3)} ${m.duration.toFixed(0)}`));
    console.log(`      render ${opened.renderMs.toFixed(0)} ms: ${parts.join(', ')} (page load to drawn ${opened.loadMs} ms)`);
    // What keeps this fast is what the renderer draws (asserted below: ~1,000 arcs for 160,000
    // points); how fast a shared machine draws them is not a test's to judge (the time is printed,
    // bench/ measures). Only "does not hang" bounds it: 10x the 1 s the page was built for.
    assert.ok(opened.renderMs < 10_000, `rendered in ${opened.renderMs} ms`);
    assert.equal(await page.locator('.rb-distribution .rb-bar').count(), 1000);
    const arcs = await page.locator('.rb-arc').count();
    assert.ok(arcs > 900 && arcs <= 1000, `${arcs} endpoint paths`);
    await screenshot(page, 'big-pool');
    // Long tables are folded and get their rows when opened.
    const table = page.locator('.rb-section-distribution details.rb-table');
    assert.equal(await table.locator('tbody tr').count(), 0);
    await table.locator('summary').click();
    await table.locator('tbody tr').nth(999).waitFor();
    assert.equal(await table.locator('tbody tr').count(), 1000);
    await assertClean(opened);
    await page.context().close();
  });
});
