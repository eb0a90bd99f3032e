/**
 * The live dashboard's update path in the panel page (real DOM, real d3): 10,000 `live` messages
 * at 100 endpoints, as the host sends them every 250 ms (an interval closing every 4th), through
 * the page's own message listener. Script time is measured in the page with performance.measure:
 * the listener's work per batch of messages, and the frame that draws them (bracketed by a frame
 * callback registered before the batch and one after, which run around the panel's own).
 * Keeps a screenshot half way (the charts half filled), kept for the README as readme-live-dashboard (scripts/screenshots.mjs).
 */
import { strict as assert } from 'node:assert';
import type { Browser, Page } from 'playwright-core';
import { ensureWebviewBundle, launchChromium, screenshot } from '../helpers/browser';
import { openPanel, recorded, type Recorded } from '../helpers/panel-page';
import { eventfulResult } from '../unit/webview/fixtures';

const UPDATES = 10_000;
const ENDPOINTS = 100;
/**
 * Messages applied per drawn frame (100 frames in all). A real run sends 4 a second and draws each;
 * here the messages come as from a host that was busy for 25 s of the run between two frames, and the
 * frames draw the timeline, which grows to 2,500 intervals.
 */
const BATCH = 100;

/**
 * Defines `window.__drive(from, to)` in the page: builds messages [from, to) (seeded, outside the
 * measures), dispatches them in batches and returns the DOM node count after each drawn frame.
 * A string, not a function: tsx adds `__name(...)` helpers to functions that the page lacks.
 */
const DRIVER = `(() => {
  const N = ${UPDATES}, E = ${ENDPOINTS}, BATCH = ${BATCH};
  let seed = 12345;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const requests = new Array(E).fill(0), errors = new Array(E).fill(0);
  const message = (i) => {
    const intervals = [];
    if (i % 4 === 3) {
      const endpoints = {};
      let total = 0, bad = 0, worst = 0;
      for (let e = 0; e < E; e++) {
        // endpoint 7 slows down half way and loses share, as a latency-aware strategy would make it
        const slow = e === 7 && i > N / 2;
        const n = Math.round((slow ? 2 : 8) + rnd() * 4 + e / 25);
        const err = rnd() < 0.05 ? 1 : 0;
        const p99 = (slow ? 80 : 8) + rnd() * 6;
        requests[e] += n; errors[e] += err; total += n; bad += err; worst = Math.max(worst, p99);
        endpoints['ep-' + e] = { requests: n, errors: err, p50: p99 / 3, p99, inFlight: 2 };
      }
      intervals.push({ t: ((i - 3) / 4) * 1000, total: { requests: total, errors: bad, p50: worst / 3, p99: worst, inFlight: 2 * E }, endpoints });
    }
    const events = i === 0 ? [{ at: 0, type: 'joined', endpoint: 'ep-0' }] : i === N / 2 + 3 ? [{ at: i * 250, type: 'slowed', endpoint: 'ep-7', detail: 'slowed 10x' }] : [];
    let all = 0, bad = 0;
    for (let e = 0; e < E; e++) { all += requests[e]; bad += errors[e]; }
    return {
      type: 'live', run: 'bench', label: 'p2c-peak-ewma on 100 endpoints', elapsedMs: i * 250, totalMs: N * 250,
      requests: all, errors: bad, throughput: all / Math.max(0.25, i / 4), p99: 12, cancellable: true,
      live: { intervalMs: 1000, endpoints: requests.map((r, e) => ({ id: 'ep-' + e, requests: r, errors: errors[e], fairShare: 1 / E, p99: 9 })), intervals, events },
    };
  };
  const frame = (fn) => new Promise((resolve) => requestAnimationFrame(() => { fn(); resolve(); }));
  window.__drive = async (from, to) => {
    const nodes = [];
    for (let i = from; i < to; i += BATCH) {
      const batch = [];
      for (let j = i; j < Math.min(to, i + BATCH); j++) batch.push(message(j));
      let drawStart = 0;
      const before = frame(() => { drawStart = performance.now(); });
      const start = performance.now();
      for (const m of batch) window.dispatchEvent(new MessageEvent('message', { data: m }));
      performance.measure('rb:live-apply', { start, end: performance.now() });
      // Registered now, it runs in the same frame, right after the panel's draw (registered by the first message).
      const after = frame(() => performance.measure('rb:live-draw', { start: drawStart, end: performance.now() }));
      await before;
      await after;
      nodes.push(document.getElementsByTagName('*').length);
    }
    return nodes;
  };
})()`;

interface Spent {
  apply: number;
  draw: number;
  draws: number;
  maxDraw: number;
}

const spent = (page: Page): Promise<Spent> =>
  page.evaluate(`(() => {
    const sum = (name) => performance.getEntriesByName(name).reduce((s, e) => s + e.duration, 0);
    const draws = performance.getEntriesByName('rb:live-draw');
    return { apply: sum('rb:live-apply'), draw: sum('rb:live-draw'), draws: draws.length, maxDraw: Math.max(...draws.map((e) => e.duration)) };
  })()`);

const total = (s: Spent): number => s.apply + s.draw;

describe('live dashboard in the panel page (Chromium)', function () {
  this.timeout(180_000);
  let browser: Browser;

  before(async () => {
    await ensureWebviewBundle();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('applies 10,000 updates at 100 endpoints in under 2 s of script time, adding no DOM node per update after the first', async () => {
    const { page, errors } = await openPanel(browser);
    await page.waitForFunction(() => (window as unknown as { __vscode: Recorded }).__vscode.posted.length > 0);
    await page.evaluate(DRIVER);
    const firstHalf = await page.evaluate(`window.__drive(0, ${UPDATES / 2})`) as number[];
    assert.equal(await page.locator('.rb-live .rb-cancel').isVisible(), true);
    assert.equal(await page.locator('.rb-section-distribution .rb-bar').count(), ENDPOINTS);
    assert.equal(await page.locator('.rb-section-timeline .rb-line').count(), 2 * 9, 'total and the 8 busiest, throughput and p99');
    assert.equal(await page.evaluate(() => document.body.dataset.liveIntervals), String(UPDATES / 8));
    await screenshot(page, 'readme-live-dashboard');
    const secondHalf = await page.evaluate(`window.__drive(${UPDATES / 2}, ${UPDATES})`) as number[];
    const rounds = [await spent(page)];
    const nodes = [...firstHalf, ...secondHalf];
    assert.equal(rounds[0].draws, UPDATES / BATCH);
    // The half-way event adds its marker (a line and its title) and a list item; nothing else may add a node.
    const growth = nodes.slice(1).map((n, i) => n - nodes[i]).filter((d) => d !== 0);
    assert.deepEqual(growth, [3], `node counts per frame changed by ${growth.join(', ')}`);
    assert.deepEqual(errors, []);
    await page.context().close();
    // performance.measure is wall time inside the page: other processes on a shared 2-core machine only
    // add to it. So the bar is on the fastest of up to three whole rounds, each on a fresh page.
    while (rounds.length < 3 && Math.min(...rounds.map(total)) >= 2000) {
      const again = await openPanel(browser);
      await again.page.waitForFunction(() => (window as unknown as { __vscode: Recorded }).__vscode.posted.length > 0);
      await again.page.evaluate(DRIVER);
      await again.page.evaluate(`window.__drive(0, ${UPDATES})`);
      rounds.push(await spent(again.page));
      await again.page.context().close();
    }
    for (const s of rounds) {
      console.log(`      ${UPDATES} updates at ${ENDPOINTS} endpoints: apply ${s.apply.toFixed(0)} ms, ${s.draws} frames ${s.draw.toFixed(0)} ms (largest ${s.maxDraw.toFixed(1)} ms), ` +
        `total ${total(s).toFixed(0)} ms script time`);
    }
    console.log(`      DOM ${nodes[0]} nodes after the first frame, ${nodes.at(-1)} after the last`);
    const best = Math.min(...rounds.map(total));
    assert.ok(best < 2000, `script time ${rounds.map((r) => total(r).toFixed(0)).join(', ')} ms in ${rounds.length} rounds`);
  });

  it('Cancel posts `cancel` once, and the final result replaces the dashboard where it was read', async () => {
    const { page, errors } = await openPanel(browser);
    await page.waitForFunction(() => (window as unknown as { __vscode: Recorded }).__vscode.posted.length > 0);
    await page.evaluate(DRIVER);
    await page.evaluate('window.__drive(0, 400)');
    await page.locator('.rb-cancel').click();
    await page.evaluate(() => document.querySelector<HTMLButtonElement>('.rb-cancel')?.click());
    assert.deepEqual((await recorded(page)).posted.filter((m) => (m as { type: string }).type === 'cancel'), [{ type: 'cancel' }]);
    assert.equal(await page.locator('.rb-cancel').innerText(), 'Cancelling…');

    await page.evaluate(() => window.scrollTo(0, 300));
    const y = await page.evaluate(() => window.scrollY);
    const result = eventfulResult();
    await page.evaluate((r) => window.postMessage({ type: 'show', view: 'result', result: r }, '*'), result);
    await page.waitForFunction(() => document.body.dataset.view === 'result');
    assert.equal(await page.locator('.rb-live').count(), 0);
    assert.equal(await page.locator('.rb-distribution .rb-bar').count(), result.endpoints.length);
    assert.equal(await page.evaluate(() => window.scrollY), y, 'the result is drawn where the dashboard was being read');
    // A late tick of the ended run does not bring the dashboard back.
    await page.evaluate('window.__drive(400, 404)');
    assert.equal(await page.evaluate(() => document.body.dataset.view), 'result');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
