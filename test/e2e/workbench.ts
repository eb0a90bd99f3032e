/**
 * Driving the workbench the way a user does: the command palette, quick picks, notifications, and
 * the webview's own DOM (each webview is an iframe in an iframe; the inner one is found by the
 * `data-view` the webview bundle sets on its <body>).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Locator, type Page } from 'playwright-core';
import { waitFor } from '../helpers/wait';
import { ROOT } from './code-server';

export const SCREENSHOTS = join(ROOT, 'test-output', 'e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium on the workbench of `folder`, once the workbench and its status bar are drawn. */
export async function openWorkbench(url: string, folder: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.part.statusbar').waitFor({ timeout: 60_000 });
    return { browser, page };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

const INPUT = '.quick-input-widget .quick-input-box input';

/** Runs a command from the palette; retries while the extension's contributions are still being read. */
export async function runCommand(page: Page, title: string, attempts = 4): Promise<void> {
  for (let i = 1; ; i++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator(INPUT);
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(`>${title}`, { timeout: 5_000 });
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 5_000 });
    } catch (e) {
      if (i >= attempts) throw e;
      continue;
    }
    await page.keyboard.press('Enter');
    return;
  }
}

/** Picks the quick-pick row whose label contains `text` (typed into the filter first). */
export async function choose(page: Page, text: string): Promise<void> {
  const input = page.locator(INPUT);
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(text);
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: text }).first().waitFor({ timeout: 10_000 });
  await input.focus();
  await page.keyboard.press('Enter');
}

/** Accepts the quick pick's first row (the default). */
export async function acceptDefault(page: Page, placeholder: string, multiSelect = false): Promise<void> {
  await page.waitForFunction(
    ([sel, ph]) => (document.querySelector(sel) as HTMLInputElement | null)?.placeholder === ph,
    [INPUT, placeholder] as const,
    { timeout: 10_000 },
  );
  // The widget is reused from pick to pick: an Enter pressed while it swaps its rows is lost, so
  // press again until this pick has gone. Each turn first checks that this pick is still the one
  // shown, so a late-taken Enter is never followed by one on the next pick.
  const goneIn = ([sel, ph]: readonly [string, string]): boolean => {
    const input = document.querySelector(sel) as HTMLInputElement | null;
    return !input || input.placeholder !== ph || !input.offsetParent;
  };
  const args = [INPUT, placeholder] as const;
  for (let i = 1; ; i++) {
    if (i > 1 && (await page.evaluate(goneIn, args))) return;
    const row = page.locator('.quick-input-widget .monaco-list-row' + (multiSelect ? '' : '.focused'));
    await row.first().waitFor({ timeout: 10_000 });
    // A webview that just drew may hold the keyboard; give it back to the quick input.
    await page.locator(INPUT).focus();
    await page.keyboard.press('Enter');
    const gone = await page.waitForFunction(goneIn, args, { timeout: 2000 }).then(() => true, () => false);
    if (gone) return;
    if (i >= 10) throw new Error(`the quick pick "${placeholder}" did not take Enter`);
  }
}

/**
 * Runs `title` and picks the row `text` once the pick lists it. Settings written to disk reach
 * the extension host a moment later; a pick opened before that does not list the new pool yet,
 * so it is closed and the command run again (a condition on the DOM, not a sleep). `again` runs
 * before each new try: a test that wrote a settings file writes it again there, because a file
 * watcher's event can be lost on a loaded machine, and then the new settings would never arrive.
 */
export async function runCommandAndChoose(page: Page, title: string, text: string, timeoutMs = 30_000, again?: () => void): Promise<void> {
  const input = page.locator(INPUT);
  const row = page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: text }).first();
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    await runCommand(page, title);
    // The picker can close under us (a settings reload, a notification taking focus): then the
    // fill finds no visible input, and the command is run again rather than the test failing.
    const filled = await input
      .waitFor({ state: 'visible', timeout: 10_000 })
      .then(() => input.fill(text, { timeout: 5_000 }))
      .then(() => true, () => false);
    const listed = filled && (await row.waitFor({ timeout: 3_000 }).then(() => true, () => false));
    if (listed) {
      await input.focus();
      await page.keyboard.press('Enter');
      return;
    }
    if (performance.now() > deadline) throw new Error(`"${title}" never offered "${text}" within ${timeoutMs} ms`);
    await page.keyboard.press('Escape');
    again?.();
  }
}

/**
 * Types a path into the simple file dialog (a quick input) and accepts it. The dialog fills in
 * its own suggestion, sometimes after we typed, and an Enter on its folder path only opens the
 * folder: so wait until it is idle (rows listed, no progress bar) before and after typing, and
 * type again until the Enter closes the dialog.
 */
export async function enterPath(page: Page, path: string): Promise<void> {
  const input = page.locator(INPUT);
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await page.waitForFunction((sel) => ((document.querySelector(sel) as HTMLInputElement | null)?.value ?? '').length > 0, INPUT, { timeout: 10_000 });
  const idle = (want: string | undefined, timeout: number): Promise<boolean> =>
    page
      .waitForFunction(
        ([sel, value]) => {
          const box = document.querySelector(sel) as HTMLInputElement | null;
          const busy = document.querySelector('.quick-input-widget .quick-input-progress.monaco-progress-container.active');
          const rows = document.querySelectorAll('.quick-input-widget .monaco-list-row').length;
          return !!box && !busy && rows > 0 && (value === undefined || box.value === value);
        },
        [INPUT, want] as const,
        { timeout },
      )
      .then(() => true, () => false);
  for (let i = 1; ; i++) {
    await idle(undefined, 10_000);
    await input.fill(path);
    if ((await idle(path, 2_000)) && (await input.inputValue()) === path) {
      await page.keyboard.press('Enter');
      if (await input.waitFor({ state: 'hidden', timeout: 5_000 }).then(() => true, () => false)) return;
    }
    if (i >= 5) throw new Error(`the file dialog kept changing the path: ${await input.inputValue()}`);
  }
}

/**
 * Accepts an input box (no rows, unlike a quick pick) once it shows `value`, pressing Enter again
 * until it has gone (an Enter taken while the widget swaps from the last pick is lost).
 */
export async function acceptInput(page: Page, value: string): Promise<void> {
  await page.waitForFunction(([sel, v]) => (document.querySelector(sel) as HTMLInputElement | null)?.value === v, [INPUT, value] as const, { timeout: 10_000 });
  const input = page.locator(INPUT);
  for (let i = 1; ; i++) {
    await input.focus();
    await page.keyboard.press('Enter');
    if (await input.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false)) return;
    if ((await input.inputValue()) !== value || i >= 5) throw new Error(`the input box did not take ${value}: it shows ${await input.inputValue()}`);
  }
}

/** Clicks a notification's button; progress updates redraw the toast, so a click may need another try. */
export async function clickToastButton(page: Page, toastText: string | RegExp, button: string, attempts = 10): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await toast(page, toastText).locator('.monaco-button', { hasText: button }).first().click({ timeout: 2000 });
      return;
    } catch (e) {
      if (i >= attempts) throw e;
    }
  }
}

export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
}

/** The webview frame currently showing `view`, once `ready(frame)` holds. */
export async function webviewFrame(page: Page, view: string, ready: (f: Frame) => Promise<boolean>, timeoutMs = 30_000): Promise<Frame> {
  return waitFor(
    `a webview showing "${view}"`,
    async () => {
      for (const f of page.frames()) {
        try {
          const v = await f.evaluate(() => document.body?.dataset.view ?? '');
          if (v === view && (await ready(f))) return f;
        } catch {
          // a frame that went away while we asked
        }
      }
      return undefined;
    },
    timeoutMs,
    250,
  );
}

/** A failed test's screenshot, named by its suite and title, so a red run shows what the workbench showed. */
export async function failureShot(page: Page | undefined, prefix: string, title: string): Promise<void> {
  if (page) await screenshot(page, `${prefix}-${title.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}`).catch(() => undefined);
}
