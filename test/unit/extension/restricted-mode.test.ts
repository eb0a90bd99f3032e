/** Restricted mode: what a workspace that is not trusted may make the extension contact or change. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESTRICTED_SETTINGS, scopedValue } from '../../../src/extension/setting-scopes';
import { readLoadSettings } from '../../../src/extension/settings';
import { discoveryDecision } from '../../../src/extension/trust';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const etcd = { type: 'etcd' as const, endpoints: ['http://127.0.0.1:2379'], prefix: '/services/orders/' };
const dns = { type: 'dns-srv' as const, name: '_api._tcp.example.test', server: '127.0.0.1:5353' };

describe('extension restricted mode: discovery', () => {
  for (const origin of ['workspace', 'workspaceFolder', 'file'] as const) {
    for (const discovery of [etcd, dns]) {
      it(`does not query the ${discovery.type} discovery of a pool from ${origin} in an untrusted workspace, and says why`, () => {
        const location = origin === 'file' ? '/w/orders.rpcpool.json' : 'rpcBalancer.pools[0]';
        const d = discoveryDecision({ name: 'orders', origin, location, pool: { discovery } }, false);
        assert.equal(d.allowed, false);
        const where = origin === 'file' ? 'the pool file /w/orders.rpcpool.json' : 'the workspace setting rpcBalancer.pools[0]';
        assert.equal(
          (d as { reason: string }).reason,
          `Pool "orders" comes from ${where}, and this workspace is not trusted: its ${discovery.type} discovery is not queried until you trust the workspace ` +
            '(its static endpoints, Simulate Pool and Show Hash Ring still work).',
        );
      });
      it(`queries the ${discovery.type} discovery of a pool from ${origin} once the workspace is trusted`, () => {
        assert.deepEqual(discoveryDecision({ name: 'orders', origin, location: 'x', pool: { discovery } }, true), { allowed: true });
      });
    }
  }
  for (const origin of ['user', 'demo'] as const) {
    it(`queries the discovery of the user's own ${origin} pool in an untrusted workspace`, () => {
      assert.deepEqual(discoveryDecision({ name: 'orders', origin, location: 'x', pool: { discovery: etcd } }, false), { allowed: true });
    });
  }
  it('has nothing to refuse for a workspace pool without discovery (its members are its own list)', () => {
    assert.deepEqual(discoveryDecision({ name: 'api', origin: 'file', location: '/w/api.rpcpool.json', pool: {} }, false), { allowed: true });
  });
});

describe('extension restricted mode: settings scopes', () => {
  const all = { defaultValue: 16, globalValue: 3, workspaceValue: 999, workspaceFolderValue: 5000 };

  it('ignores workspace and folder values in an untrusted workspace, and says it did', () => {
    assert.deepEqual(scopedValue(all, false), { value: 3, ignoredWorkspaceValue: true });
    assert.deepEqual(scopedValue({ defaultValue: 16, workspaceValue: 999 }, false), { value: 16, ignoredWorkspaceValue: true });
  });

  it('uses folder over workspace over user over default in a trusted workspace', () => {
    assert.deepEqual(scopedValue(all, true), { value: 5000, ignoredWorkspaceValue: false });
    assert.deepEqual(scopedValue({ ...all, workspaceFolderValue: undefined }, true), { value: 999, ignoredWorkspaceValue: false });
    assert.deepEqual(scopedValue({ defaultValue: 16, globalValue: 3 }, true), { value: 3, ignoredWorkspaceValue: false });
    assert.deepEqual(scopedValue({ defaultValue: 16 }, true), { value: 16, ignoredWorkspaceValue: false });
  });

  it('reads nothing when the setting is unknown to the host', () => {
    assert.deepEqual(scopedValue(undefined, false), { value: undefined, ignoredWorkspaceValue: false });
  });

  it('gives the user\'s load settings, not the workspace\'s, in an untrusted workspace', () => {
    const scopes: Record<string, { globalValue?: unknown; workspaceValue?: unknown }> = {
      defaultStrategy: { workspaceValue: 'maglev' },
      'loadTest.model': { workspaceValue: 'open' },
      'loadTest.concurrency': { globalValue: 3, workspaceValue: 999 },
      'loadTest.rate': { workspaceValue: 1_000_000 },
      'loadTest.duration': { globalValue: '2s', workspaceValue: '1h' },
      'loadTest.timeout': { workspaceValue: '10m' },
      'loadTest.warmup': { workspaceValue: '30m' },
      'loadTest.stages': { workspaceValue: [{ duration: '1h', target: 1_000_000 }] },
    };
    const read = (trusted: boolean) => readLoadSettings((k) => scopedValue(scopes[k], trusted).value);
    assert.deepEqual(read(false), { defaultStrategy: 'round-robin', model: 'closed', concurrency: 3, rate: 200, durationMs: 2000, timeoutMs: 2000, warmupMs: 0, stages: [] });
    assert.deepEqual(read(true), { defaultStrategy: 'maglev', model: 'open', concurrency: 999, rate: 1_000_000, durationMs: 3_600_000, timeoutMs: 600_000, warmupMs: 1_800_000, stages: [{ duration: '1h', target: 1_000_000 }] });
  });

  it('declares every contributed setting restricted in package.json, so VS Code drops workspace values too', () => {
    const contributed = Object.keys(pkg.contributes.configuration.properties).sort();
    const declared = [...pkg.capabilities.untrustedWorkspaces.restrictedConfigurations].sort();
    assert.deepEqual(declared, contributed);
    assert.deepEqual(declared, RESTRICTED_SETTINGS.map((k) => `rpcBalancer.${k}`).sort());
  });
});
