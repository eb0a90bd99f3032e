/**
 * The live dashboard in a real VS Code (code-server, the packaged .vsix): a demo load test of 8 s
 * draws in the results panel while it runs (bars, lines, the intervals closed so far), and the
 * panel's Cancel button ends it as the notification's would: the partial result replaces the
 * dashboard. Its own suite name for freshDirs: .cache is shared with the other e2e files.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { E2E, ensureInstalled, freshDirs, installExtension, packageOnce, startCodeServer, writeSettings, type CodeServer, type Dirs } from './code-server';
import { acceptDefault, choose, openWorkbench, runCommand, screenshot, toast, webviewFrame } from './workbench';

const SETTINGS = {
  'rpcBalancer.loadTest.duration': '8s',
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
    ensureInstalled();
    const vsix = packageOnce();
    dirs = freshDirs('live-dashboard');
    installExtension(dirs, vsix);
    writeSettings(dirs, SETTINGS);
    server = await startCodeServer(dirs, join(E2E, 'live-dashboard', 'code-server.log'));
    ({ browser, page } = await openWorkbench(server.url, dirs.workspace));
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot(page, `live-failed-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}`).catch(() => undefined);
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
    const bars = await frame.$$eval('.rb-section-distribution .rb-bar', (els) => els.map((e) => e.getAttribute('data-id')).sort());
    assert.deepEqual(bars, ['s1', 's2', 's3', 's4', 's5']);
    const total = await frame.$eval('.rb-throughput .rb-total', (e) => e.getAttribute('d') ?? '');
    assert.match(total, /^M[\d.]+,[\d.]+/, 'the total throughput line has a point');
    const drawnTo = await frame.$eval('.rb-throughput .rb-total', (e) => (e as SVGGraphicsElement).getBBox().width);
    const plot = await frame.$eval('.rb-section-timeline svg', (e) => (e as SVGSVGElement).viewBox.baseVal.width);
    assert.ok(drawnTo < plot * 0.9, `mid-run the line covers part of the 8 s axis: ${drawnTo.toFixed(0)} of ${plot} px`);
    assert.match(await frame.$eval('.rb-live h1', (e) => e.textContent ?? ''), /^Live: round-robin on demo/);

    await frame.click('.rb-cancel');
    await toast(page, 'Load test cancelled').waitFor({ timeout: 15_000 });
    const result = await webviewFrame(page, 'result', async (f) => (await f.$$('.rb-status-cancelled')).length > 0);
    const summary = await result.$eval('.rb-summary', (e) => e.textContent ?? '');
    const seconds = Number(/([\d.]+) s from/.exec(summary)?.[1]);
    assert.ok(seconds > 0.5 && seconds < 8, `the partial result covers the time until the cancel, not 8 s: ${summary}`);
    assert.equal(await result.$$eval('.rb-live', (els) => els.length), 0, 'the result replaced the dashboard');
    await screenshot(page, 'live-dashboard-cancelled');
  });
});
