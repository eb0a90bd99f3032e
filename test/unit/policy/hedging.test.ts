import * as assert from 'node:assert/strict';
import { fail, never, ok, rig } from './harness';

describe('policy: hedging (gRFC A6)', () => {
  it('sends a hedge after the delay; the first success wins, the loser is cancelled and still done()', () => {
    const t = rig({ hedging: { maxAttempts: 2, delayMs: 20, nonFatal: [] } }, { slow: ok(100), fast: ok(5) });
    t.go();
    t.clock.run();
    assert.deepEqual(t.servers.sent.map((s) => [s.endpoint, s.at, s.info.cause, s.cancelledAt]), [['slow', 0, 'first', 25], ['fast', 20, 'hedge', undefined]]);
    const [r] = t.results;
    assert.deepEqual([r.ok, r.latencyMs], [true, 25]);
    assert.deepEqual(r.attempts.map((a) => a.how), ['cancelled', 'answered']);
    // The loser is fed back as what it was: 25 ms running and no failure of its own.
    assert.deepEqual(t.balancer.outcomes, [{ endpoint: 'fast', outcome: { latencyMs: 5, ok: true } }, { endpoint: 'slow', outcome: { latencyMs: 25, ok: true } }]);
    assert.deepEqual([t.layer.counters.attempts, t.layer.counters.hedges], [2, 1]);
    assert.equal(t.clock.pending, 0);
  });

  it('sends no hedge when the first answers within the delay', () => {
    const t = rig({ hedging: { maxAttempts: 3, delayMs: 20, nonFatal: [] } }, { a: ok(19), b: ok(1) });
    t.go();
    t.clock.run();
    assert.equal(t.servers.sent.length, 1);
    assert.equal(t.results[0].latencyMs, 19);
  });

  it('keeps hedging every delay up to maxAttempts', () => {
    const t = rig({ hedging: { maxAttempts: 3, delayMs: 10, nonFatal: [] } }, { a: never, b: never, c: ok(100) });
    t.go();
    t.clock.run();
    assert.deepEqual(t.servers.sent.map((s) => s.at), [0, 10, 20]);
    assert.equal(t.results[0].latencyMs, 120);
  });

  it('a non-fatal failure sends the next hedge at once; a fatal one ends the request', () => {
    const t = rig({ hedging: { maxAttempts: 3, delayMs: 50, nonFatal: ['http_503'] } }, { a: fail(5, 'http_503'), b: ok(10), c: ok(10) });
    t.go();
    t.clock.run();
    assert.deepEqual(t.servers.sent.map((s) => [s.endpoint, s.at]), [['a', 0], ['b', 5]]);
    assert.deepEqual([t.results[0].ok, t.results[0].latencyMs], [true, 15]);
    const f = rig({ hedging: { maxAttempts: 3, delayMs: 50, nonFatal: ['http_503'] } }, { a: fail(5, 'http_500'), b: ok(10) });
    f.go();
    f.clock.run();
    assert.deepEqual([f.servers.sent.length, f.results[0].errorKind, f.results[0].latencyMs], [1, 'http_500', 5]);
  });

  it('a fatal answer cancels the hedges still out', () => {
    const t = rig({ hedging: { maxAttempts: 2, delayMs: 10, nonFatal: [] } }, { a: never, b: fail(5, 'http_500') });
    t.go();
    t.clock.run();
    assert.deepEqual(t.servers.sent.map((s) => s.cancelledAt), [15, undefined]);
    assert.deepEqual([t.results[0].errorKind, t.results[0].latencyMs], ['http_500', 15]);
    assert.equal(t.balancer.dones, 2);
  });

  it('when every attempt fails non-fatally, the last failure is the answer', () => {
    const t = rig({ hedging: { maxAttempts: 2, delayMs: 10, nonFatal: ['http_503'] } }, { a: fail(3, 'http_503'), b: fail(4, 'http_503') });
    t.go();
    t.clock.run();
    assert.deepEqual(t.servers.sent.map((s) => s.at), [0, 3]);
    assert.deepEqual([t.results.length, t.results[0].errorKind, t.results[0].latencyMs], [1, 'http_503', 7]);
  });

  it('a pushback stop ends hedging; the outstanding attempt still answers', () => {
    const t = rig({ hedging: { maxAttempts: 3, delayMs: 10, nonFatal: ['grpc_UNAVAILABLE'] } }, {
      a: ok(30), b: fail(2, 'grpc_UNAVAILABLE', { grpcRetryPushbackMs: '-1' }), c: ok(1),
    });
    t.go();
    t.clock.run();
    assert.deepEqual(t.servers.sent.map((s) => s.endpoint), ['a', 'b']);
    assert.deepEqual([t.results[0].ok, t.results[0].latencyMs], [true, 30]);
  });
});
