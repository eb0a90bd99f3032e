/**
 * What createBalancedDispatcher feeds back, against real servers: latency-aware strategies
 * leave a server made 10x slower, outlier detection skips a server that left, and every way a
 * caller can give up still ends the pick exactly once (in-flight back to 0, checked through
 * least-connections' own choices).
 */
import assert from 'node:assert/strict';
import { fetch, request, type Dispatcher } from 'undici';
import { startDemoServers, type DemoServers } from '../../src/demo';
import { createSeededRandom } from '../../src/engine/seeded-random';
import type { EjectionEvent, Outcome, StrategyName } from '../../src/engine/types';
import { isPanicEvent } from '../../src/engine/types';
import { createBalancedDispatcher, type BalancedDispatcher } from '../../src/integrations/undici';
import { drive, startHeldServer, until, type Exchange, type HeldServer } from './undici-dispatcher-helpers';

async function call(d: Dispatcher): Promise<string> {
  const res = await request('http://svc/', { dispatcher: d });
  await res.body.dump();
  return String(res.headers['x-endpoint']);
}

describe('undici dispatcher: feedback from real servers', function () {
  this.timeout(30000);
  let demo: DemoServers;
  let d: BalancedDispatcher | undefined;

  beforeEach(async () => {
    // Service times of 20 ms (200 ms slowed): the servers share this process's event loop, and on
    // a busy machine its lag, paid by every request alike, would blur a 10x difference of 2 ms.
    const ep = (id: string) => ({ id, medianMs: 20, p99Ms: 30, concurrency: 64 });
    demo = await startDemoServers({ endpoints: [ep('a'), ep('b'), ep('c')], seed: 7 });
  });
  afterEach(async () => {
    await d?.destroy();
    d = undefined;
    await demo.close();
  });

  for (const strategy of ['p2c-peak-ewma', 'least-connections', 'least-request'] as StrategyName[]) {
    it(`${strategy}: after b is made 10x slower it gets under 10 % of 1,000 requests (16 at a time)`, async () => {
      d = createBalancedDispatcher({ endpoints: demo.endpoints }, { strategy, random: createSeededRandom(3) });
      await drive(100, 16, 10000, () => call(d!));
      demo.slow('b', 10);
      demo.resetStats();
      const results = await drive(1000, 16, 20000, () => call(d!));
      assert.deepEqual(results.filter((r) => r instanceof Error), []);
      const counts = Object.fromEntries(demo.stats().endpoints.map((e) => [e.id, e.requests]));
      assert.equal(counts.a + counts.b + counts.c, 1000);
      console.log(`      ${strategy}: slow server b served ${counts.b} of 1000`);
      assert.ok(counts.b < 100, `b served ${counts.b} of 1000 (${JSON.stringify(counts)})`);
      assert.equal(d.inFlight(), 0);
    });
  }

  it('pick-first: a takes every request; made to fail, it fails one request and b takes the rest', async () => {
    d = createBalancedDispatcher({ endpoints: demo.endpoints }, { strategy: 'pick-first' });
    const status = async (): Promise<string> => {
      const res = await request('http://svc/', { dispatcher: d });
      await res.body.dump();
      return `${res.statusCode} ${String(res.headers['x-endpoint'])}`;
    };
    assert.deepEqual(await drive(40, 4, 10000, () => call(d!)), new Array(40).fill('a'));
    demo.fail('a', 1);
    const after = await drive(20, 1, 10000, status);
    assert.deepEqual(after, ['500 a', ...new Array(19).fill('200 b')]);
    assert.equal(d.inFlight(), 0);
  });

  it('outlier detection: a server that left is ejected after 3 errors; every later request succeeds', async () => {
    const events: EjectionEvent[] = [];
    d = createBalancedDispatcher({ endpoints: demo.endpoints }, {
      strategy: 'round-robin',
      outlierDetection: { consecutiveErrors: 3 },
      onEvent: (e) => void (isPanicEvent(e) || events.push(e)),
    });
    await drive(6, 1, 5000, () => call(d!));
    await demo.leave('c');
    const results = await drive(30, 1, 10000, () => call(d!));
    const failed = results.map((r, i) => (r instanceof Error ? i : -1)).filter((i) => i >= 0);
    assert.deepEqual(failed, [2, 5, 8], 'c failed in its three turns, then was skipped');
    assert.ok(results.slice(9).every((r) => r === 'a' || r === 'b'));
    assert.deepEqual(events.map((e) => [e.type, e.endpointId]), [['ejected', 'c']]);
    assert.deepEqual(d.stats().map((s) => [s.id, s.errors, s.inFlight]), [['a', 0, 0], ['b', 0, 0], ['c', 3, 0]]);
  });
});

describe('undici dispatcher: outcomes and aborts, exactly once', function () {
  this.timeout(20000);
  let a: HeldServer;
  let b: HeldServer;
  let d: BalancedDispatcher | undefined;
  let outcomes: { id: string; outcome: Outcome }[];

  beforeEach(async () => {
    [a, b] = await Promise.all([startHeldServer('a'), startHeldServer('b')]);
    outcomes = [];
  });
  afterEach(async () => {
    await d?.destroy();
    d = undefined;
    await Promise.all([a.close(), b.close()]);
  });

  const record = (e: { id: string }, outcome: Outcome) => outcomes.push({ id: e.id, outcome });

  it('ok is status < 500; latency runs to the response end; load comes from x-server-load, the ORCA report from endpoint-load-metrics', async () => {
    d = createBalancedDispatcher({ endpoints: [a] }, { onOutcome: record });
    a.hold = true;
    const replies: [number, Record<string, string>][] = [
      [503, { 'x-server-load': '0.25', 'endpoint-load-metrics': 'TEXT cpu_utilization=0.5, rps_fractional=20, eps=2' }],
      [404, { 'endpoint-load-metrics': 'TEXT cpu_utilization=busy' }],
      [200, { 'x-server-load': '1.5', 'endpoint-load-metrics': 'JSON {"application_utilization": 0.25, "rps_fractional": 8}' }],
    ];
    // Per exchange: how long the server held it (a floor for the latency) and how long the whole
    // call took as the test saw it (a ceiling): both measured, so no machine speed is assumed.
    const brackets: [number, number][] = [];
    for (const [status, headers] of replies) {
      const sentAt = performance.now();
      const pending = request('http://svc/', { dispatcher: d });
      const ex = await a.next();
      const arrivedAt = performance.now();
      // The server holds its reply a little, so the latency has something to measure.
      await new Promise((r) => setTimeout(r, 40));
      const repliedAt = performance.now();
      a.reply(ex, status, headers);
      await (await pending).body.dump();
      brackets.push([repliedAt - arrivedAt, performance.now() - sentAt]);
    }
    assert.deepEqual(outcomes.map((o) => [o.outcome.ok, o.outcome.load]), [[false, 0.25], [true, undefined], [true, 1]]);
    assert.deepEqual(outcomes.map((o) => o.outcome.report), [{ utilization: 0.5, qps: 20, eps: 2 }, undefined, { applicationUtilization: 0.25, qps: 8 }]);
    outcomes.forEach((o, i) => {
      const [held, whole] = brackets[i];
      assert.ok(o.outcome.latencyMs >= held && o.outcome.latencyMs <= whole, `latency ${o.outcome.latencyMs} ms, held ${held} ms, whole call ${whole} ms`);
    });
    assert.deepEqual(d.stats().map((s) => [s.requests, s.errors, s.inFlight]), [[3, 1, 0]]);
  });

  it('a refused connection and an undici timeout (poolOptions) are errors, fed back once', async () => {
    d = createBalancedDispatcher({ endpoints: [a, b] }, { onOutcome: record, poolOptions: { headersTimeout: 150 } });
    await b.close();
    a.hold = true;
    const first = request('http://svc/', { dispatcher: d }).catch((err: Error & { code?: string }) => err.code);
    const second = request('http://svc/', { dispatcher: d }).catch((err: Error & { code?: string }) => err.code);
    assert.deepEqual(await Promise.all([first, second]), ['UND_ERR_HEADERS_TIMEOUT', 'ECONNREFUSED']);
    assert.deepEqual(outcomes.map((o) => [o.id, o.outcome.ok]).sort(), [['a', false], ['b', false]]);
    assert.ok(outcomes.find((o) => o.id === 'a')!.outcome.latencyMs >= 140);
    assert.equal(d.inFlight(), 0);
  });

  // Each way of giving up: start it, wait until the server has the request, give up.
  const ways: Record<string, (d: Dispatcher, held: () => Promise<Exchange>) => Promise<void>> = {
    'request(): signal aborted before the headers': async (disp, held) => {
      const ac = new AbortController();
      const p = request('http://svc/', { dispatcher: disp, signal: ac.signal }).catch(() => undefined);
      await held();
      ac.abort();
      await p;
    },
    'request(): body destroyed unread mid-stream': async (disp, held) => {
      const p = request('http://svc/', { dispatcher: disp });
      (await held()).res.writeHead(200).write('x'.repeat(1000));
      (await p).body.destroy();
    },
    'fetch(): aborted mid-body': async (disp, held) => {
      const ac = new AbortController();
      const p = fetch('http://svc/', { dispatcher: disp, signal: ac.signal });
      (await held()).res.writeHead(200).write('partial');
      await p;
      ac.abort();
    },
    'fetch(): body cancelled': async (disp, held) => {
      const p = fetch('http://svc/', { dispatcher: disp });
      (await held()).res.writeHead(200).write('partial');
      await (await p).body!.cancel();
    },
    'compose() (new-style handler): signal aborted': async (disp, held) => {
      const ac = new AbortController();
      const composed = disp.compose((dispatch) => (opts, handler) => dispatch(opts, handler));
      const p = request('http://svc/', { dispatcher: composed, signal: ac.signal }).catch(() => undefined);
      await held();
      ac.abort();
      await p;
    },
  };

  for (const [name, giveUp] of Object.entries(ways)) {
    it(`${name}: done once, ok (the caller's choice), in-flight back to 0`, async () => {
      d = createBalancedDispatcher({ endpoints: [a, b] }, { strategy: 'least-connections', onOutcome: record });
      a.hold = b.hold = true;
      let exchange: Exchange | undefined;
      const held = async () => {
        await until(() => d!.inFlight() === 1);
        exchange = await (d!.inFlight('a') === 1 ? a : b).next();
        return exchange;
      };
      await giveUp(d, held);
      await until(() => outcomes.length > 0);
      assert.equal(d.inFlight(), 0);
      // The server answering late, or its socket closing, must not end the pick a second time.
      if (!exchange!.res.writableEnded && !exchange!.res.destroyed) exchange!.res.end();
      assert.equal(outcomes.length, 1);
      assert.equal(outcomes[0].outcome.ok, true);
      // Had the pick leaked, least-connections would send everything to the other server.
      a.hold = b.hold = false;
      const ids = await drive(10, 1, 5000, () => call(d!));
      assert.deepEqual([ids.filter((i) => i === 'a').length, ids.filter((i) => i === 'b').length], [5, 5]);
      // Ten round trips later, a second done for the given-up request would have arrived: one
      // outcome for it and one per call, no more (instead of sleeping and counting).
      assert.equal(outcomes.length, 11);
    });
  }

  it('a small body never read still ends the pick (undici buffers it and completes)', async () => {
    d = createBalancedDispatcher({ endpoints: [a] }, { onOutcome: record });
    const res = await request('http://svc/', { dispatcher: d });
    await until(() => d!.inFlight() === 0);
    assert.deepEqual(outcomes.map((o) => o.outcome.ok), [true]);
    await res.body.dump();
  });
});
