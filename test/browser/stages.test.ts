/**
 * A staged run's timeline in the HTML report (the same bundle as the panel), in headless Chromium:
 * the target dashed beside what was achieved, on the throughput panel (open model) or a callers
 * panel (closed model), with the figures in the timeline's table. Screenshots in test-output/browser/.
 */
import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import { parsePool } from '../../src/pools/parse';
import { renderReportHtml } from '../../src/report';
import { simulate } from '../../src/simulate';
import type { SimulationConfig } from '../../src/simulate';
import { collectCsp, ensureWebviewBundle, launchChromium, openHtml, screenshotOf } from '../helpers/browser';

const pool = parsePool({
  name: 'staged',
  transport: 'http',
  endpoints: ['a', 'b'].map((id, i) => ({ id, address: `http://127.0.0.1:${9101 + i}`, sim: { slots: 64, service: { type: 'exponential', meanMs: 2 } } })),
});

/** The points of an SVG path `M x,y L x,y ...` as [x, y] pairs. */
function pointsOf(d: string): [number, number][] {
  return (d.match(/-?[\d.]+,-?[\d.]+/g) ?? []).map((p) => p.split(',').map(Number) as [number, number]);
}

describe('HTML report: a staged run in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  before(async () => {
    await ensureWebviewBundle();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('draws an open-model ramp: target dashed, sent solid, rising together; Target and Sent in the table', async () => {
    const stages = [{ duration: '4s', target: 2000 }, { duration: '2s', target: 2000 }, { duration: '2s', target: 500, ramp: false }];
    const result = simulate({ pool, seed: 5, load: { model: 'open', stages } } as unknown as SimulationConfig);
    const opened = await openHtml(browser, renderReportHtml(result));
    const { page } = opened;
    await screenshotOf(page.locator('.rb-section-timeline'), 'timeline-stages-open');
    const trouble = await collectCsp(opened);
    assert.deepEqual([trouble.consoleErrors, trouble.pageErrors, trouble.cspViolations], [[], [], []]);

    const target = await page.$eval('.rb-staged path.rb-target', (e) => ({ d: e.getAttribute('d') ?? '', dash: getComputedStyle(e).strokeDasharray }));
    const sent = await page.$eval('.rb-staged path.rb-achieved', (e) => ({ d: e.getAttribute('d') ?? '', dash: getComputedStyle(e).strokeDasharray }));
    assert.notEqual(target.dash, 'none', 'the target is dashed');
    assert.equal(sent.dash, 'none', 'what was sent is solid');
    const t = pointsOf(target.d);
    const s = pointsOf(sent.d);
    assert.ok(t.length >= 8 && t.length === s.length, `${t.length} target points, ${s.length} sent points`);
    // SVG y grows downward: the ramp rises over the first four seconds, the step falls.
    for (let i = 1; i < 4; i++) assert.ok(t[i][1] < t[i - 1][1] && s[i][1] < s[i - 1][1], `rising at ${i}`);
    assert.ok(t[6][1] > t[5][1] && s[6][1] > s[5][1], 'the step down to 500/s');
    for (let i = 0; i < 8; i++) assert.ok(Math.abs(t[i][1] - s[i][1]) < 10, `sent follows the target at ${i}: ${t[i][1]} vs ${s[i][1]}`);
    const key = await page.$$eval('.rb-load-key text', (els) => els.map((e) => e.textContent));
    assert.deepEqual(key, ['target', 'sent (by intended time)']);
    const header = await page.$$eval('.rb-section-timeline table', (tables) => tables.map((tb) => Array.from(tb.querySelectorAll('th')).map((th) => th.textContent)));
    assert.ok(header.some((h) => h.includes('Target') && h.includes('Sent') && h.includes('Dropped')), JSON.stringify(header));
  });

  it('draws closed-model callers in their own panel: target dashed, callers solid', async () => {
    const stages = [2, 8, 4].map((target) => ({ duration: '1s', target, ramp: false }));
    const result = simulate({ pool, seed: 6, load: { model: 'closed', stages } } as unknown as SimulationConfig);
    const opened = await openHtml(browser, renderReportHtml(result));
    const { page } = opened;
    await screenshotOf(page.locator('.rb-section-timeline'), 'timeline-stages-closed');
    const titles = await page.$$eval('.rb-timeline .rb-axis-title', (els) => els.map((e) => e.textContent));
    assert.deepEqual(titles, ['requests/s', 'p99', 'callers']);
    const target = pointsOf(await page.$eval('.rb-staged path.rb-target', (e) => e.getAttribute('d') ?? ''));
    const callers = pointsOf(await page.$eval('.rb-staged path.rb-achieved', (e) => e.getAttribute('d') ?? ''));
    assert.ok(target[1][1] < target[0][1] && target[2][1] > target[1][1], 'target 2, 8, 4');
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(target[i][1] - callers[i][1]) < 5, `callers follow at ${i}`);
    const header = await page.$$eval('.rb-section-timeline table th', (ths) => ths.map((th) => th.textContent));
    assert.ok(header.includes('Target callers') && header.includes('Callers'), header.join(','));
  });
});
