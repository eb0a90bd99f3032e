/**
 * Waiting on a condition instead of sleeping: a test goes on as soon as the thing it needs has
 * happened, however slow the machine, and fails with what it was waiting for if it never does.
 * The ceiling is far above what any run needs; it only turns a hang into a clear failure.
 */

/** Polls `check` every `everyMs` until it returns something other than undefined/false; returns that. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000, everyMs = 10): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
