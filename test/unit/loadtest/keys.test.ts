/** Hash keys from the run's KeySpec: a template, a seeded pick from a list, a field of the request. */
import { strict as assert } from 'node:assert';
import { ConfigError } from '../../../src/engine/errors';
import { compileKey } from '../../../src/loadtest/keys';
import type { KeySpec } from '../../../src/pools/types';

const never = (): number => assert.fail('random() was not expected');
const rejects = (spec: unknown, message: string) => () =>
  assert.throws(() => compileKey(spec as KeySpec), (e: Error) => e instanceof ConfigError && e.message === message);

describe('loadtest: compileKey', () => {
  it('no spec, no key function', () => {
    assert.equal(compileKey(undefined), undefined);
  });

  it('a template string expands per request', () => {
    const key = compileKey('user-{seq % 4}-{random 10}')!;
    assert.equal(key(6, () => 0.31, undefined), 'user-2-3');
    assert.equal(compileKey('fixed')!(1, never, undefined), 'fixed');
  });

  it('a list: random() picks the element at floor(r x length)', () => {
    const key = compileKey({ list: ['a', 'b', 'c'] })!;
    assert.deepEqual([0, 0.34, 0.67, 0.9999].map((r) => key(0, () => r, undefined)), ['a', 'b', 'c', 'c']);
  });

  it('a field: reads the path in the expanded request; strings as they are, the rest as JSON', () => {
    const request = { params: ['p0', { id: 7 }], body: { user: 'u1', n: 3, none: null, obj: { x: [1] } } };
    const at = (field: string) => compileKey({ field })!(0, never, request);
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
      assert.equal(compileKey({ field })!(0, never, request), undefined, field);
    }
    assert.equal(compileKey({ field: 'a' })!(0, never, undefined), undefined);
  });

  it('rejects a bad placeholder in a template, naming key', rejects('k-{random 0}', 'key: {random N} needs N >= 1, got "{random 0}"'));
  it('rejects an empty list', rejects({ list: [] }, 'key.list: expected a non-empty array of strings, got []'));
  it('rejects a list that is not an array', rejects({ list: 'a,b' }, 'key.list: expected a non-empty array of strings, got "a,b"'));
  it('rejects a list with a non-string element', rejects({ list: ['a', 2] }, 'key.list: expected a non-empty array of strings, got ["a",2]'));
  it('rejects an empty field', rejects({ field: '' }, 'key.field: expected a path like "params.0", got ""'));
  it('rejects a field that is not a string', rejects({ field: 0 }, 'key.field: expected a path like "params.0", got 0'));
  it('rejects an object that is neither list nor field', rejects({ fields: 'a' }, 'key: expected a template string, {"list": [...]} or {"field": "params.0"}, got {"fields":"a"}'));
  it('rejects a number', rejects(42, 'key: expected a template string, {"list": [...]} or {"field": "params.0"}, got 42'));
  it('rejects null', rejects(null, 'key: expected a template string, {"list": [...]} or {"field": "params.0"}, got null'));
});
