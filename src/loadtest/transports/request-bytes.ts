/**
 * The bytes of one HTTP/1.1 request for the lean client. A load test sends the same request
 * again and again, so the head (request line, host, the template's headers) is built once per
 * method, path and header list, and the whole request once more for a static body; a body that
 * varies (JSON-RPC's id, `{seq}`) costs one concatenation. What undici would refuse (a CR or LF
 * in a header, a space in the path) is refused here too, as a failed call.
 */

// RFC 9110 §5.6.2 tchar, for method and header names.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Header values: visible characters, spaces and tabs; no CR, LF or NUL.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
// Request target: no spaces, controls or DEL.
const TARGET = /^[\x21-\x7e\x80-\uffff]+$/;
/** Methods whose request carries a body even when empty, as undici sends them (content-length: 0). */
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

export class InvalidRequestError extends Error {
  readonly code = 'ERR_INVALID_REQUEST';
}

export class RequestBytes {
  private method: string | undefined;
  private path: string | undefined;
  private headers: string[] | undefined;
  private head = '';
  private body: string | null | undefined;
  private whole: Buffer | undefined;

  constructor(
    /** The address's host[:port], the Host header unless the template sets one. */
    private readonly hostHeader: string,
    /** Path prefix from the address (`http://h:1/api` -> `/api`), '' when none. */
    private readonly base: string,
  ) {}

  /** The request's bytes; throws InvalidRequestError for what cannot go on the wire. */
  of(method: string, path: string, headers: string[], body: string | null): string | Buffer {
    if (method !== this.method || path !== this.path || headers !== this.headers) {
      this.head = this.buildHead(method, path, headers);
      this.method = method;
      this.path = path;
      this.headers = headers;
      this.body = undefined;
      this.whole = undefined;
    }
    if (body === this.body && this.whole !== undefined) return this.whole;
    const wire = body === null
      ? this.head + (WITH_BODY.has(method) ? 'content-length: 0\r\n\r\n' : '\r\n')
      : this.head + 'content-length: ' + Buffer.byteLength(body) + '\r\n\r\n' + body;
    if (body === this.body) {
      // The same request twice in a row: a static template, kept as bytes from now on.
      this.whole = Buffer.from(wire, 'utf8');
      return this.whole;
    }
    this.body = body;
    this.whole = undefined;
    return wire;
  }

  private buildHead(method: string, path: string, headers: string[]): string {
    if (!TOKEN.test(method)) throw new InvalidRequestError(`invalid method ${JSON.stringify(method)}`);
    const target = this.base + path;
    if (!TARGET.test(target)) throw new InvalidRequestError(`invalid request path ${JSON.stringify(target)}`);
    let head = `${method} ${target} HTTP/1.1\r\n`;
    let host = false;
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const name = headers[i];
      const value = headers[i + 1];
      if (!TOKEN.test(name) || !FIELD_VALUE.test(value)) throw new InvalidRequestError(`invalid header ${JSON.stringify(name)}`);
      const lower = name.toLowerCase();
      // The length is ours to say: the body is what we send.
      if (lower === 'content-length') continue;
      if (lower === 'host') host = true;
      head += `${name}: ${value}\r\n`;
    }
    return host ? head : `${method} ${target} HTTP/1.1\r\nhost: ${this.hostHeader}\r\n` + head.slice(head.indexOf('\r\n') + 2);
  }
}
