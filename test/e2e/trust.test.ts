/**
 * Restricted mode: a second code-server with workspace trust left on, a workspace that is not
 * trusted and brings its own pool. The pool is not load-tested (the user is told why) but can
 * be simulated.
 */
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { E2E, ensureInstalled, freshDirs, installExtension, packageOnce, startCodeServer, writeSettings, writeWorkspaceSettings, type CodeServer, type Dirs } from './code-server';
import { acceptDefault, choose, clickToastButton, openWorkbench, runCommand, screenshot, toast, webviewFrame } from './workbench';

describe('VS Code extension in an untrusted workspace (restricted mode)', function () {
  this.timeout(120_000);
  let dirs: Dirs;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let target: Server | undefined;
  let hits = 0;

  before(async function () {
    this.timeout(600_000);
    ensureInstalled();
    const vsix = packageOnce();
    dirs = freshDirs('trust');
    installExtension(dirs, vsix);
    // A server the workspace's pool points at: it must get no request.
    target = createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((ok) => target!.listen(0, '127.0.0.1', ok));
    const port = (target.address() as { port: number }).port;
    writeSettings(dirs, { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'rpcBalancer.loadTest.duration': '2s' });
    writeWorkspaceSettings(dirs, {
      'rpcBalancer.pools': [{ name: 'workspace-pool', transport: 'http', endpoints: [{ id: 'w1', address: `http://127.0.0.1:${port}` }] }],
    });
    server = await startCodeServer(dirs, join(E2E, 'trust', 'code-server.log'), { trust: true });
    ({ browser, page } = await openWorkbench(server.url, dirs.workspace));
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await screenshot(page, `failed-trust-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}`).catch(() => undefined);
    }
  });

  after(async function () {
    await browser?.close();
    await server?.stop();
    await new Promise<void>((ok) => (target ? target.close(() => ok()) : ok()));
  });

  it('does not load-test a workspace pool, says why, and simulates it instead', async function () {
    await runCommand(page, 'RPC Balancer: Run Load Test');
    await choose(page, 'workspace-pool');
    const warning = toast(page, 'is not trusted');
    await warning.waitFor({ timeout: 15_000 });
    // Drawn in full (its button too) before the screenshot.
    await warning.locator('.monaco-button', { hasText: 'Simulate Instead' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, '10-untrusted-warning');
    const text = (await warning.textContent()) ?? '';
    assert.match(text, /Pool "workspace-pool" comes from the workspace setting rpcBalancer\.pools\[0\], and this workspace is not trusted/);
    assert.equal(hits, 0, 'no request reached the pool');

    await clickToastButton(page, 'is not trusted', 'Simulate Instead');
    await choose(page, 'workspace-pool');
    await acceptDefault(page, 'Pick a strategy');
    await acceptDefault(page, "Pick the callers' model");
    const frame = await webviewFrame(page, 'result', async (f) => (await f.$$('.rb-bar')).length > 0);
    assert.match(await frame.$eval('h1', (e) => e.textContent ?? ''), /^Simulation: /);
    assert.deepEqual(await frame.$$eval('.rb-bar', (els) => els.map((e) => e.getAttribute('data-id'))), ['w1']);
    await screenshot(page, '11-untrusted-simulation');
    assert.equal(hits, 0, 'a simulation contacts nothing');
  });
});
