import { strict as assert } from 'node:assert';
import { checkPoolFileName, poolTemplate } from '../../../src/extension/sidebar/pool-template';
import { poolFromFile } from '../../../src/extension/settings';
import { findPoolRef, poolRefOf } from '../../../src/extension/pool-arg';
import { poolsFromSetting } from '../../../src/extension/settings';

describe('sidebar: pool file template and pool arguments', () => {
  it('writes a pool file that parses as written, with $schema', () => {
    const text = poolTemplate('orders');
    const entry = poolFromFile(text, '/w/orders.rpcpool.json', '/w');
    assert.equal(entry.problems, undefined, JSON.stringify(entry.problems));
    assert.equal(entry.pool?.name, 'orders');
    assert.equal(entry.pool?.endpoints.length, 3);
    assert.match(JSON.parse(text).$schema, /^https:\/\/.*pool\.schema\.json$/);
  });

  it('rejects a file name that is empty or not a plain name, saying what is allowed', () => {
    assert.equal(checkPoolFileName('orders-2'), undefined);
    assert.match(checkPoolFileName('  ') ?? '', /^a name/);
    assert.match(checkPoolFileName('../x') ?? '', /letters, digits/);
  });

  it('finds the pool a tree node or a bare reference names, and nothing for anything else', () => {
    const entries = poolsFromSetting([{ name: 'a', transport: 'http', endpoints: [{ id: 's1', address: 'http://127.0.0.1:1' }] }, { name: 'b', transport: 'http', endpoints: [{ id: 's1', address: 'http://127.0.0.1:2' }] }], 'user');
    const node = { kind: 'pool', entry: entries[1] };
    assert.equal(findPoolRef(entries, poolRefOf(node)!), entries[1]);
    assert.equal(findPoolRef(entries, poolRefOf({ kind: 'endpoint', pool: entries[0], member: {} })!), entries[0]);
    assert.equal(findPoolRef(entries, poolRefOf({ name: 'b', origin: 'user', location: 'rpcBalancer.pools[1]' })!), entries[1]);
    assert.equal(poolRefOf(undefined), undefined);
    assert.equal(poolRefOf({ name: 'b', origin: 'elsewhere', location: 'x' }), undefined);
    assert.equal(findPoolRef(entries, { name: 'c', origin: 'user', location: 'rpcBalancer.pools[2]' }), undefined);
  });
});
