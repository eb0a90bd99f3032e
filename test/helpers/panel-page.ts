/**
 * The VS Code panel's page (renderWebviewHtml) opened in Chromium with a recording
 * `acquireVsCodeApi`: what VS Code injects into every webview, keeping what the page posts and saves.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { newNonce, renderWebviewHtml } from '../../src/report';
import { MEDIA } from './browser';

export interface Recorded {
  posted: unknown[];
  state: unknown;
}

export async function openPanel(browser: Browser, saved?: unknown): Promise<{ page: Page; errors: string[]; url: string }> {
  const html = renderWebviewHtml({
    scriptUri: pathToFileURL(join(MEDIA, 'webview.js')).href,
    styleUri: pathToFileURL(join(MEDIA, 'webview.css')).href,
    nonce: newNonce(),
    cspSource: 'file:',
    title: 'RPC Balancer',
  });
  const file = join(mkdtempSync(join(tmpdir(), 'rb-panel-')), 'panel.html');
  writeFileSync(file, html);
  const page = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  // A string, not a function: tsx would add `__name(...)` helpers to a function's source that do
  // not exist in the page.
  await page.addInitScript({
    content: `(() => {
      const rec = { posted: [], state: ${JSON.stringify(saved ?? null)} ?? undefined };
      window.__vscode = rec;
      window.acquireVsCodeApi = () => ({
        postMessage(m) { rec.posted.push(m); },
        getState() { return rec.state; },
        setState(s) { rec.state = s; },
      });
    })();`,
  });
  const url = pathToFileURL(file).href;
  await page.goto(url);
  return { page, errors, url };
}

export const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __vscode: Recorded }).__vscode);
