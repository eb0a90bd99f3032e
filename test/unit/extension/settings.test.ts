import { strict as assert } from 'node:assert';
import { durationOf, formatProblem, joinPath, loadModelOf, poolFromFile, poolsFromSetting, readLoadSettings } from '../../../src/extension/settings';
import { makePlan } from '../../../src/loadtest/plan';
import { parsePool } from '../../../src/pools/parse';

const good = { name: 'api', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:8081' }, { id: 'b', address: 'http://127.0.0.1:8082', weight: 2 }] };

describe('extension settings: rpcBalancer.pools', () => {
  it('parses each valid pool with its place in the setting', () => {
    const [e] = poolsFromSetting([good], 'user');
    assert.equal(e.name, 'api');
    assert.equal(e.origin, 'user');
    assert.equal(e.location, 'rpcBalancer.pools[0]');
    assert.equal(e.problems, undefined);
    assert.deepEqual(e.pool!.endpoints.map((x) => x.id), ['a', 'b']);
  });

  it('names the full setting path of a bad field', () => {
    const bad = { ...good, endpoints: [good.endpoints[0], good.endpoints[1], { id: 'c', address: 'localhost' }] };
    const [, e] = poolsFromSetting([good, bad], 'workspace');
    assert.equal(e.pool, undefined);
    assert.equal(e.name, 'api');
    assert.equal(formatProblem(e.problems![0]), 'rpcBalancer.pools[1].endpoints[2].address: expected http://host:port, got "localhost"');
  });

  it('reports every problem, not just the first', () => {
    const [e] = poolsFromSetting([{ name: 'x', transport: 'smtp', endpoints: [{ id: 'a' }] }], 'user');
    const paths = e.problems!.map((p) => p.path);
    assert.ok(paths.includes('rpcBalancer.pools[0].transport'), paths.join());
    assert.ok(paths.includes('rpcBalancer.pools[0].endpoints[0].address'), paths.join());
  });

  it('rejects a setting that is not an array, naming the setting', () => {
    const [e] = poolsFromSetting({ name: 'api' }, 'user');
    assert.equal(formatProblem(e.problems![0]), 'rpcBalancer.pools: expected an array of pools, got {"name":"api"}');
  });

  it('has nothing for an absent setting', () => {
    assert.deepEqual(poolsFromSetting(undefined, 'user'), []);
  });

  it('names an unnamed pool by its place (a settings entry has no file name)', () => {
    const { name: _n, ...unnamed } = good;
    assert.equal(poolsFromSetting([unnamed], 'user')[0].name, 'rpcBalancer.pools[0]');
  });

  it('joins paths with dots and brackets as users read them', () => {
    assert.equal(joinPath('rpcBalancer.pools[0]', 'endpoints[2].address'), 'rpcBalancer.pools[0].endpoints[2].address');
    assert.equal(joinPath('rpcBalancer.pools[0]', ''), 'rpcBalancer.pools[0]');
    assert.equal(joinPath('rpcBalancer.pools[0]', '["x-id"]'), 'rpcBalancer.pools[0]["x-id"]');
  });
});

describe('extension settings: *.rpcpool.json files', () => {
  it('names the pool after the file when it has no name', () => {
    const { name: _n, ...unnamed } = good;
    const e = poolFromFile(JSON.stringify(unnamed), '/w/pools/orders.rpcpool.json', '/w/pools');
    assert.equal(e.name, 'orders');
    assert.equal(e.origin, 'file');
  });

  it('puts the file before the JSON path of a problem', () => {
    const e = poolFromFile(JSON.stringify({ ...good, transport: 'ftp' }), '/w/a.rpcpool.json', '/w');
    assert.match(formatProblem(e.problems![0]), /^\/w\/a\.rpcpool\.json: transport: /);
  });

  it('says when the file is not JSON', () => {
    const e = poolFromFile('{ "name": ', '/w/a.rpcpool.json', '/w');
    assert.match(formatProblem(e.problems![0]), /^\/w\/a\.rpcpool\.json: not valid JSON/);
  });
});

describe('extension settings: rpcBalancer.loadTest.*', () => {
  const from = (values: Record<string, unknown>) => readLoadSettings((k) => values[k]);

  it('fills the defaults', () => {
    assert.deepEqual(from({}), { defaultStrategy: 'round-robin', model: 'closed', concurrency: 16, rate: 200, durationMs: 10_000, timeoutMs: 2000, warmupMs: 0, stages: [] });
  });

  it('reads durations as pool files write them', () => {
    const s = from({ 'loadTest.duration': '1m30s', 'loadTest.timeout': 250, 'loadTest.warmup': '1.5s' });
    assert.deepEqual([s.durationMs, s.timeoutMs, s.warmupMs], [90_000, 250, 1500]);
  });

  for (const [key, value, message] of [
    ['defaultStrategy', 'fastest', /^rpcBalancer\.defaultStrategy: unknown strategy "fastest" \(valid: round-robin, /],
    ['loadTest.model', 'burst', /^rpcBalancer\.loadTest\.model: expected "closed" or "open", got "burst"$/],
    ['loadTest.concurrency', 0, /^rpcBalancer\.loadTest\.concurrency: expected a whole number from 1 to 10000, got 0$/],
    ['loadTest.concurrency', 2.5, /^rpcBalancer\.loadTest\.concurrency: /],
    ['loadTest.rate', -5, /^rpcBalancer\.loadTest\.rate: /],
    ['loadTest.duration', 'ten seconds', /^rpcBalancer\.loadTest\.duration: expected a duration like "3s"/],
    ['loadTest.duration', 0, /^rpcBalancer\.loadTest\.duration: expected at least 1 ms/],
    ['loadTest.timeout', '0s', /^rpcBalancer\.loadTest\.timeout: expected at least 1 ms/],
    ['loadTest.warmup', -1, /^rpcBalancer\.loadTest\.warmup: /],
    ['loadTest.stages', { duration: '1s' }, /^rpcBalancer\.loadTest\.stages: expected a list like /],
  ] as const) {
    it(`rejects ${key} = ${JSON.stringify(value)}, naming the setting`, () => {
      assert.throws(() => from({ [key]: value }), (e: Error) => (message as RegExp).test(e.message));
    });
  }

  it('turns the model into the runner\'s load', () => {
    const s = from({ 'loadTest.concurrency': 4, 'loadTest.rate': 50 });
    assert.deepEqual(loadModelOf(s), { model: 'closed', concurrency: 4 });
    assert.deepEqual(loadModelOf(s, 'open'), { model: 'open', rate: 50 });
  });

  it('gives stages to the plan as a config writes them, and no duration beside them', () => {
    const stages = [{ duration: '10s', target: 2000 }];
    const s = from({ 'loadTest.stages': stages, 'loadTest.rate': 50 });
    assert.deepEqual(loadModelOf(s, 'open'), { model: 'open', stages });
    assert.deepEqual(durationOf(s), {});
    assert.deepEqual(durationOf(from({})), { durationMs: 10_000 });
    const plan = makePlan({ pool: parsePool({ name: 'p', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1' }] }), load: loadModelOf(s, 'open'), ...durationOf(s) });
    assert.equal(plan.durationMs, 10_000);
  });
});
