/**
 * The VS Code panel's page (renderWebviewHtml) in Chromium. VS Code itself is not here: the page
 * gets a recording `acquireVsCodeApi` (what VS Code injects into every webview), so these tests
 * check our side of the protocol: `ready` first, `show` draws and is saved with setState, saved
 * state comes back after a reload, Export and ring clicks post their messages.
 * The real editor is exercised by test/e2e.
 */
import { strict as assert } from 'node:assert';
import type { Browser, Page } from 'playwright-core';
import type { HostMessage } from '../../src/protocol/webview';
import { ensureWebviewBundle, launchChromium, screenshot } from '../helpers/browser';
import { openPanel, recorded, type Recorded } from '../helpers/panel-page';
import { eventfulResult, hashResult } from '../unit/webview/fixtures';


async function post(page: Page, message: HostMessage): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

describe('VS Code panel page in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;

  before(async () => {
    await ensureWebviewBundle();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('says ready, draws a shown result, saves it, and draws it again from saved state after a reload', async () => {
    const result = eventfulResult();
    const { page, errors } = await openPanel(browser);
    await page.waitForFunction(() => (window as unknown as { __vscode: Recorded }).__vscode.posted.length > 0);
    assert.deepEqual((await recorded(page)).posted, [{ type: 'ready' }]);

    await post(page, { type: 'progress', requests: 1234, throughput: 400, p99: 12.5, message: 'running weighted-round-robin' });
    assert.equal(await page.locator('.rb-progress').innerText(), 'running weighted-round-robin, 1,234 requests, 400/s, p99 12.5 ms');

    await post(page, { type: 'show', view: 'result', result });
    await page.waitForFunction(() => document.body.dataset.view === 'result');
    assert.equal(await page.locator('.rb-distribution .rb-bar').count(), result.endpoints.length);
    const saved = (await recorded(page)).state;
    assert.deepEqual(saved, { view: 'result', payload: result });

    await page.locator('.rb-export').click();
    assert.deepEqual((await recorded(page)).posted.slice(-1), [{ type: 'export' }]);
    await screenshot(page, 'panel-result');
    assert.deepEqual(errors, []);
    await page.context().close();

    const reopened = await openPanel(browser, saved);
    await reopened.page.waitForFunction(() => document.body.dataset.view === 'result');
    assert.equal(await reopened.page.locator('.rb-distribution .rb-bar').count(), result.endpoints.length);
    assert.deepEqual(reopened.errors, []);
    await reopened.page.context().close();
  });

  it('posts ringChanged with the number of keys that moved', async () => {
    const result = hashResult('consistent-hash', 5);
    const { page, errors } = await openPanel(browser);
    await post(page, {
      type: 'show',
      view: 'ring',
      ring: { strategy: 'consistent-hash', options: result.ring!.options, endpoints: result.endpoints.map(({ id, address, weight }) => ({ id, address, weight })), sampleKeys: result.ring!.sampleKeys },
    });
    await page.waitForFunction(() => document.body.dataset.view === 'ring');
    await page.locator('.rb-ring-legend button[data-id="s2"]').click();
    const moved = Number(await page.locator('.rb-ring-status').getAttribute('data-moved'));
    assert.ok(moved > 0);
    assert.deepEqual((await recorded(page)).posted.slice(-1), [{ type: 'ringChanged', removed: 's2', moved }]);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
