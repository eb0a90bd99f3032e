/** Placeholders in key templates and request bodies: {seq}, {seq % N}, {random N}, and {column} with request data. */
import { strict as assert } from 'node:assert';
import { ConfigError } from '../../../src/engine/errors';
import { columnsIn, compilePayload, compileTemplate, hasPlaceholder, type Rows } from '../../../src/run/template';

/** A `random` that returns the given values in turn (and fails the test if asked for more). */
function draws(...values: number[]): () => number {
  let i = 0;
  return () => {
    assert.ok(i < values.length, 'random() called more often than the template has {random N}');
    return values[i++];
  };
}
const never = draws();

describe('run: template', () => {
  describe('compileTemplate', () => {
    it('expands {seq} and {seq % N}, with or without spaces', () => {
      const expand = compileTemplate('u-{seq}/{seq % 3}/{ seq%10 }', 't');
      assert.equal(expand(0, never), 'u-0/0/0');
      assert.equal(expand(17, never), 'u-17/2/7');
    });

    it('expands {random N} to floor(random() x N), one draw per placeholder, in order', () => {
      const expand = compileTemplate('{random 10}-{random 2}', 't');
      assert.equal(expand(0, draws(0, 0.999)), '0-1');
      assert.equal(expand(0, draws(0.55, 0.4999)), '5-0');
    });

    it('keeps text that is not a placeholder as it is', () => {
      const text = 'a {sequence} {seq % x} {random} }{ plain';
      assert.equal(compileTemplate(text, 't')(5, never), text);
      assert.equal(compileTemplate('', 't')(5, never), '');
    });

    it('rejects {random 0}, naming the field', () => {
      assert.throws(() => compileTemplate('k-{random 0}', 'key'), (e: Error) => e instanceof ConfigError && e.message === 'key: {random N} needs N >= 1, got "{random 0}"');
    });

    it('rejects {seq % 0}, naming the field', () => {
      assert.throws(() => compileTemplate('k-{seq % 0}', 'request.body.user'), (e: Error) => e instanceof ConfigError && e.message === 'request.body.user: {seq % N} needs N >= 1, got "{seq % 0}"');
    });
  });

  describe('hasPlaceholder', () => {
    it('answers the same on every call (the shared global regex is reset)', () => {
      for (let i = 0; i < 3; i++) {
        assert.equal(hasPlaceholder('x {seq}'), true);
        assert.equal(hasPlaceholder('{random 3}'), true);
        assert.equal(hasPlaceholder('x {seqs}'), false);
      }
    });
  });

  describe('compilePayload', () => {
    it('is undefined when no string in the value has a placeholder', () => {
      assert.equal(compilePayload({ a: 'x', b: [1, 'y', { c: null }], d: true }, 'body'), undefined);
      assert.equal(compilePayload('plain', 'body'), undefined);
      assert.equal(compilePayload(42, 'body'), undefined);
    });

    it('expands placeholders at any depth and leaves the rest untouched', () => {
      const expand = compilePayload({ user: 'u-{seq % 3}', tags: ['t', '{random 4}'], n: 1, nested: { id: '{seq}', flag: false } }, 'body')!;
      assert.deepEqual(expand(7, draws(0.5)), { user: 'u-1', tags: ['t', '2'], n: 1, nested: { id: '7', flag: false } });
      assert.deepEqual(compilePayload(['{seq}', 3], 'params')!(9, never), ['9', 3]);
    });

    it('rejects a bad placeholder deep in the value, naming its JSON path', () => {
      assert.throws(() => compilePayload({ a: [1, { b: '{random 0}' }] }, 'request.body'), (e: Error) => e instanceof ConfigError && e.path === 'request.body.a[1].b');
    });
  });
});

describe('run: {column} placeholders with request data', () => {
  /** Two rows of columns user, sequence, body (row 0's body a JSON object). */
  const rows: Rows = {
    columns: ['user', 'sequence', 'body'],
    cell: (r, c) => [['ann', '7', '{"x":1}'], ['bob', '8', 'plain']][r][c],
    value: (r, c) => (r === 0 && c === 2 ? { x: 1 } : [['ann', '7'], ['bob', '8', 'plain']][r][c]),
  };

  it('splices the row\'s cells beside {seq} and {random N}; {sequence} is a column, not {seq}', () => {
    const expand = compileTemplate('u-{user}-{ sequence }-{seq}-{random 10}', 'key', rows);
    assert.equal(expand(3, draws(0.5), 1), 'u-bob-8-3-5');
    assert.equal(expand(4, draws(0), 0), 'u-ann-7-4-0');
  });

  it('without request data a {name} is literal text, as before', () => {
    assert.equal(hasPlaceholder('{user}'), false);
    assert.equal(hasPlaceholder('{user}', rows), true);
    assert.equal(compilePayload({ a: '{user}' }, 'request.body'), undefined);
  });

  it('a string that is one placeholder takes the cell\'s value; others take its text', () => {
    const payload = compilePayload({ b: '{body}', s: 'is {body}', n: ['{user}'] }, 'request.body', rows)!;
    assert.deepEqual(payload(0, draws(), 0), { b: { x: 1 }, s: 'is {"x":1}', n: ['ann'] });
    assert.deepEqual(payload(1, draws(), 1), { b: 'plain', s: 'is plain', n: ['bob'] });
  });

  it('names the columns a value reads, and rejects one the data lacks with the field\'s path', () => {
    assert.deepEqual([...columnsIn({ a: '{user}-{seq}', b: ['{region}', 3, null], c: '{random 4}' })], ['user', 'region']);
    assert.throws(
      () => compilePayload({ a: [{ b: 'x-{tenant}' }] }, 'request.body', rows),
      (e: Error) => e instanceof ConfigError && e.path === 'request.body.a[0].b' && /no column "tenant" in the request data \(columns: user, sequence, body\)/.test(e.message),
    );
  });
});
