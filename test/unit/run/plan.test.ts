import { strict as assert } from 'node:assert';
import { ConfigError } from '../../../src/engine/errors';
import { makePlan } from '../../../src/loadtest/plan';
import { LIMITS } from '../../../src/pools/limits';
import { parsePool } from '../../../src/pools/parse';
import { PoolErrors } from '../../../src/pools/problems';
import type { Pool } from '../../../src/pools/types';
import type { RunSpec } from '../../../src/run/types';
import { planSimulation } from '../../../src/simulate';

const pool = parsePool({
  name: 'p',
  transport: 'http',
  strategy: 'maglev',
  strategyOptions: { tableSize: 251 },
  endpoints: [
    { id: 'a', address: 'http://127.0.0.1:1' },
    { id: 'b', address: 'http://127.0.0.1:2', weight: 2 },
  ],
});
const closed = { model: 'closed', concurrency: 2 } as const;

/** Both planners' problems for `spec`, as `path: problem` lines. */
function problems(spec: Partial<RunSpec> & Record<string, unknown>): { live: string[]; simulated: string[] } {
  const of = (plan: () => unknown): string[] => {
    try {
      plan();
      return [];
    } catch (e) {
      assert.ok(e instanceof ConfigError, `not a ConfigError: ${String(e)}`);
      return e instanceof PoolErrors ? e.errors.map((x) => x.message) : [e.message];
    }
  };
  const full = { pool, load: closed, durationMs: 1000, ...spec } as RunSpec;
  return { live: of(() => makePlan(full)), simulated: of(() => planSimulation(full)) };
}

function throwsMessage(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: Error) => e instanceof ConfigError && message.test(e.message));
}

function rejectsBoth(spec: Partial<RunSpec> & Record<string, unknown>, message: RegExp): void {
  const { live, simulated } = problems(spec);
  assert.ok(live.some((m) => message.test(m)), `live: ${JSON.stringify(live)}`);
  assert.deepEqual(simulated, live, 'a load test and a simulation report the same problems');
}

describe('planRun: one plan for load tests and simulations', () => {
  describe('which strategy options apply (one rule)', () => {
    it('gives the pool\'s options to the pool\'s own strategy only, live and simulated alike', () => {
      for (const plan of [makePlan, planSimulation]) {
        assert.deepEqual(plan({ pool, load: closed, durationMs: 1000 }).strategyOptions, { tableSize: 251 });
        assert.deepEqual(plan({ pool, strategy: 'maglev', load: closed, durationMs: 1000 }).strategyOptions, { tableSize: 251 });
        assert.deepEqual(plan({ pool, strategy: 'round-robin', load: closed, durationMs: 1000 }).strategyOptions, {});
        assert.deepEqual(plan({ pool, strategy: 'maglev', strategyOptions: { tableSize: 7 }, load: closed, durationMs: 1000 }).strategyOptions, { tableSize: 7 });
      }
    });
  });

  describe('a client policy', () => {
    it('is checked and kept in the plan, live and simulated alike, with no note (both apply it)', () => {
      for (const plan of [makePlan, planSimulation]) {
        const planned = plan({ pool, load: closed, durationMs: 1000, policy: { deadline: '2s', retry: { maxAttempts: 3 } } } as RunSpec);
        assert.equal(planned.policy?.deadlineMs, 2000);
        assert.ok(!planned.notes.some((n) => n.startsWith('policy')), planned.notes.join(' | '));
        assert.ok(!plan({ pool, load: closed, durationMs: 1000 }).notes.some((n) => n.startsWith('policy')));
      }
    });
  });

  describe('the same plan, whichever runs it', () => {
    it('fills the same defaults', () => {
      const live = makePlan({ pool, load: closed, durationMs: 1000, seed: 3 });
      const sim = planSimulation({ pool, load: closed, durationMs: 1000, seed: 3 });
      const { kind: k1, workers: _w, baseDir: _b, ...a } = live;
      const { kind: k2, servers: _s, ...b } = sim;
      assert.deepEqual([k1, k2], ['loadtest', 'simulation']);
      assert.deepEqual(a, b);
      assert.deepEqual([a.timeoutMs, a.warmupMs, a.intervalMs, a.notes], [10_000, 0, 1000, []]);
    });

    it('lets the pool\'s key drive simulations and a key space drive load tests', () => {
      const keyed = { ...pool, key: 'user-{seq % 10}' } as Pool;
      assert.equal(planSimulation({ pool: keyed, load: closed, requests: 10 }).key, 'user-{seq % 10}');
      assert.deepEqual(makePlan({ pool, load: closed, durationMs: 1000, key: { space: 100, skew: { zipf: 1 } } }).key, { space: 100, skew: { zipf: 1 } });
    });

    it('only simulations have a default bound', () => {
      assert.equal(planSimulation({ pool, load: closed }).requests, 100_000);
      assert.deepEqual(problems({ durationMs: undefined }).live, ['durationMs: a run needs a bound: durationMs and/or requests']);
    });
  });

  describe('rejects, with the field\'s path and the same message in both', () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['a config that is not an object', { load: 'fast' }, /^load: expected an object, got "fast"$/],
      ['concurrency 0', { load: { model: 'closed', concurrency: 0 } }, /^load\.concurrency: must be at least 1, got 0$/],
      ['a rate of 1e9', { load: { model: 'open', rate: 1e9 } }, new RegExp(`^load\\.rate: must be at most ${LIMITS.rate}, got 1000000000$`)],
      ['a concurrency of 1e9', { load: { model: 'closed', concurrency: 1e9 } }, new RegExp(`^load\\.concurrency: must be at most ${LIMITS.concurrency}, got 1000000000$`)],
      ['maxInFlight over its bound', { load: { model: 'open', rate: 10, maxInFlight: 1e12 } }, /^load\.maxInFlight: must be at most 1000000/],
      ['a missing rate', { load: { model: 'open' } }, /^load\.rate: required for the open model/],
      ['an unknown load field', { load: { model: 'open', rate: 5, burst: 3 } }, /^load\.burst: unknown field/],
      ['an unknown model', { load: { model: 'half-open' } }, /^load\.model: expected one of open, closed, got "half-open"$/],
      ['a 1000 h duration (over the timers\' 2^31 ms)', { durationMs: 3.6e9 }, /^durationMs: must be at most 2147483647, got 3600000000$/],
      ['a 1000 h warmup', { warmupMs: 3.6e9 }, /^warmupMs: must be at most 2147483647/],
      ['a zero timeout', { timeoutMs: 0 }, /^timeoutMs: must be greater than 0, got 0$/],
      ['an unknown strategy', { strategy: 'fastest' }, /^strategy: unknown strategy "fastest"/],
      ['bad strategy options', { strategy: 'maglev', strategyOptions: { tableSize: 8 } }, /maglev: tableSize/],
      ['a bad seed', { seed: Number.NaN }, /^seed: expected a number, got NaN$/],
      ['a bad key template', { key: 'u-{nope}' }, /^key: unknown placeholder "\{nope\}"/],
      ['a key space of 0', { key: { space: 0 } }, /^key\.space: must be at least 1, got 0$/],
      ['a scenario endpoint that is not in the pool', { scenario: [{ at: 0, endpoint: 'zz', action: 'remove' }] }, /^scenario\[0\]\.endpoint: no endpoint "zz"/],
      ['a scenario step after the end of the run', { scenario: [{ at: 5000, endpoint: 'a', action: 'remove' }] }, /^scenario\[0\]\.at: 5000 ms is after the run ends \(1000 ms\)/],
      ['an add of an endpoint never removed', { scenario: [{ at: 0, endpoint: 'a', action: 'add' }] }, /^scenario\[0\]\.action: "a" cannot be added at 0 ms/],
      ['a coldJoin of an endpoint never removed', { scenario: [{ at: 0, endpoint: 'a', action: 'coldJoin' }] }, /^scenario\[0\]\.action: "a" cannot join at 0 ms: it is in the balancer/],
      ['a coldJoin factor below 1', { scenario: [{ at: 0, endpoint: 'a', action: 'remove' }, { at: 0, endpoint: 'a', action: 'coldJoin', value: 0.5 }] }, /^scenario\[1\]\.value: must be at least 1, got 0\.5$/],
      ['a coldJoin warm-up of 0 ms', { scenario: [{ at: 0, endpoint: 'a', action: 'remove' }, { at: 0, endpoint: 'a', action: 'coldJoin', forMs: 0 }] }, /^scenario\[1\]\.forMs: must be greater than 0, got 0$/],
      ['forMs on a slow step', { scenario: [{ at: 0, endpoint: 'a', action: 'slow', value: 2, forMs: 5 }] }, /^scenario\[0\]\.forMs: only coldJoin takes forMs, got it on "slow"$/],
    ];
    for (const [what, extra, message] of cases) {
      it(what, () => rejectsBoth(extra, message));
    }

    it('a hand-built pool with unbounded weights, a missing id or no endpoints', () => {
      const bad = { name: 'x', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1', weight: 1e300 }, { address: 'http://127.0.0.1:2', weight: 1 }] } as unknown as Pool;
      rejectsBoth({ pool: bad }, new RegExp(`^pool\\.endpoints\\[0\\]\\.weight: must be at most ${LIMITS.weight}, got 1e\\+300$`));
      rejectsBoth({ pool: bad }, /^pool\.endpoints\[1\]\.id: expected a non-empty string, got nothing$/);
      rejectsBoth({ pool: { name: 'x', transport: 'http', endpoints: [] } as unknown as Pool }, /^pool\.endpoints: expected at least one endpoint/);
      rejectsBoth({ pool: 'pool.json' as never }, /^pool: expected a pool \(as parsePool returns it\), got "pool\.json"$/);
    });

    it('reports every problem at once', () => {
      const { live } = problems({ load: { model: 'open', rate: -1 }, durationMs: -5, seed: 'x', strategy: 'nope' } as never);
      assert.deepEqual(live.map((m) => m.split(':')[0]), ['strategy', 'load.rate', 'durationMs', 'seed']);
    });
  });

  describe('load-test only', () => {
    it('needs the pool\'s control address for server-side faults (a simulation does not)', () => {
      const spec = { pool, load: closed, durationMs: 1000, scenario: [{ at: 0, endpoint: 'a', action: 'slow' as const, value: 2 }] };
      throwsMessage(() => makePlan(spec), /^scenario\[0\]\.action: "slow" is a server-side fault and needs the pool's "control" address/);
      assert.equal(planSimulation(spec).scenario.length, 1);
    });

    it('bounds workers and the timeline interval', () => {
      throwsMessage(() => makePlan({ pool, load: closed, durationMs: 1000, workers: 65 }), /^workers: must be at most 64, got 65$/);
      throwsMessage(() => makePlan({ pool, load: closed, durationMs: 1000, intervalMs: 5 }), /^intervalMs: must be at least 10, got 5$/);
      assert.equal(planSimulation({ pool, load: closed, durationMs: 1000, intervalMs: 5 }).intervalMs, 5);
    });
  });

  describe('a timeline too big to hold', () => {
    it('is coarsened to a round interval, with a note in the plan and the result', () => {
      const endpoints = Array.from({ length: 5000 }, (_, i) => ({ id: `s${i}`, address: `http://127.0.0.1:${1000 + i}`, weight: 1 }));
      const big = { name: 'big', transport: 'http', endpoints } as Pool;
      const plan = makePlan({ pool: big, load: closed, durationMs: 60_000, intervalMs: 10 });
      // 6,000 intervals x 5,000 endpoints = 30M cells; at most 2M: 60 s x 5000 / 2M = 150 ms, rounded up to 200.
      assert.equal(plan.intervalMs, 200);
      assert.deepEqual(plan.notes, ['timeline interval 10 ms coarsened to 200 ms: 6000 intervals x 5000 endpoints would be more than 2000000 cells']);
    });
  });
});
