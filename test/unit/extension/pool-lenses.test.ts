import { strict as assert } from 'node:assert';
import { poolLenses, spotOf } from '../../../src/extension/editor/pool-lenses';
import { poolNodes } from '../../../src/extension/editor/pool-tests';
import { findPoolRef, poolRefOf } from '../../../src/extension/pool-arg';
import { poolFromFile, poolsFromSetting } from '../../../src/extension/settings';

const FILE = '/w/pools/orders.rpcpool.json';
const pool = { name: 'orders', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:8081' }], thresholds: ['p99<200ms', 'errors<1%'] };

describe('pool files in the editor: CodeLens places', () => {
  it('one row of lenses at the pool\'s opening brace, named as the pool list names it', () => {
    const text = `\n\n  ${JSON.stringify(pool, null, 2)}\n`;
    const lenses = poolLenses(text, FILE);
    assert.deepEqual(lenses, [{ kind: 'pool', at: { line: 2, character: 2 }, poolName: 'orders' }]);
    assert.equal(poolFromFile(text, FILE, '/w/pools').name, 'orders');
  });

  it('an unnamed pool is named by the file, as poolFromFile names it, so the lens finds it', () => {
    const { name: _n, ...unnamed } = pool;
    const text = JSON.stringify(unnamed);
    const [lens] = poolLenses(text, FILE);
    assert.equal(lens.kind === 'pool' && lens.poolName, 'orders');
    const entry = poolFromFile(text, FILE, '/w/pools');
    assert.equal(findPoolRef([entry], poolRefOf({ poolName: 'orders', source: FILE })!), entry);
  });

  it('a broken file gets one lens at the line and column where the JSON goes wrong, and no actions', () => {
    const text = '{\n  "name": "orders",\n  "transport": "http",,\n}';
    const lenses = poolLenses(text, FILE);
    assert.deepEqual(lenses, [{ kind: 'broken', at: { line: 2, character: 22 }, problem: 'not valid JSON at line 3, column 23' }]);
  });

  it('a list of pools is not a pool file: one lens says so (settings hold several pools, a file one)', () => {
    const text = ` [${JSON.stringify(pool)}, ${JSON.stringify({ ...pool, name: 'billing' })}]`;
    assert.deepEqual(poolLenses(text, FILE), [{ kind: 'broken', at: { line: 0, character: 1 }, problem: 'a pool file holds one pool, a JSON object, not a list' }]);
    assert.ok(poolFromFile(text, FILE, '/w/pools').problems, 'the pool list reports it too');
  });

  it('an empty file says so', () => {
    assert.equal(poolLenses(' \n ', FILE)[0].kind, 'broken');
  });

  it('counts lines and columns from 0, as vscode.Position does', () => {
    assert.deepEqual(spotOf('ab\ncd\n', 4), { line: 1, character: 1 });
    assert.deepEqual(spotOf('ab', 0), { line: 0, character: 0 });
  });
});

describe('the pool argument of the commands', () => {
  it('takes { poolName, source? } and ignores what a palette or menu passes', () => {
    assert.deepEqual(poolRefOf({ poolName: 'orders', source: FILE }), { name: 'orders', location: FILE });
    assert.deepEqual(poolRefOf({ poolName: 'orders' }), { name: 'orders' });
    for (const other of [undefined, null, 'orders', { poolName: '' }, { path: FILE }]) assert.equal(poolRefOf(other), undefined);
  });

  it('finds the pool by name, in the named file or settings entry when given', () => {
    const entries = [...poolsFromSetting([pool], 'user'), poolFromFile(JSON.stringify(pool), FILE, '/w/pools')];
    assert.equal(findPoolRef(entries, { name: 'orders', location: FILE })?.origin, 'file');
    assert.equal(findPoolRef(entries, { name: 'orders', location: 'rpcBalancer.pools[0]' })?.origin, 'user');
    assert.equal(findPoolRef(entries, { name: 'orders' })?.origin, 'user', 'without a source, the first of that name');
    assert.equal(findPoolRef(entries, { name: 'orders', location: '/w/other.rpcpool.json' }), undefined);
  });
});

describe('pool thresholds in the Test Explorer: the tree', () => {
  it('a pool item per pool with thresholds, a child per clause on the line the file writes it', () => {
    const text = JSON.stringify(pool, null, 2);
    const entries = [poolFromFile(text, FILE, '/w/pools'), ...poolsFromSetting([{ ...pool, name: 'plain', thresholds: undefined }], 'user')];
    const nodes = poolNodes(entries, new Map([[FILE, text]]));
    assert.equal(nodes.length, 1, 'a pool without thresholds has no tests');
    const [n] = nodes;
    assert.equal(n.id, `file:${FILE}`);
    assert.deepEqual(n.at, { line: 0, character: 0 });
    const lines = text.split('\n');
    assert.deepEqual(n.thresholds.map((t) => [t.id, t.text]), [[`file:${FILE}#p99<200ms`, 'p99<200ms'], [`file:${FILE}#errors<1%`, 'errors<1%']]);
    for (const t of n.thresholds) assert.equal(lines[t.at!.line].slice(t.at!.character), `"${t.text}"${t.text === 'p99<200ms' ? ',' : ''}`);
  });

  it('a settings pool\'s thresholds have no place in a file', () => {
    const [n] = poolNodes(poolsFromSetting([pool], 'workspace'));
    assert.equal(n.id, 'workspace:rpcBalancer.pools[0]');
    assert.equal(n.at, undefined);
    assert.ok(n.thresholds.every((t) => t.at === undefined));
  });
});
