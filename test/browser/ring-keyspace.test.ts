/**
 * The ring's share-of-keyspace bars in Chromium, in the panel's page and the HTML report: one row
 * per endpoint beside the circle, each bar as long as the model's share, the fair-share mark where
 * the weight puts it, reachable by Tab and pressed by Enter as a click on the arc would be, in light,
 * dark and forced colours. Keeps the README's ring picture (readme-ring.png).
 */
import { strict as assert } from 'node:assert';
import type { Browser, Page } from 'playwright-core';
import type { RingView } from '../../src/protocol/webview';
import { renderReportHtml } from '../../src/report';
import { keyspaceBars } from '../../src/webview/model/keyspace-bar';
import { prepareRing, ringModel } from '../../src/webview/model/ring';
import { ringViewOf } from '../../src/webview/views/result';
import { collectCsp, ensureWebviewBundle, launchChromium, openHtml, screenshot, screenshotOf } from '../helpers/browser';
import { openPanel } from '../helpers/panel-page';
import { hashResult } from '../unit/webview/fixtures';

/** Six endpoints, one of weight 3: its bar is the long one, its mark at 3/8. */
function view(): RingView {
  const v = ringViewOf(hashResult('consistent-hash', 6))!;
  return { ...v, endpoints: v.endpoints.map((ep, i) => ({ ...ep, weight: i === 2 ? 3 : 1 })) };
}

interface Row {
  id: string | null;
  fill: number;
  track: number;
  fair: number | null;
}

async function rows(page: Page): Promise<Row[]> {
  return page.$$eval('.rb-keyspace-row', (els) =>
    els.map((el) => {
      const track = el.querySelector('.rb-keyspace-track')!.getBoundingClientRect();
      const fair = el.querySelector('.rb-keyspace-fair');
      return {
        id: el.getAttribute('data-id'),
        fill: el.querySelector('.rb-keyspace-fill')!.getBoundingClientRect().width,
        track: track.width,
        fair: fair ? fair.getBoundingClientRect().left + 1 - track.left : null,
      };
    }),
  );
}

describe('hash ring: share-of-keyspace bars in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  const ring = view();
  const model = keyspaceBars(ringModel(prepareRing(ring)));

  before(async () => {
    await ensureWebviewBundle();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('draws a bar per endpoint beside the circle, as long as its share, the mark at its fair share', async () => {
    const { page, errors } = await openPanel(browser);
    await page.setViewportSize({ width: 1200, height: 820 });
    await page.evaluate((r) => window.postMessage({ type: 'show', view: 'ring', ring: r }, '*'), ring);
    await page.waitForFunction(() => document.body.dataset.view === 'ring');
    const drawn = await rows(page);
    assert.deepEqual(drawn.map((r) => r.id), model.bars.map((b) => b.id ?? null), 'largest share first, as the model orders them');
    for (const [i, b] of model.bars.entries()) {
      // Sub-pixel layout: within a pixel of the model's length.
      assert.ok(Math.abs(drawn[i].fill - (drawn[i].track * b.share) / model.scale) < 1.5, `${b.id}: fill ${drawn[i].fill} of ${drawn[i].track}, share ${b.share}`);
      assert.ok(Math.abs(drawn[i].fair! - (drawn[i].track * b.fairShare) / model.scale) < 1.5, `${b.id}: fair mark at ${drawn[i].fair}`);
    }
    assert.equal(drawn[0].id, 's3', 'the weight-3 endpoint owns the most');
    // Beside, not below: the bars start right of the circle and overlap it vertically.
    const circle = (await page.locator('svg.rb-ring').boundingBox())!;
    const bars = (await page.locator('.rb-keyspace').boundingBox())!;
    assert.ok(bars.x >= circle.x + circle.width - 1 && bars.y < circle.y + circle.height, `ring ${JSON.stringify(circle)}, bars ${JSON.stringify(bars)}`);
    await screenshot(page, 'readme-ring');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('Tab reaches each row, which names its share; Enter shows what moves without that endpoint, and again restores it', async () => {
    const { page, errors } = await openPanel(browser);
    await page.evaluate((r) => window.postMessage({ type: 'show', view: 'ring', ring: r }, '*'), ring);
    await page.waitForFunction(() => document.body.dataset.view === 'ring');
    const focused = () => page.evaluate(() => ({ cls: document.activeElement?.className ?? '', id: document.activeElement?.getAttribute('data-id'), label: document.activeElement?.getAttribute('aria-label') }));
    const reached: string[] = [];
    for (let i = 0; i < 40 && reached.length < model.bars.length; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      if (f.cls.includes('rb-keyspace-row')) {
        reached.push(f.id!);
        assert.equal(f.label, model.bars.find((b) => b.id === f.id)!.text);
      }
    }
    assert.deepEqual(reached, model.bars.map((b) => b.id));
    await page.locator('.rb-keyspace-row[data-id="s3"]').focus();
    await page.keyboard.press('Enter');
    const status = page.locator('.rb-ring-status');
    await page.waitForFunction(() => document.querySelector('.rb-ring-status')?.hasAttribute('data-moved'));
    const expected = ringModel(prepareRing(ring), { remove: 's3' }).change!.moved;
    assert.equal(Number(await status.getAttribute('data-moved')), expected);
    assert.match(await page.locator('.rb-keyspace-row[data-id="s3"]').getAttribute('aria-label') ?? '', /^s3 \(removed\): 0% of the hash space, fair share 0%$/);
    await page.locator('.rb-keyspace-row[data-id="s3"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('.rb-ring-status')?.hasAttribute('data-moved'));
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  for (const look of [{ colorScheme: 'dark' as const }, { colorScheme: 'dark' as const, forcedColors: 'active' as const }]) {
    it(`in the HTML report, ${look.forcedColors ? 'forced colours' : 'dark'}: bars in the endpoints' colours on a visible track, text in the theme's colour`, async () => {
      const opened = await openHtml(browser, renderReportHtml(hashResult('consistent-hash', 6)), { ...look, viewport: { width: 1400, height: 900 } });
      const { page } = opened;
      await page.locator('.rb-keyspace-row').first().waitFor();
      const look2 = await page.evaluate(() => {
        const row = document.querySelector('.rb-keyspace-row')!;
        // No named helpers in here: tsx would wrap them in a `__name` the page does not have.
        const arc = document.querySelector(`.rb-arc[data-id="${row.getAttribute('data-id')}"]`)!;
        return {
          fill: getComputedStyle(row.querySelector('.rb-keyspace-fill')!).backgroundColor,
          arc: getComputedStyle(arc).fill,
          track: getComputedStyle(row.querySelector('.rb-keyspace-track')!).backgroundColor,
          text: getComputedStyle(row).color,
          bg: getComputedStyle(document.body).backgroundColor,
        };
      });
      assert.equal(look2.fill, look2.arc, 'the bar has its arc\'s colour');
      assert.notEqual(look2.track, 'rgba(0, 0, 0, 0)');
      assert.notEqual(look2.text, look2.bg);
      await screenshotOf(page.locator('.rb-ring-row'), `ring-keyspace-${look.forcedColors ? 'forced' : 'dark'}`);
      const trouble = await collectCsp(opened);
      assert.deepEqual(trouble, { consoleErrors: [], pageErrors: [], cspViolations: [], dialogs: [], requests: [] });
      await page.context().close();
    });
  }
});
