/**
 * The lean client's reply parser: every reply gives the same answer however the bytes are split
 * (each split point, and one byte at a time), bodies by content-length, chunked coding and close,
 * 1xx skipped, keep-alive read from the version and `Connection`, and garbage refused.
 */
import assert from 'node:assert/strict';
import { ReplyParser, type ParseError } from '../../../src/loadtest/transports/reply-parser';

interface Parsed {
  status: number;
  body: string;
  keepAlive: boolean;
  load?: string;
  orca?: string;
  retryAfter?: string;
  complete: boolean;
  error?: ParseError;
}

function parse(pieces: Buffer[], opts: { noBody?: boolean; eof?: boolean } = {}): Parsed {
  const out: Parsed = { status: 0, body: '', keepAlive: true, complete: false };
  const parser = new ReplyParser({
    onHead: () => true,
    onBody: (c) => ((out.body += c.toString('latin1')), true),
    onComplete: (p) => {
      out.complete = true;
      Object.assign(out, { status: p.status, keepAlive: p.keepAlive, load: p.load, orca: p.orca, retryAfter: p.retryAfter });
    },
  });
  parser.reset(opts.noBody ?? false);
  for (const piece of pieces) {
    out.error ??= parser.execute(piece);
    if (out.error) break;
  }
  if (opts.eof && !out.error) parser.finish();
  if (!out.complete) out.status = parser.status;
  return out;
}

/** The same answer whole, split at every offset, and one byte at a time. */
function parseEveryWay(reply: string, opts: { noBody?: boolean; eof?: boolean } = {}): Parsed {
  const buf = Buffer.from(reply, 'latin1');
  const whole = parse([buf], opts);
  for (let i = 1; i < buf.length; i++) assert.deepEqual(parse([buf.subarray(0, i), buf.subarray(i)], opts), whole, `split at ${i}`);
  assert.deepEqual(parse([...buf].map((b) => Buffer.from([b])), opts), whole, 'byte by byte');
  return whole;
}

describe('reply-parser', () => {
  it('content-length body, the headers a load test reads, keep-alive', () => {
    const r = parseEveryWay('HTTP/1.1 503 Busy\r\nX-Server-Load: 0.5\r\nendpoint-load-metrics: TEXT a=1\r\nendpoint-load-metrics: TEXT a=2\r\nRetry-After: 2\r\nContent-Length: 5\r\n\r\nhello');
    assert.deepEqual(r, { status: 503, body: 'hello', keepAlive: true, load: '0.5', orca: 'TEXT a=1', retryAfter: '2', complete: true, error: undefined });
  });

  it('chunked body with extensions and trailers; 1xx skipped; Connection: close', () => {
    const r = parseEveryWay('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n');
    assert.equal(r.body, 'hello0123456789');
    assert.equal(r.status, 200);
    assert.equal(r.keepAlive, false);
    assert.equal(r.complete, true);
  });

  it('no length: the body runs to close; HTTP/1.0 is not kept alive; HEAD, 204 and 304 have no body', () => {
    const r = parseEveryWay('HTTP/1.0 200 OK\r\n\r\nuntil close', { eof: true });
    assert.deepEqual([r.body, r.keepAlive, r.complete], ['until close', false, true]);
    assert.equal(parse([Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n')], { noBody: true }).complete, true);
    assert.equal(parseEveryWay('HTTP/1.1 204 No Content\r\n\r\n').complete, true);
    assert.equal(parseEveryWay('HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n').complete, true);
  });

  it('an unfinished reply is not complete at close', () => {
    const r = parse([Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhal')], { eof: true });
    assert.equal(r.complete, false);
  });

  for (const [what, reply] of [
    ['not HTTP', 'this is not HTTP\r\n\r\n'],
    ['a bad version', 'HTTP/2.0 200 OK\r\n\r\n'],
    ['a bad status', 'HTTP/1.1 20 OK\r\n\r\n'],
    ['101 unasked', 'HTTP/1.1 101 Switching Protocols\r\n\r\n'],
    ['a space in a header name', 'HTTP/1.1 200 OK\r\nX Bad: 1\r\nContent-Length: 0\r\n\r\n'],
    ['a line without a colon', 'HTTP/1.1 200 OK\r\nnocolon\r\n\r\n'],
    ['a bare LF', 'HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n'],
    ['a bad content-length', 'HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n'],
    ['two content-lengths that differ', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['an empty chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n'],
    ['a chunk without its CRLF', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcd'],
    ['bytes after the reply', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA'],
  ] as const) {
    it(`refuses ${what} as protocol`, () => {
      assert.equal(parse([Buffer.from(reply, 'latin1')]).error, 'protocol');
    });
  }

  it('a head over 64 KiB is too_large, however it arrives', () => {
    const head = 'HTTP/1.1 200 OK\r\n' + `x-pad: ${'a'.repeat(70_000)}\r\n`;
    assert.equal(parse([Buffer.from(head)]).error, 'too_large');
    assert.equal(parse([Buffer.from(head.slice(0, 40_000)), Buffer.from(head.slice(40_000))]).error, 'too_large');
  });
});
