/** Placeholders in key templates and request bodies: {seq}, {seq % N}, {random N}. */
import { strict as assert } from 'node:assert';
import { ConfigError } from '../../../src/engine/errors';
import { compilePayload, compileTemplate, hasPlaceholder } from '../../../src/run/template';

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
