/**
 * The layer reuses its request objects (each the RequestResult of its request), their attempts
 * and the Outcome (so the common request allocates nothing): what that must not change.
 */
import * as assert from 'node:assert/strict';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import type { RequestResult } from '../../../src/policy';
import { copyResult, fail, ok, retryPolicy, rig, type Behaviour } from './harness';

describe('policy: pooled requests, each its own result', () => {
  it('a request started and ended inside another one\'s onFinal gets a result of its own; the outer one still reads its request', () => {
    const t = rig({ deadlineMs: 50 }, { a: ok(5) });
    const seen: [string, RequestResult][] = [];
    t.layer.request(undefined, (outer) => {
      // Sent 100 ms late against a 50 ms deadline: it ends inside this call, nothing sent.
      t.layer.request(undefined, (inner) => seen.push(['inner', copyResult(inner)]), t.clock.now() - 100);
      seen.push(['outer', copyResult(outer)]);
    });
    t.clock.run();
    assert.deepEqual(seen.map(([w, r]) => [w, r.request, r.ok, r.errorKind, r.sent, r.attempts.length]), [['inner', 1, false, 'timeout', 0, 0], ['outer', 0, true, undefined, 1, 1]]);
  });

  it('result objects are pooled (as many as requests were ever in flight at once), valid during onFinal: sent, retries and hedges agree with the records each time', () => {
    const r = createSeededRandom(3);
    const flaky: Behaviour = () => ({ ms: 1 + Math.floor(r() * 5), answer: r() < 0.4 ? { ok: false, errorKind: 'http_503' } : { ok: true } });
    const t = rig({ retry: retryPolicy({ maxAttempts: 4, initialBackoffMs: 2 }) }, { a: flaky, b: flaky, c: fail(1, 'http_503') });
    const objects = new Set<RequestResult>();
    let checked = 0;
    let inFlight = 0;
    let peak = 0;
    for (let i = 0; i < 300; i++) {
      t.clock.setTimer(i, () => {
        peak = Math.max(peak, ++inFlight);
        t.layer.request(undefined, (res) => {
          objects.add(res);
          const sent = res.attempts.filter((a) => a.how !== 'not-sent');
          assert.deepEqual([res.sent, res.retries, res.hedges], [sent.length, sent.filter((a) => a.cause === 'retry').length, 0], `request ${res.request}`);
          checked++;
          inFlight--;
        });
      });
    }
    t.clock.run();
    assert.equal(checked, 300);
    assert.ok(peak > 1, `requests overlapped: ${peak}`);
    assert.equal(objects.size, peak);
    assert.ok(t.layer.counters.retries > 100, `retries taken: ${t.layer.counters.retries}`);
    assert.deepEqual([t.balancer.picks, t.balancer.dones, t.balancer.doubleDones], [t.layer.counters.attempts, t.layer.counters.attempts, 0]);
  });

  it('hedges count as hedges in the result, and a reused request starts clean (no attempt of its last life is cancelled or counted)', () => {
    const t = rig({ hedging: { maxAttempts: 3, delayMs: 10, nonFatal: [] } }, { slow: ok(25), fast: ok(3) });
    for (let i = 0; i < 20; i++) t.clock.setTimer(i * 100, () => t.go());
    t.clock.run();
    assert.equal(t.results.length, 20);
    // round-robin: slow, fast alternately; a request whose first attempt is slow hedges once to fast and wins at 13 ms.
    for (const res of t.results) assert.deepEqual([res.sent, res.hedges, res.latencyMs], res.attempts[0].endpoint === 'slow' ? [2, 1, 13] : [1, 0, 3], `request ${res.request}`);
    assert.equal(t.servers.sent.filter((s) => s.cancelledAt !== undefined).length, t.results.filter((res) => res.hedges === 1).length);
  });
});
