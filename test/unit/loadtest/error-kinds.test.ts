/** What Node and undici throw, mapped onto a RunResult's error kinds. */
import { strict as assert } from 'node:assert';
import { errors } from 'undici';
import { ConfigError } from '../../../src/engine/errors';
import { errorKindOf } from '../../../src/loadtest/transports/error-kinds';

/** An Error as Node's net and http modules make them: a message and a string `code`. */
const sysError = (code: string, message = `${code} 127.0.0.1:1`) => Object.assign(new Error(message), { code });

describe('loadtest: errorKindOf', () => {
  it("maps Node's socket codes", () => {
    const table: [string, string][] = [
      ['ECONNREFUSED', 'refused'],
      ['ECONNRESET', 'reset'],
      ['EPIPE', 'reset'],
      ['ECONNABORTED', 'reset'],
      ['ETIMEDOUT', 'timeout'],
    ];
    for (const [code, kind] of table) assert.equal(errorKindOf(sysError(code)), kind, code);
  });

  it("maps undici's own error classes", () => {
    const table: [Error, string][] = [
      [new errors.SocketError('other side closed'), 'reset'],
      [new errors.ClientClosedError(), 'reset'],
      [new errors.ClientDestroyedError(), 'reset'],
      [new errors.RequestAbortedError(), 'reset'],
      [new errors.ConnectTimeoutError(), 'timeout'],
      [new errors.HeadersTimeoutError(), 'timeout'],
      [new errors.BodyTimeoutError(), 'timeout'],
      [new errors.InformationalError('bad'), 'protocol'],
    ];
    for (const [err, kind] of table) assert.equal(errorKindOf(err), kind, err.name);
  });

  it("maps llhttp's parse errors (HPE_*), listed or not, to protocol", () => {
    for (const code of ['HPE_INVALID_CONSTANT', 'HPE_INVALID_STATUS', 'HPE_INVALID_HEADER_TOKEN', 'HPE_UNEXPECTED_CONTENT_LENGTH']) {
      assert.equal(errorKindOf(sysError(code)), 'protocol', code);
    }
  });

  it('looks one level down into an AggregateError (happy eyeballs tried several addresses)', () => {
    assert.equal(errorKindOf(new AggregateError([sysError('ECONNREFUSED'), sysError('ETIMEDOUT')], 'all failed')), 'refused');
    assert.equal(errorKindOf(new AggregateError([], 'none')), 'other');
  });

  it('follows a wrapped cause, and falls back to the message when the cause says nothing', () => {
    assert.equal(errorKindOf(new Error('fetch failed', { cause: sysError('ECONNRESET') })), 'reset');
    assert.equal(errorKindOf(new Error('fetch failed', { cause: new Error('x', { cause: sysError('ECONNREFUSED') }) })), 'refused');
    assert.equal(errorKindOf(new Error('socket hang up', { cause: new Error('?') })), 'reset');
  });

  it('does not loop on an error that is its own cause', () => {
    const e = new Error('strange') as Error & { cause?: unknown };
    e.cause = e;
    assert.equal(errorKindOf(e), 'other');
  });

  it('reads resets and timeouts from messages without a code', () => {
    for (const m of ['other side closed', 'Socket hang up', 'socket closed']) assert.equal(errorKindOf(new Error(m)), 'reset', m);
    for (const m of ['request timed out', 'Timeout', 'timed out after 5 s']) assert.equal(errorKindOf(new Error(m)), 'timeout', m);
  });

  it('is other for an unknown code, a config error, and anything not an object', () => {
    assert.equal(errorKindOf(sysError('EWHATEVER', 'mystery')), 'other');
    assert.equal(errorKindOf(new ConfigError('endpoint e.address', 'expected http://host:port, got "x"')), 'other');
    for (const v of [undefined, null, 'ECONNREFUSED', 42, { code: 7 }]) assert.equal(errorKindOf(v), 'other', String(v));
  });
});
