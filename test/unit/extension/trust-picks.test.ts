import { strict as assert } from 'node:assert';
import { STRATEGY_NAMES } from '../../../src/engine/types';
import { modelChoices, poolChoices, preferredStrategy, strategyChoices } from '../../../src/extension/picks';
import { poolsFromSetting, type PoolEntry } from '../../../src/extension/settings';
import { isWorkspaceSupplied, loadTestDecision } from '../../../src/extension/trust';

const pool = { name: 'api', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:8081' }] };

describe('extension trust: restricted mode', () => {
  for (const origin of ['workspace', 'workspaceFolder', 'file'] as const) {
    it(`does not load-test a pool from ${origin} in an untrusted workspace, and says why`, () => {
      const d = loadTestDecision({ name: 'api', origin, location: origin === 'file' ? '/w/api.rpcpool.json' : 'rpcBalancer.pools[0]' }, false);
      assert.equal(d.allowed, false);
      assert.match((d as { reason: string }).reason, /not trusted.*not load-tested until you trust the workspace.*Simulate Pool/);
      assert.ok(isWorkspaceSupplied(origin));
    });
    it(`load-tests a pool from ${origin} once the workspace is trusted`, () => {
      assert.deepEqual(loadTestDecision({ name: 'api', origin, location: 'x' }, true), { allowed: true });
    });
  }
  for (const origin of ['user', 'demo'] as const) {
    it(`load-tests the user's own ${origin} pool in an untrusted workspace`, () => {
      assert.deepEqual(loadTestDecision({ name: 'api', origin, location: 'x' }, false), { allowed: true });
    });
  }
});

describe('extension picks', () => {
  it('offers every strategy, the preferred first and marked default', () => {
    const c = strategyChoices('maglev');
    assert.equal(c[0].value, 'maglev');
    assert.equal(c[0].description, 'default');
    assert.deepEqual([...c.map((x) => x.value)].sort(), [...STRATEGY_NAMES].sort());
    assert.ok(c.every((x) => x.detail && x.detail.length > 0));
  });

  it('offers only hash strategies for the ring, falling back to the first when the preferred is not one', () => {
    assert.deepEqual(strategyChoices('consistent-hash', true).map((x) => x.value), ['consistent-hash', 'bounded-load-hash', 'maglev', 'rendezvous']);
    assert.equal(strategyChoices('round-robin', true)[0].value, 'consistent-hash');
  });

  it('prefers the pool\'s strategy over the setting', () => {
    const [e] = poolsFromSetting([{ ...pool, strategy: 'maglev' }], 'user');
    assert.equal(preferredStrategy(e, 'round-robin'), 'maglev');
    assert.equal(preferredStrategy(poolsFromSetting([pool], 'user')[0], 'random'), 'random');
  });

  it('lists the demo pool first and broken pools last with their first problem', () => {
    const [ok, broken] = poolsFromSetting([pool, { ...pool, name: 'bad', endpoints: [{ id: 'a', address: 'nowhere' }] }], 'user');
    const demo: PoolEntry = { ...ok, name: 'demo', origin: 'demo', location: 'demo servers' };
    const c = poolChoices([broken, ok, demo]);
    assert.deepEqual(c.map((x) => x.value.name), ['demo', 'api', 'bad']);
    assert.equal(c[2].label, '$(error) bad');
    assert.equal(c[2].detail, 'invalid: rpcBalancer.pools[1].endpoints[0].address: expected http://host:port, got "nowhere"');
    assert.equal(c[1].detail, 'http, 1 endpoint');
  });

  it('offers the configured model first', () => {
    assert.deepEqual(modelChoices('open', 8, 100).map((x) => [x.value, x.description]), [['open', 'default'], ['closed', undefined]]);
  });
});
