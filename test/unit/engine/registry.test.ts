import assert from 'node:assert/strict';
import { validateEndpoints } from '../../../src/engine/endpoints';
import { createBalancer, isStrategyName, strategies, strategyDefinition } from '../../../src/engine/registry';
import { STRATEGY_NAMES, type StrategyName } from '../../../src/engine/types';
import { endpoints } from './engine-helpers';

const MINE: StrategyName[] = ['round-robin', 'random', 'weighted-round-robin', 'weighted-random', 'least-connections', 'least-response-time', 'least-load', 'p2c-peak-ewma', 'least-request', 'pick-first'];

describe('registry', () => {
  it('creates each non-hash strategy by name, which picks and reports its name', () => {
    for (const name of MINE) {
      const b = createBalancer(name, endpoints(1, 2, 3), { random: () => 0.5, now: () => 0 });
      assert.equal(b.name, name);
      const p = b.pick()!;
      assert.ok(['a', 'b', 'c'].includes(p.endpoint.id));
      p.done({ latencyMs: 1, ok: true });
      assert.deepEqual(b.endpoints().map((e) => e.id), ['a', 'b', 'c']);
    }
  });

  it('wraps in outlier detection when asked, keeping the name', () => {
    const b = createBalancer('least-connections', endpoints(1, 1), { outlierDetection: true, now: () => 0 });
    assert.equal(b.name, 'least-connections');
    assert.throws(() => createBalancer('random', endpoints(1), { outlierDetection: { consecutiveErrors: 0 } }), /outlierDetection: consecutiveErrors must be at least 1, got 0/);
  });

  it('rejects an unknown name, listing the valid ones', () => {
    assert.throws(() => createBalancer('fastest' as StrategyName, endpoints(1)), /^ConfigError: strategy: unknown strategy "fastest" \(valid: round-robin, random, /);
    assert.throws(() => strategyDefinition('nope'), /unknown strategy "nope"/);
    assert.equal(isStrategyName('maglev'), true);
    assert.equal(isStrategyName('Maglev'), false);
  });

  it('describes all fourteen strategies in design order, with one-line summaries and option defaults', () => {
    assert.deepEqual(strategies.map((s) => s.name), [...STRATEGY_NAMES]);
    for (const s of strategies) {
      assert.ok(s.summary.length > 0 && !s.summary.includes('\n'), s.name);
      assert.equal(s.hashing, ['consistent-hash', 'bounded-load-hash', 'maglev', 'rendezvous'].includes(s.name), s.name);
      for (const o of s.options) assert.ok(o.name && o.description && o.default !== undefined, `${s.name}.${o.name}`);
    }
    const p2c = strategies.find((s) => s.name === 'p2c-peak-ewma')!;
    assert.deepEqual(p2c.options.map((o) => [o.name, o.default]), [['decayMs', 10_000], ['defaultLatencyMs', 30]]);
    assert.equal(strategies.find((s) => s.name === 'least-connections')!.feedback, true);
    assert.equal(strategies.find((s) => s.name === 'round-robin')!.feedback, false);
  });

  describe('endpoint validation', () => {
    const cases: [unknown[], RegExp][] = [
      [[{ id: '', address: 'x', weight: 1 }], /^round-robin: endpoints\[0\]\.id: must be a non-empty string, got ""$/],
      [[{ id: 'a', address: 'x' }, { id: 'a', address: 'y' }], /^round-robin: endpoints\[1\]\.id: duplicate id "a"$/],
      [[{ id: 'a', address: 'x', weight: -1 }], /^round-robin: endpoints\[0\]\.weight: must be a positive finite number, got -1$/],
      [[{ id: 'a', address: 'x', weight: Infinity }], /weight: must be a positive finite number, got Infinity/],
      [[{ id: 'a', weight: 1 }], /^round-robin: endpoints\[0\]\.address: must be a string, got nothing$/],
      [[null], /^round-robin: endpoints\[0\]: must be an object, got null$/],
    ];
    for (const [eps, message] of cases) {
      it(`rejects ${JSON.stringify(eps)}`, () => {
        assert.throws(() => createBalancer('round-robin', eps as never), (e: Error) => e.name === 'ConfigError' && message.test(e.message));
      });
    }

    it('defaults a missing weight to 1 and freezes its copies', () => {
      const [ep] = validateEndpoints('random', [{ id: 'a', address: 'x' } as never]);
      assert.equal(ep.weight, 1);
      assert.ok(Object.isFrozen(ep));
    });
  });
});
