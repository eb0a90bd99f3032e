/**
 * The hash key of a request: from the caller's function, or from one request header.
 * undici hands headers over in several shapes depending on who calls `dispatch`:
 * `request()` passes the caller's object or flat `[name, value, ...]` array, `fetch` a plain
 * object of lower-case names, interceptors sometimes a `Headers` or an iterable of pairs.
 */
import type { Dispatcher } from 'undici';

type HeaderValue = string | string[] | Buffer | Buffer[] | readonly (string | Buffer)[] | number | undefined | null;

function text(value: HeaderValue): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => String(v)).join(', ');
  return Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
}

function nameOf(name: unknown): string {
  return (Buffer.isBuffer(name) ? name.toString('latin1') : String(name)).toLowerCase();
}

/** The value of header `lowerName` (already lower case), or undefined when absent. */
export function headerValue(headers: Dispatcher.DispatchOptions['headers'] | unknown, lowerName: string): string | undefined {
  if (headers === undefined || headers === null || typeof headers !== 'object') return undefined;
  if (Array.isArray(headers)) {
    // Either flat [name, value, name, value] or a list of [name, value] pairs.
    if (headers.length > 0 && Array.isArray(headers[0])) return fromPairs(headers as Iterable<[unknown, HeaderValue]>, lowerName);
    for (let i = 0; i + 1 < headers.length; i += 2) {
      if (nameOf(headers[i]) === lowerName) return text(headers[i + 1] as HeaderValue);
    }
    return undefined;
  }
  if (typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return fromPairs(headers as Iterable<[unknown, HeaderValue]>, lowerName);
  }
  for (const [name, value] of Object.entries(headers as Record<string, HeaderValue>)) {
    if (name.toLowerCase() === lowerName) return text(value);
  }
  return undefined;
}

function fromPairs(pairs: Iterable<[unknown, HeaderValue]>, lowerName: string): string | undefined {
  for (const [name, value] of pairs) if (nameOf(name) === lowerName) return text(value);
  return undefined;
}

/** The key for `pick({ key })`: the function wins, then the header; undefined lets a hash strategy pick at random. */
export function requestKey(
  opts: Dispatcher.DispatchOptions,
  key: ((opts: Dispatcher.DispatchOptions) => string | undefined) | undefined,
  keyHeader: string | undefined,
): string | undefined {
  if (key) return key(opts);
  return keyHeader === undefined ? undefined : headerValue(opts.headers, keyHeader);
}
