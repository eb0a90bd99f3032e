/**
 * The sidebar in a real VS Code (code-server, the packaged .vsix): the RPC Balancer view
 * container, a pool expanded to its endpoints, a broken pool's first problem, a simulation run from
 * the pool's inline action, the run in the Runs view and on disk, reopened from there, and two runs
 * compared side by side. Simulations only: nothing is contacted, no fixed ports.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { assertValidRunResult } from '../../src/result/validate';
import type { RunResult } from '../../src/result/types';
import { E2E, ROOT, startCodeServer, suiteWithExtension, writeSettings, type CodeServer, type Dirs } from './code-server';
import { outputChannel, waitFor } from './output';
import { acceptDefault, choose, failureShot, openWorkbench, screenshot, toast, webviewFrame } from './workbench';

const POOLS = [
  {
    name: 'orders',
    transport: 'http',
    endpoints: [
      { id: 's1', address: 'http://127.0.0.1:9', weight: 2, zone: 'a' },
      // Ten times slower: a latency-aware strategy moves load off it, round robin does not.
      { id: 's2', address: 'http://127.0.0.1:10', weight: 1, zone: 'b', sim: { service: { type: 'lognormal', medianMs: 40, p99Ms: 200 } } },
      { id: 's3', address: 'http://127.0.0.1:11', weight: 1, zone: 'b', priority: 0 },
    ],
    simulation: { defaults: { slots: 4, service: { type: 'lognormal', medianMs: 4, p99Ms: 20 } } },
  },
  { name: 'broken', transport: 'http', endpoints: [{ id: 'x1', address: 'localhost' }] },
];

const SETTINGS = {
  'rpcBalancer.pools': POOLS,
  'rpcBalancer.loadTest.duration': '3s',
  'rpcBalancer.loadTest.concurrency': 8,
};

function view(page: Page, name: string): Locator {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: name }) });
}

function row(page: Page, viewName: string, text: string | RegExp): Locator {
  return view(page, viewName).locator('.monaco-list-row', { hasText: text }).first();
}

function runFiles(dirs: Dirs): string[] {
  const dir = join(dirs.workspace, '.rpc-balancer', 'runs');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).map((n) => join(dir, n)) : [];
}

/** Hovers the pool's row and clicks its inline action `title`. */
async function inlineAction(page: Page, pool: string, title: string): Promise<void> {
  const r = row(page, 'Pools', pool);
  await r.hover();
  await r.locator(`.actions .action-label[aria-label^="${title}"]`).click({ timeout: 10_000 });
}

/**
 * Right-clicks `target` and clicks the menu item `label`. A click taken while the menu still lays
 * itself out is lost (the menu stays open): click again until the menu has gone.
 */
async function contextMenu(page: Page, target: Locator, label: string): Promise<void> {
  await target.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  const item = menu.locator('.action-label', { hasText: label }).first();
  for (let i = 1; ; i++) {
    await item.click({ timeout: 10_000 });
    if (await menu.waitFor({ state: 'detached', timeout: 2_000 }).then(() => true, () => false)) return;
    if (i >= 5) throw new Error(`the context menu did not take "${label}"`);
  }
}

/** Simulates `pool` from its inline action with `strategy`, the default callers' model. */
async function simulateFromTree(page: Page, pool: string, strategy: string): Promise<void> {
  await inlineAction(page, pool, 'Simulate Pool');
  await choose(page, strategy);
  await acceptDefault(page, "Pick the callers' model");
}

describe('VS Code sidebar: pools, run history, compare two runs (code-server)', function () {
  this.timeout(180_000);
  let dirs: Dirs;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async function () {
    this.timeout(600_000);
    dirs = suiteWithExtension('sidebar');
    writeSettings(dirs, SETTINGS);
    server = await startCodeServer(dirs, join(E2E, 'sidebar', 'code-server.log'));
    ({ browser, page } = await openWorkbench(server.url, dirs.workspace));
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await failureShot(page, `sidebar-failed`, this.currentTest.title);
      await page.keyboard.press('Escape').catch(() => undefined);
    }
  });

  after(async function () {
    await browser?.close();
    await server?.stop();
  });

  it('opens the RPC Balancer container: pools with their origin, a broken pool with its first problem', async function () {
    await page.locator('.activitybar .action-item [aria-label^="RPC Balancer"]').first().click({ timeout: 60_000 });
    await row(page, 'Pools', 'orders').waitFor({ timeout: 60_000 });
    assert.match((await row(page, 'Pools', 'orders').textContent()) ?? '', /user settings rpcBalancer\.pools\[0\]/);
    const broken = (await row(page, 'Pools', 'broken').textContent()) ?? '';
    assert.match(broken, /rpcBalancer\.pools\[1\]\.endpoints\[0\]\.address: /);
    await screenshot(page, 'sidebar-01-pools');
  });

  it('expands a pool to its endpoints with address, weight, zone and priority', async function () {
    await row(page, 'Pools', 'orders').click();
    await row(page, 'Pools', 's2').waitFor({ timeout: 10_000 });
    assert.match((await row(page, 'Pools', 's1').textContent()) ?? '', /http:\/\/127\.0\.0\.1:9 · weight 2 · zone a/);
    assert.match((await row(page, 'Pools', 's3').textContent()) ?? '', /weight 1 · zone b · priority 0/);
  });

  it('simulates the pool from its inline action without asking which pool, and records the run', async function () {
    await simulateFromTree(page, 'orders', 'round-robin');
    const frame = await webviewFrame(page, 'result', async (f) => (await f.$$('.rb-bar')).length === 3, 60_000);
    assert.equal(await frame.$eval('h1', (e) => e.textContent), 'Simulation: round-robin');
    await row(page, 'Runs', 'Simulation: round-robin on orders').waitFor({ timeout: 30_000 });
    const files = await waitFor('the run file', () => (runFiles(dirs).length === 1 ? runFiles(dirs) : undefined));
    const saved = JSON.parse(readFileSync(files[0], 'utf8')) as RunResult;
    assertValidRunResult(saved);
    assert.equal(saved.config.strategy, 'round-robin');
    assert.match((await row(page, 'Runs', 'round-robin').textContent()) ?? '', /completed · p99 [\d.]+ ms · 0 errors/);
  });

  it('lists a second run newest first, and reopens the older one from the Runs view', async function () {
    await simulateFromTree(page, 'orders', 'p2c-peak-ewma');
    await webviewFrame(page, 'result', async (f) => (await f.$eval('h1', (e) => e.textContent).catch(() => '')) === 'Simulation: p2c-peak-ewma', 60_000);
    await row(page, 'Runs', 'p2c-peak-ewma').waitFor({ timeout: 30_000 });
    const labels = await view(page, 'Runs').locator('.monaco-list-row').allTextContents();
    assert.ok(labels[0].includes('p2c-peak-ewma') && labels[1].includes('round-robin'), labels.join(' | '));
    await row(page, 'Runs', 'round-robin').click();
    await webviewFrame(page, 'result', async (f) => (await f.$eval('h1', (e) => e.textContent).catch(() => '')) === 'Simulation: round-robin', 30_000);
    assert.equal(runFiles(dirs).length, 2, 'reopening a run records nothing new');
    await screenshot(page, 'sidebar-02-runs');
  });

  it('compares the two selected runs side by side, the better marked', async function () {
    await row(page, 'Runs', 'p2c-peak-ewma').click();
    await row(page, 'Runs', 'round-robin').click({ modifiers: ['Control'] });
    await contextMenu(page, row(page, 'Runs', 'round-robin'), 'Compare Two Runs');
    const frame = await webviewFrame(page, 'runDiff', async (f) => (await f.$$('.rb-diff-table tbody tr')).length >= 5, 30_000);
    const rows = await frame.$$eval('.rb-section-diff tbody tr', (trs) => trs.map((tr) => ({ better: tr.getAttribute('data-better'), cells: Array.from(tr.children, (c) => c.textContent ?? '') })));
    assert.deepEqual(rows.map((r) => r.cells[0]), ['Throughput', 'p50', 'p99', 'p99.9', 'Errors']);
    // A is the older run (round robin), B the newer; with one slow server p2c-peak-ewma's p99 is lower.
    const p99 = rows.find((r) => r.cells[0] === 'p99')!;
    assert.equal(p99.better, 'b', JSON.stringify(p99));
    assert.match(p99.cells[2], /✓$/);
    assert.match(p99.cells[3], /^−/);
    const heads = await frame.$$eval('.rb-section-diff thead th', (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(heads.slice(1, 3), ['A: round-robin', 'B: p2c-peak-ewma']);
    const shares = await frame.$$eval('.rb-section-diff-shares tbody tr th', (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(shares, ['s1', 's2', 's3']);
    assert.match(await frame.$eval('.rb-verdict', (e) => e.textContent ?? ''), /is better: on \d of 5 figures/);
    const shot = await screenshot(page, 'sidebar-03-compare-runs');
    const sidebarShot = join(ROOT, 'test-output', 'e2e', 'sidebar-02-runs.png');
    // The README's pictures (scripts/screenshots.mjs copies them into docs/images/).
    copyFileSync(sidebarShot, join(ROOT, 'test-output', 'e2e', 'readme-sidebar.png'));
    copyFileSync(shot, join(ROOT, 'test-output', 'e2e', 'readme-compare-runs.png'));
    assert.match(outputChannel(dirs), /compare runs: A .*round-robin/);
  });

  it('deletes a run from the history, and lists a corrupt file as skipped with its problem', async function () {
    const before = runFiles(dirs);
    // Alone: a click on it (outside the two selected) makes it the selection.
    await row(page, 'Runs', 'Simulation: round-robin').click();
    await contextMenu(page, row(page, 'Runs', 'Simulation: round-robin'), 'Delete Run');
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Delete' }).first().click({ timeout: 10_000 });
    await waitFor('the run file deleted', () => runFiles(dirs).length === before.length - 1 || undefined);
    await row(page, 'Runs', 'Simulation: round-robin').waitFor({ state: 'detached', timeout: 15_000 });
    writeFileSync(join(dirs.workspace, '.rpc-balancer', 'runs', '2000-01-01T00-00-00-000Z-00-simulation-cut.json'), '{"kind": "simulation", "endpo');
    await view(page, 'Runs').hover();
    await view(page, 'Runs').locator('.actions .action-label[aria-label^="Refresh Runs"]').click({ timeout: 10_000 });
    const skipped = row(page, 'Runs', 'simulation-cut.json');
    await skipped.waitFor({ timeout: 15_000 });
    assert.match((await skipped.textContent()) ?? '', /skipped: not valid JSON/);
    await waitFor('the skipped file in the output', () => /history: skipped .*simulation-cut\.json: not valid JSON/.test(outputChannel(dirs)) || undefined);
  });
});

describe('VS Code sidebar in an untrusted workspace (code-server, restricted mode)', function () {
  this.timeout(180_000);
  let dirs: Dirs;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  /** What the workspace's pool file points at, and its "etcd": neither may hear from us while restricted. */
  let target: Server | undefined;
  const heard: string[] = [];

  before(async function () {
    this.timeout(600_000);
    dirs = suiteWithExtension('sidebar-trust');
    target = createServer((req, res) => {
      heard.push(`${req.method} ${req.url}`);
      res.end('{}');
    });
    await new Promise<void>((ok) => target!.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(target.address() as { port: number }).port}`;
    writeSettings(dirs, { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'rpcBalancer.loadTest.duration': '2s' });
    writeFileSync(join(dirs.workspace, 'file-pool.rpcpool.json'), JSON.stringify({ name: 'file-pool', transport: 'http', endpoints: [{ id: 'f1', address: url }] }));
    writeFileSync(join(dirs.workspace, 'found.rpcpool.json'), JSON.stringify({ name: 'found', transport: 'http', endpoints: [], discovery: { type: 'etcd', endpoints: [url], prefix: '/services/found/' } }));
    server = await startCodeServer(dirs, join(E2E, 'sidebar-trust', 'code-server.log'), { trust: true });
    ({ browser, page } = await openWorkbench(server.url, dirs.workspace));
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await failureShot(page, `sidebar-trust-failed`, this.currentTest.title);
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

  it('shows the workspace pools, and does not ask a discovered pool\'s source for its members', async function () {
    await page.locator('.activitybar .action-item [aria-label^="RPC Balancer"]').first().click({ timeout: 60_000 });
    await row(page, 'Pools', 'file-pool').waitFor({ timeout: 60_000 });
    assert.match((await row(page, 'Pools', 'file-pool').textContent()) ?? '', /pool file file-pool\.rpcpool\.json/);
    await row(page, 'Pools', 'found').click();
    await row(page, 'Pools', 'etcd not asked: workspace not trusted').waitFor({ timeout: 15_000 });
    assert.deepEqual(heard, []);
    await screenshot(page, 'sidebar-trust-01-pools');
  });

  it('refuses the inline Run Load Test of a workspace pool, saying why, and sends nothing', async function () {
    await inlineAction(page, 'file-pool', 'Run Load Test');
    await toast(page, 'is not trusted').waitFor({ timeout: 15_000 });
    assert.deepEqual(heard, []);
  });
});
