/**
 * The duration format of pool, scenario and run files (`"3s"`, `"250ms"`, `"1m30s"` or ms). In the
 * engine so the webview can read a result's durations (slow start's window) as the run did.
 */
import { ConfigError, show } from './errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
// One or more number+unit parts, so "1m30s" reads as people write it.
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)/y;

/**
 * A duration as pool and scenario files write it: `"3s"`, `"250ms"`, `"1m"`, `"1.5s"`, `"1m30s"`,
 * or a number of milliseconds. Returns milliseconds; throws a ConfigError naming `path`.
 */
export function parseDuration(value: unknown, path: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) {
      throw new ConfigError(path, `expected a duration of at least 0 ms, got ${show(value)}`);
    }
    return value;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    let total = 0;
    let at = 0;
    PART.lastIndex = 0;
    while (at < text.length) {
      PART.lastIndex = at;
      const m = PART.exec(text);
      if (!m) break;
      total += Number(m[1]) * UNIT_MS[m[2]];
      at = PART.lastIndex;
    }
    if (text.length > 0 && at === text.length) return total;
  }
  throw new ConfigError(path, `expected a duration like "3s", "250ms", "1m" or a number of milliseconds, got ${show(value)}`);
}

/** `1500` -> `"1.5s"`, for messages and for writing scenarios back. */
export function formatDuration(ms: number): string {
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
