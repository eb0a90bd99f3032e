/**
 * Browser test helpers: the webview bundle (rebuilt when its sources are newer), Debian's
 * Chromium driven by playwright-core, and a page that records everything that should not happen
 * (console errors, page errors, CSP violations, dialogs).
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const ROOT = resolve(__dirname, '..', '..');
export const MEDIA = join(ROOT, 'media');
export const SCREENSHOTS = join(ROOT, 'test-output', 'browser');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** What the webview bundle is built from: a change in any of these makes media/webview.js stale. */
const SOURCE_DIRS = ['src/webview', 'src/result', 'src/engine', 'src/protocol'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds media/webview.js (+ webview.css) with the same options as scripts/build.mjs's webview
 * entry, unless it is newer than every source it bundles.
 */
export async function ensureWebviewBundle(): Promise<void> {
  const out = join(MEDIA, 'webview.js');
  const sources = Math.max(...SOURCE_DIRS.map((d) => newestMtime(join(ROOT, d))));
  if (existsSync(out) && existsSync(join(MEDIA, 'webview.css')) && statSync(out).mtimeMs >= sources) return;
  await build({
    entryPoints: [join(ROOT, 'src/webview/main.ts')],
    outfile: out,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    bundle: true,
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
  });
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; run scripts/ensure-chromium.sh`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** What went wrong on a page; every browser test asserts these stay empty. */
export interface PageTrouble {
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
  dialogs: string[];
  requests: string[];
}

export interface OpenedPage {
  page: Page;
  trouble: PageTrouble;
  /** ms from navigation start until the view was drawn, and the view's own render time. */
  loadMs: number;
  renderMs: number;
}

/**
 * Writes `html` to a temp dir and opens it by file:// URL, as a user opens a report, after
 * installing listeners for errors, CSP violations, dialogs and any network request.
 */
export interface PageLook {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  forcedColors?: 'active' | 'none';
}

export async function openHtml(browser: Browser, html: string, look: PageLook = {}): Promise<OpenedPage> {
  const { viewport = { width: 1200, height: 900 }, colorScheme = 'light', forcedColors = 'none' } = look;
  const dir = await mkdtemp(join(tmpdir(), 'rpc-balancer-report-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const context = await browser.newContext({ viewport, colorScheme, forcedColors });
  const page = await context.newPage();
  const trouble: PageTrouble = { consoleErrors: [], pageErrors: [], cspViolations: [], dialogs: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') trouble.consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => trouble.pageErrors.push(e.message));
  page.on('dialog', (d) => {
    trouble.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  const url = pathToFileURL(file).href;
  page.on('request', (r) => {
    if (r.url() !== url) trouble.requests.push(r.url());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`));
  });
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.renderMs !== undefined, undefined, { timeout: 15_000 });
  const loadMs = Date.now() - started;
  const renderMs = Number(await page.evaluate(() => document.body.dataset.renderMs));
  return { page, trouble, loadMs, renderMs };
}

/** CSP violations recorded in the page (call before asserting on `trouble`). */
export async function collectCsp(opened: OpenedPage): Promise<PageTrouble> {
  const csp = await opened.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  opened.trouble.cspViolations.push(...csp);
  return opened.trouble;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A screenshot of one element (a chart, a section), kept beside the full-page ones. */
export async function screenshotOf(locator: Locator, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await locator.screenshot({ path });
  return path;
}
