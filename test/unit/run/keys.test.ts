/**
 * Hash keys from a checked KeySpec: a template, a seeded pick from a list, a field of the request,
 * a key space. Bad specs are rejected before this (parsePool / planRun: see test/unit/run/plan.test.ts).
 */
import { strict as assert } from 'node:assert';
import { compileKey, keyNeedsRequest } from '../../../src/run/keys';

/** A `random` that returns the given values in turn (and fails the test if asked for more). */
function draws(...values: number[]): () => number {
  let i = 0;
  return () => {
    assert.ok(i < values.length, 'random() called more often than expected');
    return values[i++];
  };
}
const never = draws();

describe('run: compileKey', () => {
  it('no spec, no key function', () => {
    assert.equal(compileKey(undefined, never), undefined);
  });

  it('a template string expands per request, drawing from the given random', () => {
    const key = compileKey('user-{seq % 4}-{random 10}', draws(0.31, 0.99))!;
    assert.equal(key(6, undefined), 'user-2-3');
    assert.equal(key(7, undefined), 'user-3-9');
    assert.equal(compileKey('fixed', never)!(1, undefined), 'fixed');
  });

  it('a list: random() picks the element at floor(r x length)', () => {
    const key = compileKey({ list: ['a', 'b', 'c'] }, draws(0, 0.34, 0.67, 0.9999))!;
    assert.deepEqual([0, 1, 2, 3].map((seq) => key(seq, undefined)), ['a', 'b', 'c', 'c']);
  });

  it('a key space: key-1 .. key-<space>, uniform by floor(r x space) + 1', () => {
    const key = compileKey({ space: 10 }, draws(0, 0.5, 0.9999))!;
    assert.deepEqual([0, 1, 2].map((seq) => key(seq, undefined)), ['key-1', 'key-6', 'key-10']);
  });

  it('a field: reads the path in the expanded request; strings as they are, the rest as JSON', () => {
    const request = { params: ['p0', { id: 7 }], body: { user: 'u1', n: 3, obj: { x: [1] } } };
    const at = (field: string) => compileKey({ field }, never)!(0, request);
    assert.equal(at('params.0'), 'p0');
    assert.equal(at('params.1'), '{"id":7}');
    assert.equal(at('params.1.id'), '7');
    assert.equal(at('body.user'), 'u1');
    assert.equal(at('body.n'), '3');
    assert.equal(at('body.obj'), '{"x":[1]}');
  });

  it('a field that is missing, null, or under a non-object gives no key', () => {
    const request = { body: { user: 'u1', none: null } };
    for (const field of ['body.nope', 'body.none', 'body.user.length', 'nope.deeper', 'body.none.x']) {
      assert.equal(compileKey({ field }, never)!(0, request), undefined, field);
    }
    assert.equal(compileKey({ field: 'a' }, never)!(0, undefined), undefined);
  });

  it('only a field needs the request built to know the key', () => {
    assert.equal(keyNeedsRequest({ field: 'params.0' }), true);
    for (const spec of [undefined, 'k-{seq}', { list: ['a'] }, { space: 3 }]) assert.equal(keyNeedsRequest(spec), false, JSON.stringify(spec));
  });
});
