/**
 * The pool-shape wrappers through createBalancedDispatcher, against demo servers on 127.0.0.1:
 * two priority levels fail over as Envoy's priority load says (P0 takes everything while healthy;
 * once outlier detection ejects P0's servers, P1 takes it), and each wrapper option is validated
 * by the engine's parser with its name.
 */
import assert from 'node:assert/strict';
import { request, type Dispatcher } from 'undici';
import { startDemoServers, type DemoServers } from '../../src/demo';
import type { BalancerEvent } from '../../src/engine/types';
import { createBalancedDispatcher, type BalancedDispatcher } from '../../src/integrations/undici';
import { drive } from './undici-dispatcher-helpers';

async function call(d: Dispatcher): Promise<string> {
  const res = await request('http://svc/', { dispatcher: d });
  await res.body.dump();
  return `${res.statusCode} ${String(res.headers['x-endpoint'])}`;
}

describe('undici dispatcher: priorities, localities, panic, slow start', function () {
  this.timeout(30000);
  let demo: DemoServers;
  let d: BalancedDispatcher | undefined;

  beforeEach(async () => {
    const ep = (id: string) => ({ id, medianMs: 1, p99Ms: 3, concurrency: 64 });
    demo = await startDemoServers({ endpoints: [ep('p0a'), ep('p0b'), ep('p1a'), ep('p1b')], seed: 5 });
  });
  afterEach(async () => {
    await d?.destroy();
    d = undefined;
    await demo.close();
  });

  const withPriorities = () => demo.endpoints.map((e) => ({ ...e, priority: e.id.startsWith('p0') ? 0 : 1 }));

  it('P0 takes all 40 requests while healthy; when both its servers fail, 6 errors eject them and P1 takes the rest', async () => {
    const events: BalancerEvent[] = [];
    d = createBalancedDispatcher({ endpoints: withPriorities() }, {
      strategy: 'round-robin',
      outlierDetection: { consecutiveErrors: 3, maxEjectionPercent: 100 },
      onEvent: (e) => void events.push(e),
    });
    const before = await drive(40, 1, 10000, () => call(d!));
    assert.deepEqual(before.filter((r) => r !== '200 p0a' && r !== '200 p0b'), [], 'only P0 answered');
    assert.deepEqual(d.stats().map((s) => [s.id, s.requests]), [['p0a', 20], ['p0b', 20], ['p1a', 0], ['p1b', 0]]);
    demo.fail('p0a', 1);
    demo.fail('p0b', 1);
    const after = await drive(60, 1, 10000, () => call(d!));
    const errors = after.filter((r) => typeof r !== 'string' || r.startsWith('500'));
    // Each P0 server is ejected at its third error in a row (Envoy's consecutive_5xx, here 3).
    assert.equal(errors.length, 6, JSON.stringify(after));
    assert.deepEqual(after.slice(-40).filter((r) => r !== '200 p1a' && r !== '200 p1b'), [], 'the last 40 went to P1');
    const p1 = d.stats().filter((s) => s.id.startsWith('p1')).map((s) => s.requests);
    assert.ok(p1[0] + p1[1] === 54, `P1 served ${p1.join(' + ')} of 60`);
    assert.deepEqual(events.filter((e) => e.type === 'ejected').map((e) => (e as { endpointId: string }).endpointId).sort(), ['p0a', 'p0b']);
  });

  it('takes the pool-shape fields of a pool file (slowStart.window a duration) and of the options', async () => {
    d = createBalancedDispatcher(
      { endpoints: demo.endpoints.map((e, i) => ({ ...e, zone: i % 2 ? 'eu-2' : 'eu-1' })), slowStart: { window: '2s' }, panicThreshold: 30 },
      { strategy: 'weighted-round-robin', localityWeights: { 'eu-1': 1 }, overprovisioningFactor: 1.2 },
    );
    const results = await drive(20, 2, 10000, () => call(d!));
    // Zone eu-2 has no locality weight: outside panic it takes nothing (Envoy gives it weight 0).
    assert.deepEqual(results.filter((r) => r !== '200 p0a' && r !== '200 p1a'), []);
  });

  it('rejects each pool-shape option with its name', () => {
    const eps = [{ address: 'http://127.0.0.1:1' }];
    const rejects: [object, object, RegExp][] = [
      [{ endpoints: [{ address: 'http://h:1', priority: -1 }] }, {}, /priority: must be a whole number at least 0, got -1/],
      [{ endpoints: eps }, { overprovisioningFactor: 0 }, /overprovisioningFactor must be greater than 0, got 0/],
      [{ endpoints: eps }, { panicThreshold: 120 }, /panicThreshold must be at most 100, got 120/],
      [{ endpoints: eps }, { localityWeights: { 'eu-1': 0 } }, /localityWeights: "eu-1" must be a positive finite number, got 0/],
      [{ endpoints: eps }, { slowStart: { windowMs: -1 } }, /slowStart: windowMs must be greater than 0, got -1/],
      [{ endpoints: eps, slowStart: { window: 'soon' } }, {}, /pool\.slowStart\.window/],
    ];
    for (const [pool, options, message] of rejects) {
      assert.throws(() => createBalancedDispatcher(pool as never, { strategy: 'weighted-round-robin', ...options }), message);
    }
  });
});
