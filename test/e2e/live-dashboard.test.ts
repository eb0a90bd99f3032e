/**
 * The live dashboard in a real VS Code (code-server, the packaged .vsix): a demo load test of 20 s (8 s would do on a quiet machine; here the panel may be found seconds late)
 * draws in the results panel while it runs (bars, lines, the intervals closed so far), and the
 * panel's Cancel button ends it as the notification's would: the partial result replaces the
 * dashboard. Its own suite name for freshDirs: .cache is shared with the other e2e files.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { E2E, startCodeServer, suiteWithExtension, writeSettings, type CodeServer, type Dirs } from './code-server';
import { acceptDefault, choose, failureShot, openWorkbench, runCommand, screenshot, toast, webviewFrame } from './workbench';

const SETTINGS = {
  'rpcBalancer.loadTest.duration': '20s',
  'rpcBalancer.loadTest.concurrency': 8,
  'rpcBalancer.loadTest.timeout': '2s',
};

describe('live dashboard (code-server, packaged .vsix)', function () {
  this.timeout(180_000);
  let dirs: Dirs;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async function () {
    this.timeout(600_000);
    dirs = suiteWithExtension('live-dashboard');
    writeSettings(dirs, SETTINGS);
    server = await startCodeServer(dirs, join(E2E, 'live-dashboard', 'code-server.log'));
    ({ browser, page } = await openWorkbench(server.url, dirs.workspace));
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await failureShot(page, 'live-failed', this.currentTest.title);
  });

  after(async function () {
    await browser?.close();
    await server?.stop();
  });

  it('draws a demo load test while it runs, and its Cancel button keeps and shows the partial result', async function () {
    await runCommand(page, 'RPC Balancer: Start Demo Servers');
    await toast(page, 'Demo servers started').waitFor({ timeout: 30_000 });
    await runCommand(page, 'RPC Balancer: Run Load Test');
    await choose(page, 'demo');
    await acceptDefault(page, 'Pick a strategy');
    await acceptDefault(page, 'Pick a load model');
    // Mid-run: at least one interval drawn, the run not done (the dashboard, not the result, is shown).
    const frame = await webviewFrame(
      page,
      'live',
      async (f) => Number(await f.evaluate(() => document.body.dataset.liveIntervals ?? '0')) >= 1 && (await f.$$('.rb-live .rb-cancel')).length === 1,
      60_000,
    );
    const shot = await screenshot(page, 'live-dashboard-mid-run');
    copyFileSync(shot, join(E2E, 'live-dashboard', 'live-dashboard-mid-run.png'));
    // Read in one go, then Cancel: a loaded machine may spend seconds on each round trip.
    const seen = await frame.evaluate(() => {
      const total = document.querySelector<SVGPathElement>('.rb-throughput .rb-total');
      return {
        title: document.querySelector('.rb-live h1')?.textContent ?? '',
        bars: Array.from(document.querySelectorAll('.rb-section-distribution .rb-bar'), (e) => e.getAttribute('data-id')).sort(),
        d: total?.getAttribute('d') ?? '',
        drawnTo: total?.getBBox().width ?? 0,
        plot: document.querySelector<SVGSVGElement>('.rb-section-timeline svg')?.viewBox.baseVal.width ?? 0,
      };
    });
    await frame.click('.rb-cancel');
    assert.deepEqual(seen.bars, ['s1', 's2', 's3', 's4', 's5']);
    assert.match(seen.d, /^M[\d.]+,[\d.]+/, 'the total throughput line has a point');
    assert.ok(seen.drawnTo < seen.plot * 0.9, `mid-run the line covers part of the 20 s axis: ${seen.drawnTo.toFixed(0)} of ${seen.plot} px`);
    assert.match(seen.title, /^Live: round-robin on demo/);

    await toast(page, 'Load test cancelled').waitFor({ timeout: 15_000 });
    const result = await webviewFrame(page, 'result', async (f) => (await f.$$('.rb-status-cancelled')).length > 0);
    const summary = await result.$eval('.rb-summary', (e) => e.textContent ?? '');
    const seconds = Number(/([\d.]+) s from/.exec(summary)?.[1]);
    assert.ok(seconds > 0.5 && seconds < 19, `the partial result covers the time until the cancel, not 20 s: ${summary}`);
    assert.equal(await result.$$eval('.rb-live', (els) => els.length), 0, 'the result replaced the dashboard');
    await screenshot(page, 'live-dashboard-cancelled');
  });
});
