import * as assert from 'node:assert/strict';
import { createBalancer } from '../../../src/engine/registry';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import { PolicyLayer, realClock, type AttemptAnswer, type AttemptSender, type RequestResult } from '../../../src/policy';
import { copyResult } from './harness';

describe('policy: on real timers (realClock)', () => {
  it('hedges a slow server and cancels it, with setTimeout as the scheduler', async () => {
    const eps = [{ id: 'slow', address: 'slow', weight: 1 }, { id: 'fast', address: 'fast', weight: 1 }];
    const balancer = createBalancer('round-robin', eps, { now: realClock.now });
    const cancelled: string[] = [];
    const sender: AttemptSender = {
      send(endpoint, _info, onAnswer: (a: AttemptAnswer) => void) {
        const t = setTimeout(() => onAnswer({ ok: true }), endpoint.id === 'slow' ? 2000 : 5);
        return () => {
          cancelled.push(endpoint.id);
          clearTimeout(t);
        };
      },
    };
    const layer = new PolicyLayer({ policy: { hedging: { maxAttempts: 2, delayMs: 20, nonFatal: [] } }, balancer, clock: realClock, sender, random: createSeededRandom(1) });
    const result = await new Promise<RequestResult>((resolve) => layer.request(undefined, (r) => resolve(copyResult(r))));
    assert.equal(result.ok, true);
    assert.deepEqual(result.attempts.map((a) => [a.endpoint, a.how]), [['slow', 'cancelled'], ['fast', 'answered']]);
    assert.deepEqual(cancelled, ['slow']);
    // At least the hedge delay and the fast server's 5 ms; far below the slow server's 2 s even on a loaded machine.
    assert.ok(result.latencyMs >= 20 && result.latencyMs < 1500, `latency ${result.latencyMs} ms`);
  });
});
