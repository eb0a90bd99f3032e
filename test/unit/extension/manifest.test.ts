/** package.json's contribution agrees with the sources it copies (one source of truth). */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strategies } from '../../../src/engine/registry';
import { STRATEGY_NAMES } from '../../../src/engine/types';
import { COMMAND, VIEW_TYPE } from '../../../src/extension/ids';
import { LOAD_DEFAULTS, readLoadSettings } from '../../../src/extension/settings';
import { poolSchema } from '../../../src/pools/schema';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const props = pkg.contributes.configuration.properties;

describe('extension manifest (package.json contributes)', () => {
  it('inlines the pool JSON Schema of src/pools/schema.ts as the item schema of rpcBalancer.pools (run node scripts/package-vsix.mjs --sync)', () => {
    const { $schema: _s, $id: _i, ...item } = poolSchema as Record<string, unknown>;
    assert.deepEqual(props['rpcBalancer.pools'].items, JSON.parse(JSON.stringify(item)));
  });

  it('validates *.rpcpool.json files with the schema the package ships', () => {
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: '*.rpcpool.json', url: './schemas/pool.schema.json' }]);
  });

  it('offers every strategy of the registry as rpcBalancer.defaultStrategy', () => {
    assert.deepEqual(props['rpcBalancer.defaultStrategy'].enum, [...STRATEGY_NAMES]);
    assert.deepEqual(props['rpcBalancer.defaultStrategy'].enumDescriptions, strategies.map((s) => s.summary));
  });

  it('has the defaults the extension falls back to, and they pass its own checks', () => {
    const defaults: Record<string, unknown> = {
      defaultStrategy: props['rpcBalancer.defaultStrategy'].default,
      'loadTest.model': props['rpcBalancer.loadTest.model'].default,
      'loadTest.concurrency': props['rpcBalancer.loadTest.concurrency'].default,
      'loadTest.rate': props['rpcBalancer.loadTest.rate'].default,
      'loadTest.duration': props['rpcBalancer.loadTest.duration'].default,
      'loadTest.timeout': props['rpcBalancer.loadTest.timeout'].default,
      'loadTest.warmup': props['rpcBalancer.loadTest.warmup'].default,
      'loadTest.stages': props['rpcBalancer.loadTest.stages'].default,
    };
    assert.deepEqual(readLoadSettings((k) => defaults[k]), readLoadSettings(() => undefined));
    assert.deepEqual(defaults, {
      defaultStrategy: LOAD_DEFAULTS.defaultStrategy,
      'loadTest.model': LOAD_DEFAULTS.model,
      'loadTest.concurrency': LOAD_DEFAULTS.concurrency,
      'loadTest.rate': LOAD_DEFAULTS.rate,
      'loadTest.duration': LOAD_DEFAULTS.duration,
      'loadTest.timeout': LOAD_DEFAULTS.timeout,
      'loadTest.warmup': LOAD_DEFAULTS.warmup,
      'loadTest.stages': LOAD_DEFAULTS.stages,
    });
  });

  it('contributes every command under the category "RPC Balancer", and activates on each', () => {
    const ids = Object.values(COMMAND).sort();
    assert.deepEqual(pkg.contributes.commands.map((c: { command: string }) => c.command).sort(), ids);
    assert.ok(pkg.contributes.commands.every((c: { category: string }) => c.category === 'RPC Balancer'));
    for (const id of ids) assert.ok(pkg.activationEvents.includes(`onCommand:${id}`), id);
    assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${VIEW_TYPE}`));
    assert.ok(pkg.activationEvents.includes('workspaceContains:**/*.rpcpool.json'));
  });

  it('declares limited support for untrusted workspaces', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /not load-tested/);
  });
});
