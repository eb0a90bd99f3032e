/**
 * A pool as production shapes it, in headless Chromium: priority levels and zones as group
 * headers over their endpoints' bars, and panic on the timeline, from a real simulated result of
 * a two-level pool. Screenshots go to test-output/browser/.
 */
import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import { renderReportHtml } from '../../src/report';
import type { RunResult } from '../../src/result/types';
import { collectCsp, ensureWebviewBundle, launchChromium, openHtml, screenshotOf } from '../helpers/browser';
import { tieredResult } from '../unit/webview/fixtures';

interface Box {
  left: number;
  right: number;
}

describe('priority levels and zones in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let tiered: RunResult;

  before(async () => {
    await ensureWebviewBundle();
    browser = await launchChromium();
    tiered = tieredResult();
  });
  after(async () => {
    await browser?.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`${colorScheme}: a header per level and per zone, with its share, over exactly its endpoints' bars; panic on the timeline`, async () => {
      const opened = await openHtml(browser, renderReportHtml(tiered), { colorScheme });
      const { page } = opened;
      const section = page.locator('.rb-section-distribution');
      await screenshotOf(section, `shapes-distribution-${colorScheme}`);

      const bars = await page.$$eval('.rb-distribution .rb-bar', (els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { id: e.getAttribute('data-id') ?? '', left: r.left, right: r.right };
        }),
      );
      assert.deepEqual(
        bars.map((b) => b.id),
        ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4'],
      );
      const groups = await page.$$eval('.rb-distribution .rb-group', (els) =>
        els.map((e) => {
          const r = e.querySelector('.rb-group-bracket')!.getBoundingClientRect();
          return { kind: e.getAttribute('data-kind'), name: e.getAttribute('data-name'), text: e.querySelector('text')?.textContent ?? '', left: r.left, right: r.right, top: r.top };
        }),
      );
      const total = tiered.totals.requests;
      const pct = (ids: string[]) => `${((tiered.endpoints.filter((e) => ids.includes(e.id)).reduce((s, e) => s + e.requests, 0) / total) * 100).toFixed(1)}%`;
      const expected: [string, string, string[]][] = [
        ['priority', 'P0', ['a1', 'a2', 'a3', 'a4']],
        ['priority', 'P1', ['b1', 'b2', 'b3', 'b4']],
        ['locality', 'eu-1', ['a1', 'a2']],
        ['locality', 'eu-2', ['a3', 'a4']],
        ['locality', 'us-1', ['b1', 'b2', 'b3', 'b4']],
      ];
      assert.deepEqual(
        groups.map((g) => [g.kind, g.name, g.text]),
        expected.map(([kind, name, ids]) => [kind, name, `${name} · ${pct(ids)}`]),
      );
      // Each bracket spans its endpoints' bars and no other bar.
      const inside = (bar: Box, g: Box) => bar.left >= g.left - 0.5 && bar.right <= g.right + 0.5;
      for (const [i, g] of groups.entries()) {
        const under = bars.filter((b) => inside(b, g)).map((b) => b.id);
        assert.deepEqual(under, expected[i][2], `bars under ${g.name}`);
      }
      // Levels above their zones.
      assert.ok(groups[0].top < groups[2].top, 'the level row is above the zone row');
      assert.equal(await page.locator('.rb-distribution .rb-group-divider').count(), 1, 'one divider between P0 and P1');

      const groupRows = await section.locator('table').nth(1).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.children[0].textContent));
      assert.deepEqual(groupRows, ['P0', 'P1', 'P0 eu-1', 'P0 eu-2', 'P1 us-1']);

      const panics = tiered.events.filter((e) => e.type === 'panic' || e.type === 'panic-ended').length;
      assert.ok(panics >= 4, `panics in the fixture: ${panics}`);
      const markers = await page.$$eval('.rb-timeline .rb-marker', (els) => els.map((e) => ({ type: e.getAttribute('data-type'), label: e.querySelector('path')?.getAttribute('aria-label') ?? '' })));
      const panicMarkers = markers.filter((m) => m.type === 'panic' || m.type === 'panic-ended');
      assert.equal(panicMarkers.length, panics);
      assert.ok(panicMarkers.some((m) => /: panic P0 \(priority 0 at 25% healthy\)$/.test(m.label)), panicMarkers.map((m) => m.label).join(' | '));
      assert.ok(panicMarkers.some((m) => /: panic ended P0 \(/.test(m.label)));
      const colors = await page.$$eval('.rb-timeline .rb-marker', (els) =>
        Object.fromEntries(els.map((e) => [e.getAttribute('data-type'), getComputedStyle(e.querySelector('line')!).stroke])),
      );
      assert.equal(colors.panic, colors.left, 'a panic is trouble, drawn as a server leaving is');
      assert.equal(colors['panic-ended'], colors.restored, 'its end is recovery');
      assert.notEqual(colors.panic, colors['panic-ended']);
      // Level-wide events take the label rows first, though endpoints left at the same time.
      const drawn = await page.locator('.rb-timeline .rb-marker-label').allTextContents();
      for (const label of ['panic P0', 'panic P1', 'panic ended P0']) assert.ok(drawn.includes(label), `${label} in ${drawn.join(', ')}`);
      const spans = await page.locator('.rb-timeline .rb-panic-span').evaluateAll((els) => els.map((e) => ({ p: e.getAttribute('data-priority'), w: Number(e.getAttribute('width')) })));
      assert.ok(spans.length >= 2 && spans.every((s) => s.w > 20), JSON.stringify(spans));
      await screenshotOf(page.locator('.rb-section-timeline'), `shapes-timeline-${colorScheme}`);

      await page.locator('.rb-distribution .rb-group-priority .rb-hit').first().hover();
      assert.match(await page.locator('.rb-tooltip').innerText(), /^priority level P0\nshare /);

      const t = await collectCsp(opened);
      assert.deepEqual([t.cspViolations, t.consoleErrors, t.pageErrors, t.requests], [[], [], [], []]);
      await page.context().close();
    });
  }

  it('draws a pool without levels or zones with no headers', async () => {
    const plain: RunResult = { ...tiered, endpoints: tiered.endpoints.map(({ priority: _p, zone: _z, ...rest }) => rest) };
    const opened = await openHtml(browser, renderReportHtml(plain));
    assert.equal(await opened.page.locator('.rb-group').count(), 0);
    assert.equal(await opened.page.locator('.rb-section-distribution table').count(), 1);
    await opened.page.context().close();
  });
});
