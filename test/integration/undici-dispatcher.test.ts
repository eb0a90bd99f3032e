/**
 * createBalancedDispatcher against real HTTP servers: shares that the servers counted, hash
 * keys from a header, request / fetch / compose / the global dispatcher, membership changes,
 * close, and configuration errors.
 */
import assert from 'node:assert/strict';
import { fetch, getGlobalDispatcher, request, setGlobalDispatcher, type Dispatcher } from 'undici';
import { startDemoServers, type DemoServers } from '../../src/demo';
import { isHashBalancer } from '../../src/engine/types';
import { parsePool } from '../../src/pools/parse';
import { createBalancedDispatcher, type BalancedDispatcher } from '../../src/integrations/undici';
import { drive, startHeldServer, type HeldServer } from './undici-dispatcher-helpers';

const fast = (id: string, weight = 1) => ({ id, weight, medianMs: 1, p99Ms: 3, concurrency: 32 });

async function endpointOf(d: Dispatcher, path = '/', headers: Record<string, string> = {}): Promise<string> {
  const res = await request(`http://orders.internal${path}`, { dispatcher: d, headers });
  await res.body.dump();
  assert.equal(res.statusCode, 200);
  return String(res.headers['x-endpoint']);
}

function served(demo: DemoServers): Record<string, number> {
  return Object.fromEntries(demo.stats().endpoints.map((e) => [e.id, e.requests]));
}

describe('undici dispatcher: shares, keys and clients', function () {
  this.timeout(20000);
  let demo: DemoServers;
  let d: BalancedDispatcher | undefined;

  before(async () => {
    demo = await startDemoServers({ endpoints: [fast('a', 3), fast('b', 2), fast('c', 1)] });
  });
  beforeEach(() => demo.resetStats());
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });
  after(() => demo.close());

  it('round-robin: 300 requests, 16 at a time, are 100 per server as the servers counted', async () => {
    d = createBalancedDispatcher({ endpoints: demo.endpoints }, { strategy: 'round-robin' });
    const results = await drive(300, 16, 10000, () => endpointOf(d!));
    assert.deepEqual(results.filter((r) => r instanceof Error), []);
    assert.deepEqual(served(demo), { a: 100, b: 100, c: 100 });
    assert.deepEqual(d.stats().map((s) => [s.id, s.requests, s.errors, s.inFlight]), [['a', 100, 0, 0], ['b', 100, 0, 0], ['c', 100, 0, 0]]);
  });

  it('weighted-round-robin from a parsed pool file: weights 3:2:1 give exactly 300:200:100', async () => {
    const pool = parsePool({ ...demo.pool('http'), strategy: 'weighted-round-robin' });
    d = createBalancedDispatcher(pool);
    assert.equal(d.strategy, 'weighted-round-robin');
    await drive(600, 16, 10000, () => endpointOf(d!));
    assert.deepEqual(served(demo), { a: 300, b: 200, c: 100 });
  });

  it('consistent-hash: the same x-user always reaches the same server, the one the ring names', async () => {
    d = createBalancedDispatcher({ endpoints: demo.endpoints }, { strategy: 'consistent-hash', keyHeader: 'X-User' });
    const seen = new Map<string, Set<string>>();
    await drive(400, 8, 10000, async (i) => {
      const user = `user-${i % 40}`;
      // Alternate between request() (object headers) and fetch() (undici's header list).
      const ep = i % 2 === 0
        ? await endpointOf(d!, '/orders', { 'x-user': user })
        : await fetch('http://orders.internal/orders', { dispatcher: d!, headers: { 'X-User': user } }).then(async (r) => (await r.arrayBuffer(), String(r.headers.get('x-endpoint'))));
      seen.set(user, (seen.get(user) ?? new Set()).add(ep));
    });
    assert.ok(isHashBalancer(d.balancer));
    const owners = new Set<string>();
    for (const [user, eps] of seen) {
      assert.deepEqual([...eps], [d.balancer.ownerOf(user)], user);
      owners.add([...eps][0]);
    }
    assert.equal(seen.size, 40);
    assert.equal(owners.size, 3, 'forty keys spread over all three servers');
  });

  it('a key function wins over the header, and sees the request', async () => {
    const keys: string[] = [];
    d = createBalancedDispatcher({ endpoints: demo.endpoints, strategy: 'rendezvous' }, {
      keyHeader: 'x-user',
      key: (opts) => (keys.push(opts.path), opts.path.split('/')[2]),
    });
    const a = await endpointOf(d, '/tenants/t1/x', { 'x-user': 'u1' });
    const b = await endpointOf(d, '/tenants/t1/y', { 'x-user': 'u2' });
    assert.equal(a, b);
    assert.ok(isHashBalancer(d.balancer));
    assert.equal(a, d.balancer.ownerOf('t1'));
    assert.deepEqual(keys, ['/tenants/t1/x', '/tenants/t1/y']);
  });

  it('fetch and request both work; the path and query travel, the origin comes from the endpoint', async () => {
    const held = await startHeldServer('plain');
    try {
      d = createBalancedDispatcher({ endpoints: [{ id: 'p', address: held.address + '/api' }] });
      const r1 = await request('http://does-not-resolve.invalid/v1/items?x=1', { dispatcher: d });
      assert.deepEqual(await r1.body.json(), { endpoint: 'plain', path: '/api/v1/items?x=1' });
      const r2 = await fetch('http://does-not-resolve.invalid/v1/items?y=2', { dispatcher: d, method: 'POST', body: 'hi' });
      assert.deepEqual(await r2.json(), { endpoint: 'plain', path: '/api/v1/items?y=2' });
      assert.equal(held.received, 2);
      assert.equal(d.inFlight(), 0);
    } finally {
      await d?.close();
      await held.close();
    }
  });

  it('new-style handlers through compose(): an interceptor in front still feeds outcomes back', async () => {
    const outcomes: string[] = [];
    d = createBalancedDispatcher({ endpoints: demo.endpoints }, { onOutcome: (e, o) => outcomes.push(`${e.id}:${o.ok}:${o.load !== undefined}`) });
    const starts: string[] = [];
    const composed = d.compose((dispatch) => (opts, handler) => {
      starts.push(`${opts.path}:${typeof handler.onRequestStart}`);
      return dispatch(opts, handler);
    });
    for (let i = 0; i < 3; i++) {
      const res = await request('http://x/c', { dispatcher: composed });
      await res.body.dump();
    }
    assert.deepEqual(starts, Array(3).fill('/c:function'), 'compose hands our dispatch new-style handlers');
    assert.deepEqual(outcomes, ['a:true:true', 'b:true:true', 'c:true:true']);
  });

  it('setGlobalDispatcher: undici.request and fetch without a dispatcher, and Node\'s own fetch', async () => {
    const previous = getGlobalDispatcher();
    d = createBalancedDispatcher({ endpoints: demo.endpoints });
    setGlobalDispatcher(d);
    try {
      const got: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await request('http://orders.internal/');
        await r.body.dump();
        got.push(String(r.headers['x-endpoint']));
      }
      const f = await fetch('http://orders.internal/');
      await f.arrayBuffer();
      got.push(String(f.headers.get('x-endpoint')));
      // Node 20's built-in fetch reads the same global symbol and speaks the old handler dialect.
      const g = await globalThis.fetch('http://orders.internal/');
      await g.arrayBuffer();
      got.push(String(g.headers.get('x-endpoint')));
      assert.deepEqual(got, ['a', 'b', 'c', 'a', 'b']);
    } finally {
      setGlobalDispatcher(previous);
    }
  });
});

describe('undici dispatcher: membership, close and configuration', function () {
  this.timeout(20000);
  const servers: HeldServer[] = [];
  let d: BalancedDispatcher | undefined;

  beforeEach(async () => {
    servers.push(...(await Promise.all(['a', 'b', 'c'].map(startHeldServer))));
  });
  afterEach(async () => {
    await d?.destroy();
    d = undefined;
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('setEndpoints: a removed endpoint finishes its request, then gets nothing', async () => {
    const [a, b, c] = servers;
    d = createBalancedDispatcher({ endpoints: [a, b] }, { strategy: 'round-robin' });
    a.hold = true;
    const pending = request('http://x/slow', { dispatcher: d });
    const ex = await a.next();
    d.setEndpoints([b, c]);
    assert.deepEqual(d.endpoints().map((e) => e.id), ['b', 'c']);
    a.reply(ex);
    const res = await pending;
    assert.equal(res.statusCode, 200, 'the Pool of a closes gracefully: its request completes');
    await res.body.dump();
    const after = await drive(6, 1, 5000, () => endpointOf(d!));
    assert.deepEqual([...after].sort(), ['b', 'b', 'b', 'c', 'c', 'c']);
    assert.equal(a.received, 1);
    assert.deepEqual(d.stats().map((s) => [s.id, s.requests, s.inFlight]), [['b', 3, 0], ['c', 3, 0]]);
  });

  it('close(): later requests fail with ClientClosedError; destroy() ends one in flight, fed back once', async () => {
    const [a] = servers;
    const outcomes: boolean[] = [];
    d = createBalancedDispatcher({ endpoints: [a] }, { onOutcome: (_e, o) => outcomes.push(o.ok) });
    a.hold = true;
    const pending = request('http://x/', { dispatcher: d }).then(() => 'answered', (err: Error) => err.name);
    await a.next();
    await d.destroy();
    assert.equal(await pending, 'ClientDestroyedError');
    assert.deepEqual(outcomes, [false]);
    assert.equal(d.inFlight(), 0);
    await assert.rejects(request('http://x/', { dispatcher: d }), { name: 'ClientDestroyedError' });

    const d2 = createBalancedDispatcher({ endpoints: [servers[1]] });
    a.hold = false;
    await endpointOf(d2);
    await d2.close();
    assert.equal(d2.closed, true);
    await assert.rejects(request('http://x/', { dispatcher: d2 }), { name: 'ClientClosedError' });
  });

  it('rejects bad configuration with the field named', () => {
    const eps = [{ address: 'http://127.0.0.1:1' }];
    assert.throws(() => createBalancedDispatcher({ endpoints: eps, transport: 'grpc' }), /pool\.transport: undici speaks HTTP/);
    assert.throws(() => createBalancedDispatcher({ endpoints: [{ address: '127.0.0.1:80' }] }), /endpoints\[0\]\.address: expected http/);
    assert.throws(() => createBalancedDispatcher({ endpoints: eps }, { strategy: 'fastest' as never }), /strategy: unknown strategy "fastest"/);
    assert.throws(() => createBalancedDispatcher({ endpoints: eps }, { keyHeader: '' }), /keyHeader: expected a header name/);
    assert.throws(() => createBalancedDispatcher({ endpoints: [{ address: 'http://h:1', weight: -1 }] }), /weight/);
    assert.throws(() => createBalancedDispatcher({ endpoints: eps, strategy: 'maglev' }, { strategyOptions: { tableSize: 65536 } }), /maglev: tableSize must be a prime/);
  });
});
