/**
 * Secrets out of results: a RunResult carries the pool it ran against, and results get shared
 * (JSON files, HTML reports, bug reports). `redactPool` returns a deep copy in which
 * - every value under a secret-looking key (at any depth: request headers, gRPC metadata,
 *   discovery settings) becomes "[redacted]": authorization, proxy-authorization, cookie,
 *   set-cookie, x-api-key, api-key, apikey, api_key, and any key containing token, secret,
 *   password, passwd or credential (case-insensitive);
 * - user info in URLs anywhere in a string becomes "[redacted]" (`http://user:pass@host` ->
 *   `http://[redacted]@host`).
 * A hash-key template (`key`) is not a secret and is kept.
 */

export const REDACTED = '[redacted]';

const SECRET_NAMES = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'api_key',
  'x-auth-token',
]);
const SECRET_PARTS = /token|secret|password|passwd|credential/i;
/** scheme://userinfo@ : userinfo has no '/', '@' or whitespace. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s?#]+@/gi;

export function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase()) || SECRET_PARTS.test(name);
}

export function redactUrl(text: string): string {
  return text.replace(URL_USERINFO, `$1${REDACTED}@`);
}

/** Deep copy of any JSON-like value with secrets redacted. */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactUrl(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = isSecretName(k) && v !== undefined && v !== null ? REDACTED : redactValue(v);
    }
    return out;
  }
  return value;
}

export function redactPool<T extends object>(pool: T): T {
  return redactValue(pool) as T;
}
