import { strict as assert } from 'node:assert';
import { create, decode, record, summarize } from '../../../src/result/histogram';
import { assertValidRunResult, validateRunResult } from '../../../src/result/validate';
import { CONFIG, recorder, rng } from './fixtures';

/** Histogram values are HdrHistogram's highest equivalent value: within 0.1 % above the sample. */
function near(actual: number, expected: number): void {
  assert.ok(actual >= expected && actual <= expected * 1.001, `${actual} is not ${expected} to 3 digits`);
}

describe('result/recorder', () => {
  it('counts requests, errors by kind, shares and fair shares per endpoint', () => {
    const r = recorder();
    const a = r.indexOf('a');
    const b = r.indexOf('b');
    for (let i = 0; i < 100; i++) {
      const ep = i % 4 === 0 ? a : b;
      r.startedAt(ep, i * 10);
      r.finishedAt(ep, i * 10, i * 10 + 5, 5, i % 10 !== 1, i % 10 === 1 ? 'http_503' : undefined);
    }
    const res = r.result('completed', 1000);
    assert.equal(res.totals.requests, 100);
    assert.equal(res.totals.errors, 10);
    assert.equal(res.totals.ok, 90);
    assert.deepEqual(res.totals.errorsByKind, { http_503: 10 });
    assert.equal(res.totals.throughput, 100);
    const [ea, eb] = res.endpoints;
    assert.equal(ea.requests, 25);
    assert.equal(eb.requests, 75);
    assert.equal(eb.errors, 10);
    assert.equal(ea.share, 0.25);
    assert.equal(ea.fairShare, 0.25);
    assert.equal(eb.fairShare, 0.75);
    assert.equal(eb.zone, 'z1');
    near(res.totals.latency.p50, 5);
    assert.equal(summarize(decode(eb.histogram)).count, 75);
    assert.equal(res.startedAt, '2025-01-01T00:00:00.000Z');
  });

  it('puts requests in the interval in which they finished, with in-flight at its end', () => {
    const r = recorder({ intervalMs: 100 });
    const a = r.indexOf('a');
    const b = r.indexOf('b');
    r.startedAt(a, 10);
    r.finishedAt(a, 10, 20, 10, true);
    r.startedAt(b, 50); // still in flight at 100 and 200
    r.startedAt(a, 150);
    r.finishedAt(a, 150, 170, 20, false, 'timeout');
    r.finishedAt(b, 50, 250, 200, true);
    const res = r.result('completed', 260);
    assert.deepEqual(res.timeline.map((p) => p.t), [0, 100, 200]);
    const [p0, p1, p2] = res.timeline;
    assert.deepEqual({ ...p0.total, p50: 0, p99: 0 }, { requests: 1, errors: 0, p50: 0, p99: 0, inFlight: 1 });
    near(p0.total.p50, 10);
    near(p0.total.p99, 10);
    assert.deepEqual(Object.keys(p0.endpoints).sort(), ['a', 'b']);
    assert.deepEqual(p0.endpoints.b, { requests: 0, errors: 0, p50: 0, p99: 0, inFlight: 1 });
    assert.deepEqual({ ...p1.total, p50: 0, p99: 0 }, { requests: 1, errors: 1, p50: 0, p99: 0, inFlight: 1 });
    near(p1.total.p99, 20);
    assert.deepEqual(Object.keys(p1.endpoints), ['a', 'b']);
    assert.deepEqual(Object.keys(p2.endpoints), ['b']);
    assert.deepEqual({ ...p2.endpoints.b, p99: 0 }, { requests: 1, errors: 0, p50: p2.endpoints.b.p50, p99: 0, inFlight: 0 });
    near(p2.endpoints.b.p99, 200);
    const sum = res.timeline.reduce((s, p) => s + p.total.requests, 0);
    assert.equal(sum, res.totals.requests);
  });

  it('emits empty intervals across a silent gap', () => {
    const r = recorder({ intervalMs: 100 });
    r.startedAt(0, 0);
    r.finishedAt(0, 0, 1, 1, true);
    r.startedAt(0, 450);
    r.finishedAt(0, 450, 451, 1, true);
    const res = r.result('completed', 500);
    assert.deepEqual(res.timeline.map((p) => p.total.requests), [1, 0, 0, 0, 1]);
  });

  it('excludes warmup from every figure but counts it', () => {
    const r = recorder({ warmupMs: 1000, intervalMs: 500 });
    const a = r.indexOf('a');
    for (let t = 0; t < 3000; t += 10) {
      r.startedAt(a, t);
      // warmup requests are slow, measured ones fast: the figures must show only the fast ones
      r.finishedAt(a, t, t + 5, t < 1000 ? 500 : 2, true);
    }
    r.noEndpoint(500);
    const res = r.result('completed', 3000);
    assert.equal(res.totals.warmupRequests, 101);
    assert.equal(res.totals.requests, 200);
    near(res.totals.latency.max, 2);
    assert.equal(res.durationMs, 2000);
    assert.equal(res.totals.throughput, 100);
    assert.equal(res.timeline[0].t, 1000);
    assert.equal(res.timeline.reduce((s, p) => s + p.total.requests, 0), 200);
    assert.deepEqual(res.events, [{ at: 1000, type: 'warmup-ended' }]);
  });

  it('counts no_endpoint in the totals, late sends and drops', () => {
    const r = recorder();
    r.startedAt(0, 0);
    r.finishedAt(0, 0, 3, 3, true);
    r.noEndpoint(5);
    for (let i = 0; i < 100; i++) r.lateSend(i < 98 ? 0.1 : 30);
    r.dropped();
    r.dropped();
    const res = r.result('completed', 1000);
    assert.equal(res.totals.requests, 2);
    assert.equal(res.totals.errors, 1);
    assert.deepEqual(res.totals.errorsByKind, { no_endpoint: 1 });
    assert.equal(res.endpoints[0].share, 0.5);
    assert.equal(res.totals.dropped, 2);
    assert.equal(res.totals.late!.count, 2);
    near(res.totals.late!.p50Ms, 0.1);
    near(res.totals.late!.p99Ms, 30);
  });

  it('keeps figures of removed endpoints and adds new ones', () => {
    const r = recorder();
    r.startedAt(0, 0);
    r.finishedAt(0, 0, 1, 1, true);
    r.removeEndpoint('a');
    const c = r.addEndpoint({ id: 'c', address: 'http://127.0.0.1:3', weight: 4 });
    r.started('c', 2);
    r.finished('c', 2, 4, 2, true);
    r.event({ at: 1, type: 'removed', endpoint: 'a' });
    r.event({ at: 0.5, type: 'ejected', endpoint: 'a' });
    const res = r.result('completed', 10);
    assert.equal(c, 2);
    assert.deepEqual(res.endpoints.map((e) => [e.id, e.requests, e.fairShare]), [['a', 1, 0.125], ['b', 0, 0.375], ['c', 1, 0.5]]);
    assert.deepEqual(res.events.map((e) => e.type), ['ejected', 'removed']);
    assert.throws(() => r.started('zz', 1), /unknown endpoint "zz"/);
  });

  it('carries the priority level of each endpoint, also when a returning endpoint changes it', () => {
    const r = recorder({
      endpoints: [
        { id: 'a', address: 'http://127.0.0.1:1', weight: 1, priority: 0, zone: 'eu-1' },
        { id: 'b', address: 'http://127.0.0.1:2', weight: 1, priority: 1 },
        { id: 'c', address: 'http://127.0.0.1:3', weight: 1 },
      ],
    });
    r.removeEndpoint('b');
    r.addEndpoint({ id: 'b', address: 'http://127.0.0.1:2', weight: 1, priority: 2 });
    const res = r.result('completed', 10);
    assert.deepEqual(res.endpoints.map((e) => [e.id, e.priority, e.zone]), [['a', 0, 'eu-1'], ['b', 2, undefined], ['c', undefined, undefined]]);
    // Absent, not undefined: a pool without priorities writes the JSON it wrote before.
    assert.equal('priority' in res.endpoints[2], false);
    assertValidRunResult(JSON.parse(JSON.stringify(res)));
    const bad = JSON.parse(JSON.stringify(res)) as { endpoints: { priority: number }[] };
    bad.endpoints[0].priority = -1;
    const v = validateRunResult(bad);
    assert.equal(v.ok, false);
  });

  it('redacts the pool in the config', () => {
    const res = recorder().result('completed', 1);
    const req = (res.config.pool as { request: { headers: Record<string, string> } }).request;
    assert.equal(req.headers.Authorization, '[redacted]');
    assert.equal((CONFIG.pool as { request: { headers: Record<string, string> } }).request.headers.Authorization, 'Bearer abc');
  });

  it('redacts by the documented rule: secret-named headers, query tokens, URL user info in endpoints, the error', () => {
    const pool = { ...CONFIG.pool, request: { method: 'GET', path: '/o?access_token=t1&page=2', headers: { 'x-goog-api-key': 'k1', 'x-authorization': 'Bearer b1', accept: 'text/plain' } } };
    const r = recorder({ config: { ...CONFIG, pool }, endpoints: [{ id: 'a', address: 'http://u:p1@127.0.0.1:1', weight: 1 }] });
    const res = r.result('failed', 1, 'cannot reach http://u:p1@127.0.0.1:9?token=t2');
    assert.deepEqual((res.config.pool as { request: unknown }).request, { method: 'GET', path: '/o?access_token=[redacted]&page=2', headers: { 'x-goog-api-key': '[redacted]', 'x-authorization': '[redacted]', accept: 'text/plain' } });
    assert.equal(res.endpoints[0].address, 'http://[redacted]@127.0.0.1:1');
    assert.equal(res.error, 'cannot reach http://[redacted]@127.0.0.1:9?token=[redacted]');
  });

  it('reports progress over the last interval', () => {
    const r = recorder({ intervalMs: 1000 });
    for (let t = 0; t < 1500; t += 1) {
      r.startedAt(1, t);
      r.finishedAt(1, t, t + 0.5, t % 50 === 0 ? 50 : 1, true);
    }
    r.startedAt(0, 1500);
    const p = r.progress(1600);
    assert.equal(p.throughput, 1000);
    assert.equal(p.requests, 1500);
    assert.equal(p.inFlight, 1);
    near(p.p99, 50);
    assert.equal(recorder().progress(0).throughput, 0);
  });

  it('gives the same latencies as a histogram of every sample', () => {
    const r = recorder();
    const h = create();
    const next = rng(1);
    for (let i = 0; i < 20_000; i++) {
      const ms = next() * 100;
      r.startedAt(i & 1, i);
      r.finishedAt(i & 1, i, i + ms, ms, true);
      record(h, ms);
    }
    assert.deepEqual(r.result('cancelled', 20_000).totals.latency, summarize(h));
  });
});
