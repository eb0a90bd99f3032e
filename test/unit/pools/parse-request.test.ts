/** What a pool's request template may hold: header names and values, gRPC metadata, nesting depth, key templates. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDemoProto } from '../../../src/demo/proto';
import { parsePool, PoolErrors } from '../../../src/pools/parse';
import { MAX_NESTING } from '../../../src/pools/parse-request';

type Json = Record<string, unknown>;

function messages(pool: Json, baseDir?: string): string[] {
  try {
    parsePool(pool, { baseDir });
  } catch (e) {
    assert.ok(e instanceof PoolErrors, `expected PoolErrors, got ${e}`);
    return e.errors.map((x) => x.message);
  }
  assert.fail('expected the pool to be rejected');
}

const http = (request: Json): Json => ({ name: 'p', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1' }], request });

/** `depth` nested objects (or arrays), built without recursion. */
function nested(depth: number, array = false): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = array ? [v] : { a: v };
  return v;
}

describe('pools/parse-request: headers', () => {
  const cases: [string, Json, string][] = [
    ['a CR/LF in a value', { 'x-a': 'v\r\nx-injected: 1' }, 'request.headers["x-a"]: a header value is visible ASCII, spaces and tabs (no CR, LF, other controls or non-ASCII), found "\\r" at offset 1'],
    ['a non-ASCII value', { 'x-a': 'café' }, 'request.headers["x-a"]: a header value is visible ASCII, spaces and tabs (no CR, LF, other controls or non-ASCII), found "é" at offset 3'],
    ['a name with a space', { 'x a': 'v' }, 'request.headers["x a"]: a header name is a token (letters, digits and !#$%&\'*+-.^_`|~), found " " at offset 1'],
    ['a name with a colon', { 'x:a': 'v' }, 'request.headers["x:a"]: a header name is a token (letters, digits and !#$%&\'*+-.^_`|~), found ":" at offset 1'],
    ['an empty name', { '': 'v' }, 'request.headers[""]: a header name is a token (letters, digits and !#$%&\'*+-.^_`|~), found nothing (it is empty)'],
    ['a framing header', { 'Transfer-Encoding': 'chunked' }, 'request.headers["Transfer-Encoding"]: set by the transport itself; leave it out'],
  ];
  for (const [what, headers, message] of cases) {
    it(`rejects ${what} with the JSON path`, () => assert.deepEqual(messages(http({ method: 'GET', path: '/', headers })), [message]));
  }

  it('does not echo the value it rejects (it may be a secret)', () => {
    const [message] = messages(http({ headers: { authorization: 'Bearer s3cret\n' } }));
    assert.doesNotMatch(message, /s3cret/);
  });

  it('accepts ordinary headers, tabs and the punctuation tokens allow', () => {
    const pool = parsePool(http({ headers: { 'X-Trace_ID.v2': 'a\tb c', "x-!#$%&'*+-.^_`|~": '~' } }));
    assert.ok(pool.request);
  });

  it('checks jsonrpc headers the same way', () => {
    const pool = { name: 'p', transport: 'jsonrpc', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1' }], request: { method: 'm', headers: { 'bad name': 'v' } } };
    assert.match(messages(pool)[0], /^request\.headers\["bad name"\]: a header name is a token/);
  });
});

describe('pools/parse-request: gRPC metadata', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pool-'));
    writeDemoProto(join(dir, 'demo.proto'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const grpc = (metadata: Json): Json => ({ transport: 'grpc', endpoints: [{ id: 'a', address: 'h:1' }], request: { proto: 'demo.proto', service: 'demo.Echo', method: 'Call', metadata } });

  it('rejects a key with a space, a reserved grpc- key, a bad -bin value and a control character in a value', () => {
    assert.deepEqual(messages(grpc({ 'x user': 'v', 'grpc-timeout': '1S', 'trace-bin': 'not base64!', 'x-ok': 'a\u0001' }), dir), [
      'request.metadata["x user"]: a gRPC metadata key is lowercase letters, digits and - _ . (a -bin suffix for binary), found " " at offset 1',
      'request.metadata["grpc-timeout"]: keys starting with "grpc-" are reserved for gRPC itself',
      'request.metadata["trace-bin"]: a -bin key\'s value is base64 (the bytes to send)',
      'request.metadata["x-ok"]: a gRPC metadata value is printable ASCII, found "\\u0001" at offset 1',
    ]);
  });

  it('accepts lowercase keys, upper case (grpc-js lowercases it) and base64 -bin values', () => {
    assert.ok(parsePool(grpc({ 'x-user': 'u1', 'X-Tenant': 't', 'trace-bin': 'AAEC' }), { baseDir: dir }).request);
  });
});

describe('pools/parse-request: nesting depth', () => {
  it(`rejects a body nested deeper than ${MAX_NESTING} levels, naming where, without overflowing the stack`, () => {
    const [message] = messages(http({ method: 'POST', path: '/', body: nested(100_000) }));
    assert.equal(message, `request.body${'.a'.repeat(MAX_NESTING)}: nested deeper than ${MAX_NESTING} levels`);
  });

  it('rejects deep jsonrpc params (arrays) the same way, and accepts exactly the limit', () => {
    const pool = (params: unknown): Json => ({ name: 'p', transport: 'jsonrpc', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1' }], request: { method: 'm', params } });
    assert.equal(messages(pool(nested(MAX_NESTING + 1, true)))[0], `request.params${'[0]'.repeat(MAX_NESTING)}: nested deeper than ${MAX_NESTING} levels`);
    assert.ok(parsePool(pool(nested(MAX_NESTING, true))).request);
  });
});

describe('pools/parse-request: error messages redact what they echo', () => {
  it('an address with user info, a path with a token', () => {
    const text = messages({ name: 'p', transport: 'http', endpoints: [{ id: 'a', address: 'http://alice:s3cret@h:1' }], request: { path: 'nope?token=t0ken' } }).join('\n');
    assert.match(text, /endpoints\[0\]\.address: .*got "http:\/\/\[redacted\]@h:1"/);
    assert.match(text, /request\.path: .*got "nope\?token=\[redacted\]"/);
    assert.doesNotMatch(text, /s3cret|t0ken/);
  });
});
