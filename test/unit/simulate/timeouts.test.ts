/** Client timeouts, and the invariant that every request sent gets exactly one answer, whatever the faults. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { FaultAction, ScenarioStep } from '../../../src/pools/types';
import { runSimulation } from '../../../src/simulate';
import { assertSound, poolOf } from './helpers';

describe('simulate: timeouts', function () {
  this.timeout(20_000);

  it('answers an overloaded server\'s requests as timeouts at the timeout, and ends a timeout after sending stops', () => {
    const out = runSimulation({
      pool: poolOf(2, { slots: 1, service: { type: 'constant', ms: 10 } }),
      strategy: 'round-robin',
      load: { model: 'open', rate: 400 }, // each server gets 200/s but serves 100/s
      durationMs: 5000,
      timeoutMs: 300,
      seed: 1,
    });
    assertSound(out);
    const r = out.result;
    assert.ok(r.totals.errorsByKind.timeout > 500, JSON.stringify(r.totals.errorsByKind));
    assert.ok(r.totals.latency.max <= 300 * 1.001, `max latency ${r.totals.latency.max}`);
    assert.ok(r.durationMs <= 5000 + 300 + 1, `run lasted ${r.durationMs} ms`);
    assert.equal(r.totals.requests, out.stats.sent);
    assert.equal(r.config.timeoutMs, 300);
  });
});

const ACTIONS: FaultAction[] = ['slow', 'fail', 'stall', 'recover', 'leave', 'join'];

describe('simulate: one answer per request under any faults', function () {
  this.timeout(20_000);

  it('holds for random scenarios, strategies, queue bounds and timeouts (fast-check, 20 runs)', () => {
    const step = fc.record({
      at: fc.integer({ min: 0, max: 3000 }),
      endpoint: fc.constantFrom('s1', 's2', 's3'),
      action: fc.constantFrom(...ACTIONS),
      value: fc.double({ min: 1, max: 20, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 8 }),
        fc.constantFrom('round-robin', 'least-connections', 'p2c-peak-ewma', 'least-load', 'consistent-hash'),
        fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
        fc.integer({ min: 20, max: 2000 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 1000 }),
        (raw, strategy, queue, timeoutMs, closed, seed) => {
          // Keep only steps that can happen in order (a server leaves before it joins).
          const away = new Set<string>();
          const scenario: ScenarioStep[] = [];
          for (const s of raw.slice().sort((a, b) => a.at - b.at)) {
            if (s.action === 'leave' && away.has(s.endpoint)) continue;
            if (s.action === 'join' && !away.has(s.endpoint)) continue;
            if (s.action === 'leave') away.add(s.endpoint);
            if (s.action === 'join') away.delete(s.endpoint);
            const value = s.action === 'slow' ? s.value : s.action === 'fail' ? s.value / 20 : s.action === 'stall' ? s.value * 50 : undefined;
            scenario.push({ at: s.at, endpoint: s.endpoint, action: s.action, ...(value !== undefined ? { value } : {}) });
          }
          const out = runSimulation({
            pool: poolOf(3, { slots: 2, service: { type: 'exponential', meanMs: 4 }, ...(queue !== undefined ? { queue } : {}) }),
            strategy,
            load: closed ? { model: 'closed', concurrency: 6, thinkTimeMs: 1 } : { model: 'open', rate: 900 },
            durationMs: 3000,
            warmupMs: 200,
            timeoutMs,
            outlierDetection: { consecutiveErrors: 3, baseEjectionTimeMs: 500 },
            scenario,
            seed,
          });
          assertSound(out);
          const t = out.result.totals;
          assert.equal(t.requests + (t.warmupRequests ?? 0), out.stats.sent, 'every request sent is answered once');
          // The histogram reports the highest value of a bucket: 3 significant digits.
          assert.ok(t.latency.max <= timeoutMs * 1.001 + 0.01 || t.requests === 0, `max ${t.latency.max} > timeout ${timeoutMs}`);
        },
      ),
      { numRuns: 20, seed: 20261126 },
    );
  });
});
