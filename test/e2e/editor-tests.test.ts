/**
 * The editor experience of a pool file in a real VS Code (code-server, the packaged .vsix), with
 * workspace trust on: the thresholds of `orders.rpcpool.json` in the Test Explorer, refused a load
 * test while the workspace is restricted (no request reaches the pool's server) with the reason;
 * once trusted, the Simulate CodeLens above the pool runs that pool without asking which, and the
 * Test Explorer's Simulate profile marks one threshold passed and one failed, with the measured
 * value. Keeps the README's Test Explorer picture (readme-testing.png).
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { E2E, startCodeServer, suiteWithExtension, writeSettings, type CodeServer, type Dirs } from './code-server';
import { outputChannel, waitFor } from './output';
import { acceptDefault, failureShot, openWorkbench, runCommand, screenshot, toast, webviewFrame } from './workbench';

const SUITE = 'editor-tests';
/** Holds for any run; cannot hold for any (no answer takes under a microsecond). */
const PASSES = 'p99<60s';
const FAILS = 'p99<0.001ms';

const TREE_ROW = '.test-explorer .monaco-list-row';
const LENS = '.monaco-editor .codelens-decoration a';

/** The lens whose title ends with `title` (after its icon). */
function lens(page: Page, title: string) {
  return page.locator(LENS, { hasText: title }).first();
}

/**
 * Right-click `label` in the Test Explorer, Execute Using Profile..., `profile`. A click that lands
 * while the menu is still drawing is lost: open the menu again until the profiles are offered.
 */
async function pickProfile(page: Page, label: string, profile: string): Promise<void> {
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: profile }).first();
  for (let i = 1; ; i++) {
    await treeRow(page, label).click({ button: 'right' });
    const item = page.locator('.context-view .action-label', { hasText: 'Execute Using Profile...' }).first();
    await item.waitFor({ timeout: 15_000 });
    await item.hover();
    await item.click();
    if (await row.waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
    if (i >= 5) throw new Error(`Execute Using Profile... never offered "${profile}"`);
    await page.keyboard.press('Escape');
  }
  await row.click({ timeout: 15_000 });
}

/** Opens the pool file from Quick Open, once its lenses are drawn. */
async function openPoolFile(page: Page): Promise<void> {
  await runCommand(page, 'Go to File...');
  await page.locator('.quick-input-widget .quick-input-box input').fill('orders.rpcpool.json');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'orders.rpcpool.json' }).first().click({ timeout: 15_000 });
  await lens(page, 'Simulate').waitFor({ timeout: 60_000 });
}

/** The Test Explorer's row whose label is `label`. */
function treeRow(page: Page, label: string) {
  return page.locator(TREE_ROW, { has: page.locator('.label', { hasText: label }) }).first();
}

/** A row's state as the tree draws it: the codicon of its state icon (`testing-passed-icon`, ...). */
async function rowState(page: Page, label: string): Promise<string> {
  const cls = (await treeRow(page, label).locator('.computed-state').first().getAttribute('class', { timeout: 2_000 }).catch(() => null)) ?? '';
  return /codicon-testing-([a-z-]+)-icon/.exec(cls)?.[1] ?? (cls ? 'unset' : '');
}

describe('VS Code editor: CodeLens and thresholds as tests (code-server)', function () {
  this.timeout(180_000);
  let dirs: Dirs;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let target: Server | undefined;
  let hits = 0;

  before(async function () {
    this.timeout(600_000);
    dirs = suiteWithExtension(SUITE);
    target = createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((ok) => target!.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(target.address() as { port: number }).port}`;
    writeSettings(dirs, {
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'rpcBalancer.loadTest.duration': '2s',
      'rpcBalancer.loadTest.concurrency': 4,
      // The failure message shows in the Test Results; a peek over the editor would cover the lenses.
      'testing.automaticallyOpenPeekView': 'never',
      // No offer to open the checkout around .cache over the README's picture.
      'git.openRepositoryInParentFolders': 'never',
    });
    const pool = {
      name: 'orders',
      transport: 'http',
      endpoints: [{ id: 'o1', address: url }, { id: 'o2', address: url, weight: 2 }],
      strategy: 'weighted-round-robin',
      thresholds: [PASSES, FAILS],
    };
    writeFileSync(join(dirs.workspace, 'orders.rpcpool.json'), JSON.stringify(pool, null, 2) + '\n');
    server = await startCodeServer(dirs, join(E2E, SUITE, 'code-server.log'), { trust: true });
    ({ browser, page } = await openWorkbench(server.url, dirs.workspace));
    // The pool file activates the extension; the Testing view exists once its controller does.
    await waitFor('the extension to activate', () => /activated in [\d.]+ ms/.test(outputChannel(dirs)) || undefined, 120_000);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await failureShot(page, `failed-${SUITE}`, this.currentTest.title);
      await page.keyboard.press('Escape').catch(() => undefined);
    }
  });

  after(async function () {
    await browser?.close();
    await server?.stop();
    if (target) {
      target.closeAllConnections();
      await new Promise<void>((ok) => target!.close(() => ok()));
    }
  });

  it('lists the pool\'s thresholds in the Test Explorer; while the workspace is restricted a load test is refused, by VS Code from the Test Explorer and by us from the lens', async function () {
    await runCommand(page, 'Testing: Focus on Test Explorer View');
    await treeRow(page, 'orders').waitFor({ timeout: 60_000 });
    // Pools open with their thresholds shown.
    if ((await page.locator(TREE_ROW, { hasText: PASSES }).count()) === 0) await treeRow(page, 'orders').click();
    await treeRow(page, PASSES).waitFor({ timeout: 15_000 });
    await treeRow(page, FAILS).waitFor({ timeout: 15_000 });

    // VS Code asks before running any test in a restricted workspace; cancelled, nothing runs.
    await pickProfile(page, 'orders', 'Load test');
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'Running tests may execute code in your workspace' });
    await dialog.waitFor({ timeout: 30_000 });
    await screenshot(page, `${SUITE}-01-restricted-test-run`);
    await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    assert.deepEqual([await rowState(page, PASSES), await rowState(page, FAILS)], ['unset', 'unset'], 'nothing was run');

    // The lens names the pool; the command refuses it a load test and says why.
    await openPoolFile(page);
    await lens(page, 'Run Load Test').click();
    const warning = toast(page, 'is not trusted');
    await warning.waitFor({ timeout: 30_000 });
    assert.match((await warning.textContent()) ?? '', /Pool "orders" comes from the pool file \S*orders\.rpcpool\.json, and this workspace is not trusted: it is not load-tested until you trust the workspace/);
    await screenshot(page, `${SUITE}-02-restricted-lens-refused`);
    assert.equal(hits, 0, 'no request reached the pool\'s server');
  });

  it('once trusted, the Simulate CodeLens simulates that pool without asking which', async function () {
    await runCommand(page, 'Notifications: Clear All Notifications');
    await runCommand(page, 'Workspaces: Manage Workspace Trust');
    await page.locator('.workspace-trust-editor .workspace-trust-buttons .monaco-button', { hasText: /^Trust/ }).first().click({ timeout: 15_000 });
    await waitFor('the extension to hear of the trust', () => outputChannel(dirs).includes('workspace trusted') || undefined, 30_000);

    await openPoolFile(page);
    // An icon glyph may lead each title.
    const titles = (await page.locator(LENS).allTextContents()).map((t) => t.replace(/^[^A-Za-z]+/, '').trim());
    assert.deepEqual(titles, ['Run Load Test', 'Simulate', 'Compare', 'Show Ring'], titles.join(' | '));
    await screenshot(page, `${SUITE}-03-codelens`);
    await lens(page, 'Simulate').click();
    // The pool is the lens's; the strategy and the callers' model are still asked.
    await acceptDefault(page, 'Pick a strategy');
    await acceptDefault(page, "Pick the callers' model");
    const frame = await webviewFrame(page, 'result', async (f) => (await f.$$('.rb-bar')).length > 0, 60_000);
    assert.match(await frame.$eval('h1', (e) => e.textContent ?? ''), /^Simulation: weighted-round-robin/);
    assert.deepEqual(await frame.$$eval('.rb-bar', (els) => els.map((e) => e.getAttribute('data-id'))), ['o1', 'o2']);
    await page.locator('.tabs-container .tab', { hasText: 'Simulation: weighted-round-robin on orders' }).first().waitFor({ timeout: 15_000 });
    await screenshot(page, `${SUITE}-04-codelens-simulation`);
    assert.equal(hits, 0, 'a simulation contacts nothing');
  });

  it('runs the thresholds with the Simulate profile: one passed, one failed with the measured p99', async function () {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Testing: Focus on Test Explorer View');
    await treeRow(page, FAILS).waitFor({ timeout: 15_000 });
    // The default profile is Simulate.
    await runCommand(page, 'Test: Run All Tests');
    await waitFor('a pass and a fail mark', async () => ((await rowState(page, PASSES)) === 'passed' && (await rowState(page, FAILS)) === 'failed') || undefined, 90_000);
    // The failure's message with the measured value, in the Test Results beside the run's output.
    const result = page.locator('.part.panel .monaco-list-row', { hasText: FAILS }).first();
    await waitFor('the failure message with the measured p99', async () => (/p99 was [\d.]+ (ms|s) over [\d,]+ requests, so p99<0\.001ms does not hold/.test((await result.textContent().catch(() => '')) ?? '') ? true : undefined), 30_000);
    await page.keyboard.press('Escape');
    // The run also opens its result: the picture waits until the panel has drawn it.
    await webviewFrame(page, 'result', async (f) => (await f.$$('.rb-bar')).length > 0, 60_000);
    await screenshot(page, 'readme-testing');
    assert.match(outputChannel(dirs), /simulation completed: /);
    assert.equal(hits, 0, 'the Simulate profile contacts nothing');
  });
});
