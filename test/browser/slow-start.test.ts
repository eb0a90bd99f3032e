/**
 * Slow-start ramps on the timeline, in headless Chromium, from a real simulated result (a cold
 * joiner with a 4 s ramp, then a second joiner): a band per ramp under the time axis, spanning
 * exactly the ramp's time, rising as the engine's factor does, labelled. Screenshots go to
 * test-output/browser/.
 */
import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import { renderReportHtml } from '../../src/report';
import type { RunResult } from '../../src/result/types';
import { timelineModel } from '../../src/webview/model/timeline';
import { collectCsp, ensureWebviewBundle, launchChromium, openHtml, screenshotOf } from '../helpers/browser';
import { slowStartResult } from '../unit/webview/fixtures';

describe('slow-start ramps on the timeline in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let result: RunResult;

  before(async () => {
    await ensureWebviewBundle();
    browser = await launchChromium();
    result = slowStartResult();
  });
  after(async () => {
    await browser?.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`${colorScheme}: a labelled band per joiner, from its join to the end of its window, under the time axis`, async () => {
      const opened = await openHtml(browser, renderReportHtml(result), { colorScheme });
      const { page } = opened;
      const section = page.locator('.rb-section-timeline');
      await screenshotOf(section, `slow-start-timeline-${colorScheme}`);

      const ramps = await page.$$eval('.rb-timeline .rb-ramp', (els) =>
        els.map((e) => {
          const lane = e.querySelector('.rb-ramp-lane')!.getBoundingClientRect();
          const band = e.querySelector('.rb-ramp-band')!.getBoundingClientRect();
          return {
            endpoint: e.getAttribute('data-endpoint'), label: e.querySelector('text')?.textContent ?? '',
            lane: { left: lane.left, right: lane.right, top: lane.top, bottom: lane.bottom }, band: { left: band.left, right: band.right, top: band.top, bottom: band.bottom },
            fill: getComputedStyle(e.querySelector('.rb-ramp-band')!).fill,
          };
        }),
      );
      assert.deepEqual(ramps.map((r) => [r.endpoint, r.label]), [
        ['s4', 's4 slow start: 10% → 100% over 4.0 s, aggression 2'],
        ['s5', 's5 slow start: 10% → 100% over 4.0 s, aggression 2'],
      ]);
      // The time axis maps [0, xMax] to the plot: the s4 band spans 2 s to 6 s of it.
      const axis = await page.$eval('.rb-timeline .rb-axis-time .domain', (e) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right, bottom: r.bottom };
      });
      const { xMax } = timelineModel(result);
      const xOf = (t: number) => axis.left + ((axis.right - axis.left) * t) / xMax;
      const [s4, s5] = ramps;
      assert.ok(Math.abs(s4.band.left - xOf(2000)) < 2 && Math.abs(s4.band.right - xOf(6000)) < 2, `s4 band ${s4.band.left}..${s4.band.right}, want ${xOf(2000)}..${xOf(6000)}`);
      // Rising to full height by the end of the window: the band fills its lane's height.
      assert.ok(Math.abs(s4.band.top - s4.lane.top) < 1 && Math.abs(s4.band.bottom - s4.lane.bottom) < 1);
      // A lane each, under the time axis.
      assert.ok(s4.lane.top > axis.bottom && s5.lane.top > s4.lane.bottom, 'the lanes are under the time axis, one under the other');
      assert.notEqual(s4.fill, s5.fill, 'each in its endpoint\'s colour');
      // The band's height at a quarter of the window is half the lane (the factor is 0.5 there).
      const quarter = await page.$eval('.rb-timeline .rb-ramp[data-endpoint="s4"] .rb-ramp-band', (e, x) => {
        const path = e as SVGPathElement;
        const box = path.getBoundingClientRect();
        const ctm = path.getScreenCTM()!;
        // The band's upper edge is the first half of its outline: find the point nearest x.
        let best = { d: Infinity, y: 0 };
        const length = path.getTotalLength();
        for (let i = 0; i <= 2000; i++) {
          const p = path.getPointAtLength((length * i) / 2000).matrixTransform(ctm);
          if (p.y < box.bottom - 0.5 && Math.abs(p.x - x) < best.d) best = { d: Math.abs(p.x - x), y: p.y };
        }
        return best.y;
      }, xOf(3000));
      const half = (s4.lane.top + s4.lane.bottom) / 2;
      assert.ok(Math.abs(quarter - half) < 1, `band top ${quarter} at a quarter window, want ${half}`);

      await page.locator('.rb-timeline .rb-ramp[data-endpoint="s4"] .rb-ramp-band').hover();
      assert.match(await page.locator('.rb-tooltip').innerText(), /^s4 slow start: 10% → 100% over 4\.0 s, aggression 2\n/);
      const t = await collectCsp(opened);
      assert.deepEqual([t.cspViolations, t.consoleErrors, t.pageErrors, t.requests], [[], [], [], []]);
      await page.context().close();
    });
  }
});
