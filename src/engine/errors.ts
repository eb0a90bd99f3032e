import { redactText, redactValue } from '../text/redact';

/**
 * A configuration error that names where the problem is and what it is:
 * `maglev: tableSize must be a prime number, got 65536`, `endpoints[2].address: expected ...`.
 */
export class ConfigError extends Error {
  /** Where: a strategy name, a JSON path (`endpoints[2].address`), or `strategy.option`. */
  readonly path: string;
  /** What is wrong, without the path. */
  readonly problem: string;

  constructor(path: string, problem: string) {
    super(path ? `${path}: ${problem}` : problem);
    this.name = 'ConfigError';
    this.path = path;
    this.problem = problem;
  }
}

/**
 * A value as users see it in an error message: strings quoted, the rest as JSON, secrets
 * redacted (src/result/redact.ts). Redacting here rather than at each call site means no echo
 * of a pool value can forget it, and messages end up in results, logs and terminals alike.
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(redactText(value));
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (value === undefined) return 'nothing';
  try {
    // Inside the try: a value nested deeper than the stack is shown as what it is, not thrown.
    const text = JSON.stringify(redactValue(value));
    return text === undefined ? String(value) : text.length > 60 ? text.slice(0, 57) + '...' : text;
  } catch {
    return String(value);
  }
}
