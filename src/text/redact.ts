/**
 * Secrets out of everything people see: a RunResult carries the pool it ran against, results get
 * shared (JSON files, HTML reports, bug reports), and error messages echo what they reject. One
 * rule, for text and JSON-like values here (src/result/redact.ts applies it to pools and results;
 * engine/errors.ts's `show` to every echoed value):
 * - a secret name is one containing (case-insensitive) auth, key, token, secret, pass, pwd,
 *   cookie, session or credential: `authorization`, `x-goog-api-key`, `proxy-authorization`,
 *   `access_token`, `passphrase`, `private_key`; for header and metadata names and query or
 *   form parameters any `key` counts (`?key=` is how Google passes API keys), for fields of JSON
 *   bodies only a qualified one (`api_key`, `private_key`, `secretKey`): a body field named `key`
 *   is usually the hash or cache key the test is about, and hiding it would hide the test;
 * - the value under a secret name becomes "[redacted]": header and metadata values, JSON body
 *   fields at any depth, query parameters in paths and URLs (`?token=[redacted]`), fields of
 *   form bodies (`user=bob&pwd=[redacted]`), `"password": "..."` pairs inside text;
 * - URL user info becomes "[redacted]" (`http://user:pass@host` -> `http://[redacted]@host`);
 * - credentials after an auth scheme anywhere become "[redacted]" (`Bearer [redacted]`, `Basic [redacted]`).
 * The pool's own settings (the hash-key template `key`, strategy and outlier options, simulation
 * settings) are not user data and are kept as they are.
 */

export const REDACTED = '[redacted]';

const SECRET_PARTS = /auth|key|token|secret|pass|pwd|cookie|session|credential/i;
/** The same without a bare `key`, for JSON body fields (see the module comment). */
const SECRET_FIELD = /auth|token|secret|pass|pwd|cookie|session|credential|(api|private|access|signing|client|master|encryption|license|app)[-_.]?key/i;
/** scheme://userinfo@ : userinfo has no '/', '@' or whitespace. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s?#"']+@/gi;
/** `name=value` after `?`, `&`, `;`, the start of the text or a space/quote: query strings and form bodies. */
const NAME_VALUE = /(^|[?&;\s"'])([^=&?#;\s"']+)=([^&#;\s"']*)/g;
/** `"name": value` pairs inside text (a JSON body given as a string, an echoed object). */
const JSON_PAIR = /(["'])([^"'\\]+)\1(\s*:\s*)("(?:[^"\\]|\\.)*"?|[^,{}[\]\s]+)/g;
/** HTTP auth schemes followed by their credentials. */
const AUTH_SCHEME = /\b(Bearer|Basic|Digest|Negotiate)(\s+)[A-Za-z0-9._~+/=:-]+/gi;


/** A header, metadata, query or form parameter name that holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_PARTS.test(name);
}

/** A JSON body field name that holds a secret. */
export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** URL user info only (kept for callers that want just that). */
export function redactUrl(text: string): string {
  return text.replace(URL_USERINFO, `$1${REDACTED}@`);
}

/** Every secret the text rule finds in free text: user info, secret query/form parameters, JSON pairs, auth-scheme credentials. */
export function redactText(text: string): string {
  if (text.length === 0) return text;
  return redactUrl(text)
    .replace(NAME_VALUE, (all, lead: string, name: string) => (isSecretName(name) ? `${lead}${name}=${REDACTED}` : all))
    .replace(JSON_PAIR, (all, q: string, name: string, colon: string) => (isSecretField(name) ? `${q}${name}${q}${colon}"${REDACTED}"` : all))
    .replace(AUTH_SCHEME, (_all, scheme: string, space: string) => `${scheme}${space}${REDACTED}`);
}


/** Maps whose keys are header or metadata names. */
const HEADER_MAPS = new Set(['headers', 'metadata']);

/** Deep copy of any JSON-like value with secrets redacted. */
export function redactValue(value: unknown): unknown {
  return redactIn(value, new Set());
}

const NONE: ReadonlySet<string> = new Set();

/** `names`: this object's keys are header or metadata names (the wider rule). */
export function redactIn(value: unknown, keep: ReadonlySet<string>, names = false): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactIn(v, NONE));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const secret = names ? isSecretName(k) : isSecretField(k);
      if (keep.has(k)) out[k] = v;
      else out[k] = secret && v !== undefined && v !== null ? REDACTED : redactIn(v, NONE, HEADER_MAPS.has(k));
    }
    return out;
  }
  return value;
}

